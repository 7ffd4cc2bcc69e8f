"use client";

/**
 * Two runs side by side (UI.md Model detail → Compare), chart first.
 * e2e: chart figure data-testid="compare-chart"; paired table compare-paired (rows compare-paired-row,
 *   data-metric, data-decision = b_better|a_better|no_detectable_difference); why there is no paired
 *   test compare-unpaired-reason; run columns compare-columns (rows compare-column-row data-key);
 *   config compare-config (rows compare-config-row data-key, data-same) with the switch
 *   compare-differences-only.
 */
import { PAIRED_DECISION_TEXT } from "@fieldtest/core";
import Link from "next/link";
import { type ReactNode, useState } from "react";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { Section, tableClass, tdClass, thClass } from "~/components/ui/section";
import { type RunStatus, StatusBadge } from "~/components/ui/status-badge";
import { formatCount, formatMetric } from "~/lib/format";
import { CompareChart } from "./compare-chart";
import { type Comparison, formatPValue, signed, TEST_NAMES } from "./compare-data";
import { CopyCell } from "./copy-cell";

type Column = Comparison["a"];
type Metric = Column["metrics"][number];

const percent = (level: number) => `${Math.round(level * 1000) / 10}%`;

function metricCell(m: Metric | null): ReactNode {
  if (!m) return <span className="text-muted-foreground">—</span>;
  return (
    <>
      {formatMetric(m.value)}
      {m.lower !== null && m.upper !== null && (
        <span className="text-muted-foreground">
          {" "}
          [{formatMetric(m.lower)}, {formatMetric(m.upper)}]
        </span>
      )}
      <span className="text-muted-foreground"> n {formatCount(m.n)}</span>
    </>
  );
}

