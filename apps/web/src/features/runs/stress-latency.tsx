"use client";

import { ScrollRegion } from "~/components/ui/scroll-region";
import { tableClass, tdClass, thClass } from "~/components/ui/section";
import { formatCount, formatMetric } from "~/lib/format";
import { formatDelta, formatMs, type Latency, type Stress, stressScenariosWorstFirst } from "./run-results-view";
import { StressChart } from "./stress-chart";

const KIND_WORDS: Record<string, string> = {
  gaussian_noise: "Gaussian noise",
  missing_values: "missing values",
  category_swap: "category swaps",
  shift: "shift",
};

/**
 * Stress scenarios (UI.md, grouped like a test suite): the lead metric's degradation per scenario
 * as a chart first (StressChart), then each scenario's metrics on perturbed test features against
 * the clean ones, scenarios with a worse metric first; what each perturbation
 * changed is a collapsed detail.
 */
export function StressTable({ stress }: { stress: Stress }) {
  return (
    <div data-testid="run-stress" className="flex flex-col gap-4">
      <StressChart stress={stress} kindWords={(kind) => KIND_WORDS[kind] ?? kind} />
      {stressScenariosWorstFirst(stress).map((scenario) => {
        const worse = scenario.metrics.some((m) => m.worse === true);
        return (
          <details
            key={scenario.name}
            open={worse}
            data-testid="run-stress-scenario"
            data-scenario={scenario.name}
            className="rounded-md border"
          >
            <summary className="cursor-pointer px-3 py-2 text-sm">
              <span className="font-medium">{scenario.name}</span>
              <span className="ml-2 text-xs text-muted-foreground">
                {scenario.perturbations.map((p) => KIND_WORDS[p.kind] ?? p.kind).join(" → ")} ·{" "}
                {worse ? "some metrics worse than on clean rows" : "no metric worse than on clean rows"}
              </span>
            </summary>
            <ScrollRegion label="Stress scenario metrics" className="px-3 pb-3">
              <table className={tableClass}>
                <thead>
                  <tr>
                    <th className={thClass}>Metric</th>
                    <th className={`${thClass} text-right`}>Clean</th>
                    <th className={`${thClass} text-right`}>Stressed</th>
                    <th className={`${thClass} text-right`}>Δ (stressed − clean)</th>
                  </tr>
                </thead>
                <tbody>
                  {scenario.metrics.map((m) => (
                    <tr
                      key={m.metric}
                      data-testid="run-stress-row"
                      data-metric={m.metric}
                      data-worse={m.worse ? "true" : undefined}
                    >
                      <td className={`${tdClass} font-mono text-xs`}>{m.metric}</td>
                      <td className={`${tdClass} tabular text-right`}>{formatMetric(m.baseline)}</td>
                      <td className={`${tdClass} tabular text-right`} title={m.problem}>
                        {formatMetric(m.stressed)}
                      </td>
                      <td className={`${tdClass} tabular text-right`}>
                        {formatDelta(m.delta)}
                        {m.worse === true && <span className="ml-1 text-xs text-muted-foreground">(worse)</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="mt-2 text-xs text-muted-foreground">
                Changed cells:{" "}
                {scenario.changes.length === 0
                  ? "none"
                  : scenario.changes
                      .map(
                        (c) =>
                          `${c.column} ${formatCount(c.changed)} of ${formatCount(c.present)} (${KIND_WORDS[c.kind] ?? c.kind})`,
                      )
                      .join("; ")}
                . n = {formatCount(stress.n)} test rows.
              </p>
            </ScrollRegion>
          </details>
        );
      })}
      <p className="text-xs text-muted-foreground">Perturbations are seeded by the run: {stress.seeding}.</p>
    </div>
  );
}

/** Per-call latency of an endpoint run (one call = one batch of rows). */
export function LatencyPanel({ latency }: { latency: Latency }) {
  const cells = [
    { key: "p50", label: "p50 latency", value: formatMs(latency.p50Ms) },
    { key: "p95", label: "p95 latency", value: formatMs(latency.p95Ms) },
    { key: "p99", label: "p99 latency", value: formatMs(latency.p99Ms) },
    { key: "max", label: "max latency", value: formatMs(latency.maxMs) },
    { key: "calls", label: "calls", value: formatCount(latency.calls) },
    { key: "rows", label: "rows scored", value: formatCount(latency.rows) },
  ];
  return (
    <div data-testid="run-latency">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-6">
        {cells.map((c) => (
          <div key={c.key} data-latency={c.key}>
            <dt className="text-xs text-muted-foreground">{c.label}</dt>
            <dd className="tabular font-medium">{c.value}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-2 text-xs text-muted-foreground">
        {latency.protocol} endpoint, mean {formatMs(latency.meanMs)} per call of about{" "}
        {formatCount(Math.round(latency.rows / Math.max(1, latency.calls)))} rows.
      </p>
    </div>
  );
}