export function CompareView({ comparison }: { comparison: Comparison }) {
  const { a, b, paired } = comparison;
  const [differencesOnly, setDifferencesOnly] = useState(true);
  const configRows = differencesOnly ? comparison.config.filter((r) => !r.same) : comparison.config;
  const runLabel = (c: Column) => `${c.modelVersion.model.name} ${c.modelVersion.version}`;

  return (
    <div className="flex flex-col gap-6">
      <Section
        title="Difference B − A"
        id="compare-difference"
        description={
          paired
            ? `Paired on the ${formatCount(paired.n)} test rows both runs scored (joined by row id); decisions at α = ${formatMetric(paired.alpha)}.`
            : "The runs cannot be paired: only the point differences are drawn; compare the intervals side by side below."
        }
      >
        <CompareChart comparison={comparison} />
      </Section>

      <Section title="Paired test" id="compare-paired">
        {paired ? (
          <>
            <table className={tableClass} data-testid="compare-paired">
              <thead>
                <tr>
                  <th className={thClass}>Metric</th>
                  <th className={`${thClass} text-right`}>A</th>
                  <th className={`${thClass} text-right`}>B</th>
                  <th className={`${thClass} text-right`}>B − A [{percent(paired.level)} CI]</th>
                  <th className={`${thClass} text-right`}>p-value</th>
                  <th className={thClass}>Test</th>
                  <th className={thClass}>Decision</th>
                </tr>
              </thead>
              <tbody>
                {paired.metrics.map((m) => (
                  <tr key={m.metric} data-testid="compare-paired-row" data-metric={m.metric} data-decision={m.decision}>
                    <td className={`${tdClass} font-mono text-xs`}>{m.metric}</td>
                    <td className={`${tdClass} tabular text-right`}>{formatMetric(m.a)}</td>
                    <td className={`${tdClass} tabular text-right`}>{formatMetric(m.b)}</td>
                    <td className={`${tdClass} tabular text-right`}>
                      {signed(m.difference)}{" "}
                      <span className="text-muted-foreground">
                        [{formatMetric(m.lower)}, {formatMetric(m.upper)}]
                      </span>
                    </td>
                    <td className={`${tdClass} tabular text-right`}>{formatPValue(m.pValue)}</td>
                    <td className={tdClass}>{TEST_NAMES[m.test]}</td>
                    <td className={tdClass}>
                      {PAIRED_DECISION_TEXT[m.decision]}
                      {m.note && <span className="block text-xs text-muted-foreground">{m.note}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="mt-2 text-xs text-muted-foreground">
              McNemar table at threshold {paired.threshold}: only A correct {paired.mcnemar.onlyACorrect}, only B
              correct {paired.mcnemar.onlyBCorrect}, both {paired.mcnemar.bothCorrect}, neither{" "}
              {paired.mcnemar.bothWrong}. Bootstrap: {paired.resamples} replicates (seed {paired.seed}), {paired.valid}{" "}
              valid, {paired.redraws} redrawn. Metrics without a named test are decided by whether the paired interval
              excludes 0; p-values are per metric, not corrected across metrics.
            </p>
          </>
        ) : (
          <p role="status" data-testid="compare-unpaired-reason" className="text-muted-foreground">
            No paired test: {comparison.unpairedReason}
          </p>
        )}
      </Section>

      <Section title="Runs" id="compare-runs" description="One column per run; metrics on each run's own test rows.">
        <ScrollRegion label="Paired comparison">
          <table className={tableClass} data-testid="compare-columns">
            <thead>
              <tr>
                <th className={`${thClass} sticky left-0 bg-surface`} />
                {[a, b].map((c, i) => (
                  <th key={c.id} className={thClass}>
                    {i === 0 ? "A" : "B"} ·{" "}
                    <Link href={`/runs/${c.id}`} className="font-mono text-primary hover:underline">
                      {c.id.slice(0, 8)}
                    </Link>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <Row
                label="Version"
                values={[a, b].map((c) => (
                  <Link key={c.id} href={`/models/${c.modelVersion.model.id}`} className="text-primary hover:underline">
                    {runLabel(c)}
                  </Link>
                ))}
              />
              <Row
                label="Benchmark"
                values={[a, b].map((c) => (c.benchmark ? `${c.benchmark.name} v${c.benchmark.version}` : "—"))}
              />
              <Row
                label="Status"
                values={[a, b].map((c) => <StatusBadge key={c.id} status={c.status as RunStatus} />)}
              />
              <Row label="Seed" values={[a, b].map((c) => <CopyCell key={c.id} value={String(c.seed)} />)} />
              <Row label="Dataset hash" values={[a, b].map((c) => <CopyCell key={c.id} value={c.datasetHash} />)} />
              <Row label="Config hash" values={[a, b].map((c) => <CopyCell key={c.id} value={c.configHash} />)} />
              <Row label="Code version" values={[a, b].map((c) => <CopyCell key={c.id} value={c.codeVersion} />)} />
              {comparison.metrics.map((m) => (
                <Row key={m.metric} label={m.metric} mono values={[metricCell(m.a), metricCell(m.b)]} />
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </Section>

      <Section title="Config" id="compare-config" description="The frozen protocols the runs executed.">
        <label className="mb-3 flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            role="switch"
            aria-checked={differencesOnly}
            checked={differencesOnly}
            onChange={(e) => setDifferencesOnly(e.target.checked)}
            data-testid="compare-differences-only"
          />
          Differences only ({comparison.config.filter((r) => !r.same).length} of {comparison.config.length})
        </label>
        <ScrollRegion label="Runs side by side">
          <table className={tableClass} data-testid="compare-config">
            <thead>
              <tr>
                <th className={`${thClass} sticky left-0 bg-surface`}>Setting</th>
                <th className={thClass}>A</th>
                <th className={thClass}>B</th>
              </tr>
            </thead>
            <tbody>
              {configRows.length === 0 ? (
                <tr>
                  <td colSpan={3} className={`${tdClass} text-muted-foreground`}>
                    The configs are identical.
                  </td>
                </tr>
              ) : (
                configRows.map((r) => (
                  <tr key={r.key} data-testid="compare-config-row" data-key={r.key} data-same={r.same}>
                    <td className={`${tdClass} sticky left-0 bg-surface font-mono text-xs`}>{r.key}</td>
                    <td className={`${tdClass} break-all font-mono text-xs ${r.same ? "" : "font-semibold"}`}>
                      {r.a ?? "—"}
                    </td>
                    <td className={`${tdClass} break-all font-mono text-xs ${r.same ? "" : "font-semibold"}`}>
                      {r.b ?? "—"}
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </ScrollRegion>
      </Section>
    </div>
  );
}

function Row({ label, values, mono = false }: { label: string; values: ReactNode[]; mono?: boolean }) {
  return (
    <tr data-testid="compare-column-row" data-key={label}>
      <th scope="row" className={`${thClass} sticky left-0 bg-surface text-left ${mono ? "font-mono" : ""}`}>
        {label}
      </th>
      {values.map((v, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the two run columns
        <td key={i} className={`${tdClass} tabular`}>
          {v}
        </td>
      ))}
    </tr>
  );
}
