"use client";

/**
 * Evaluation run detail, polling while the run is queued or running.
 * e2e: status badge data-testid="run-status" (attribute data-status = queued|running|succeeded|failed|cancelled),
 *   progress bar role="progressbar" data-testid="run-progress" (aria-valuenow 0–100),
 *   reproducibility values run-seed, run-dataset-hash, run-config-hash, run-code-version,
 *   metrics table data-testid="run-metrics" (rows data-testid="run-metric-row", data-metric=<name>),
 *   chart data-testid="run-metrics-chart", failure text data-testid="run-error".
 * Actions: run-cancel (queued/running), run-rerun (ended), refusal text run-action-error;
 *   cancelled banner run-cancelled; "re-run of" link run-rerun-of.
 * Results (succeeded runs), each a <figure> with "View as table":
 *   calibration run-reliability (or run-reliability-empty);
 *   discrimination run-roc, run-pr (or run-roc-empty, run-pr-empty);
 *   decisions run-confusion (cells data-cell = tp|fn|fp|tn), run-costs (rows run-cost-row,
 *     data-threshold = stated|optimal) with run-cost-curve, or run-costs-empty;
 *   rolling backtests run-folds (rows run-fold-row data-fold=<0-based>, mean run-fold-mean), run-folds-chart;
 *   slices run-slices (per column run-slice-column data-column; rows run-slice-row data-slice,
 *     data-worst="true" on the worst slice, data-insufficient="true" on small ones), or run-slices-empty;
 *   stress run-stress (scenarios run-stress-scenario data-scenario; rows run-stress-row data-metric,
 *     data-worse="true"), or run-stress-empty;
 *   endpoint latency run-latency (cells data-latency = p50|p95|p99|max|calls|rows), or run-latency-empty;
 *   hidden holdout note run-holdout-note (its score is never shown here).
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ProgressBar } from "~/components/ui/progress-bar";
import { Section, tableClass, tdClass, thClass } from "~/components/ui/section";
import { StatusBadge } from "~/components/ui/status-badge";
import { type PairedMetric, signed } from "~/features/compare/compare-data";
import { CompareWith } from "~/features/compare/compare-with";
import { LocalTime } from "~/features/shared/local-time";
import { formatCount, formatMetric } from "~/lib/format";
import type { RouterOutputs } from "~/server/api/root";
import { useTRPC } from "~/trpc/react";
import { CopyValue } from "./copy-value";
import { MetricsChart } from "./metrics-chart";
import { RunActions } from "./run-actions";
import { RunResultsSections } from "./run-results-sections";

type Run = RouterOutputs["run"]["byId"];

const isActive = (status: Run["status"]) => status === "queued" || status === "running";
const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

export function RunView({ initial }: { initial: Run }) {
  const trpc = useTRPC();
  const { data: run, isRefetchError } = useQuery(
    trpc.run.byId.queryOptions(
      { runId: initial.id },
      {
        initialData: initial,
        // Live while the worker works on it; stops once the run is final.
        refetchInterval: (query) => (query.state.data && isActive(query.state.data.status) ? 1000 : false),
        refetchIntervalInBackground: false,
      },
    ),
  );
  const progress = Math.round(Math.min(1, Math.max(0, run.progress)) * 100);
  const model = run.modelVersion.model;
  // Intervals arrive with the evaluation core; until a metric has one, a column of "—" says nothing.
  const showInterval = run.metricValues.some((m) => m.lower !== null && m.upper !== null);
  const vsProduction = run.vsProduction;
  const pairedByMetric = vsProduction?.paired
    ? new Map<string, PairedMetric>(vsProduction.paired.metrics.map((m) => [m.metric, m]))
    : null;
  // The benchmark protocol sets the level (95% unless it says otherwise).
  const intervalLevel = run.metricValues.find((m) => m.level !== null)?.level ?? 0.95;

  return (
    <div className="flex flex-col gap-6">
      <div className="rounded-lg border bg-surface p-4">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-4">
          <Item label="Kind">{run.kind}</Item>
          <Item label="Version">
            <Link href={`/models/${model.id}`} className="text-primary hover:underline">
              {model.name} {run.modelVersion.version}
            </Link>
          </Item>
          <Item label="Benchmark">{run.benchmark ? `${run.benchmark.name} v${run.benchmark.version}` : "—"}</Item>
          <Item label="Status">
            <StatusBadge status={run.status} testId="run-status" />
          </Item>
          <Item label="Created">
            <LocalTime value={run.createdAt} />
          </Item>
          <Item label="Started">{run.startedAt ? <LocalTime value={run.startedAt} /> : "—"}</Item>
          <Item label="Finished">{run.finishedAt ? <LocalTime value={run.finishedAt} /> : "—"}</Item>
          <Item label="Attempts">{run.attempts}</Item>
        </dl>
        <div className="mt-4 flex flex-wrap items-center justify-between gap-2">
          <RunActions runId={run.id} status={run.status} />
          {run.status === "succeeded" && run.benchmark && <CompareWith runId={run.id} />}
          {run.rerunOf && (
            <p className="text-xs text-muted-foreground">
              Re-run of{" "}
              <Link
                href={`/runs/${run.rerunOf.id}`}
                className="font-mono text-primary hover:underline"
                data-testid="run-rerun-of"
              >
                {run.rerunOf.id.slice(0, 8)}
              </Link>
            </p>
          )}
        </div>
        <div className="mt-4">
          <div className="mb-1 flex justify-between text-xs text-muted-foreground">
            <span id="run-progress-label">Progress</span>
            <span className="tabular">{progress}%</span>
          </div>
          <ProgressBar
            percent={progress}
            labelledBy="run-progress-label"
            testId="run-progress"
            tone={
              run.status === "failed"
                ? "fail"
                : run.status === "succeeded"
                  ? "pass"
                  : run.status === "cancelled"
                    ? "muted"
                    : "running"
            }
          />
          {isRefetchError && (
            <p role="status" className="mt-1 text-xs text-insufficient">
              Could not refresh the status; retrying…
            </p>
          )}
        </div>
      </div>

      <Section
        title="Reproducibility"
        id="reproducibility"
        description="Everything needed to run this evaluation again."
      >
        <dl className="grid gap-3 sm:grid-cols-2">
          <CopyValue label="Seed" value={String(run.seed)} testId="run-seed" />
          <CopyValue label="Code version" value={run.codeVersion} testId="run-code-version" />
          <CopyValue label="Dataset hash (sha256)" value={run.datasetHash} testId="run-dataset-hash" />
          <CopyValue label="Config hash (sha256)" value={run.configHash} testId="run-config-hash" />
        </dl>
      </Section>

      {run.status === "failed" && (
        <div role="alert" data-testid="run-error" className="rounded-lg border border-fail/40 bg-fail/10 p-4">
          <p className="font-medium text-fail">The run failed</p>
          <p className="mt-1 whitespace-pre-wrap">{run.error ?? "No error message was recorded."}</p>
        </div>
      )}

      {run.status === "cancelled" && (
        <div role="status" data-testid="run-cancelled" className="rounded-lg border p-4">
          <p className="font-medium">The run was cancelled</p>
          <p className="mt-1 text-muted-foreground">
            It stopped without results
            {run.cancelledAt ? (
              <>
                {" "}
                at <LocalTime value={run.cancelledAt} />
              </>
            ) : null}
            . Re-run it to evaluate the same frozen protocol again.
          </p>
        </div>
      )}

      {run.status === "succeeded" && (
        <Section
          title="Metrics"
          id="metrics"
          description={`${
            run.protocol.splitKind === "rolling"
              ? `Mean across the ${run.protocol.folds ?? ""} folds of the rolling backtest (per-fold intervals below)`
              : "Whole test set"
          }${run.benchmark?.threshold != null ? `, threshold ${run.benchmark.threshold}` : ""}${
            run.protocol.hiddenHoldout
              ? `, without the hidden holdout (${percent(run.protocol.hiddenHoldout.fraction)} of the test rows)`
              : ""
          }.`}
        >
          {run.metricValues.length === 0 ? (
            <p className="text-muted-foreground">The run recorded no metric values.</p>
          ) : (
            <div className="grid items-start gap-6 lg:grid-cols-[1fr_1fr]">
              <div className="flex min-w-0 flex-col gap-2">
                {vsProduction && (
                  <p className="text-xs text-muted-foreground" data-testid="run-vs-production">
                    {vsProduction.paired
                      ? `Δ vs production: this run − production ${vsProduction.version}'s run on the same ${formatCount(vsProduction.paired.n)} test rows, ${Math.round(vsProduction.paired.level * 1000) / 10}% paired bootstrap interval. `
                      : `No paired difference with production ${vsProduction.version}: ${vsProduction.unpairedReason ?? "the runs cannot be paired"}. `}
                    <Link href={`/compare?a=${vsProduction.runId}&b=${run.id}`}>Open the comparison</Link>
                  </p>
                )}
                <table className={tableClass} data-testid="run-metrics">
                  <thead>
                    <tr>
                      <th className={thClass}>Metric</th>
                      <th className={`${thClass} text-right`}>Value</th>
                      {showInterval && (
                        <th className={`${thClass} text-right`}>{Math.round(intervalLevel * 1000) / 10}% CI</th>
                      )}
                      <th className={`${thClass} text-right`}>n</th>
                      {pairedByMetric && <th className={`${thClass} text-right`}>Δ vs production</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {run.metricValues.map((m) => (
                      <tr key={m.metric} data-testid="run-metric-row" data-metric={m.metric}>
                        <td className={`${tdClass} font-mono text-xs`}>{m.metric}</td>
                        <td className={`${tdClass} tabular text-right`}>{formatMetric(m.value)}</td>
                        {showInterval && (
                          <td className={`${tdClass} tabular text-right text-muted-foreground`}>
                            {m.lower !== null && m.upper !== null
                              ? `${formatMetric(m.lower)} – ${formatMetric(m.upper)}`
                              : "—"}
                          </td>
                        )}
                        <td className={`${tdClass} tabular text-right`}>{formatCount(m.n)}</td>
                        {pairedByMetric && (
                          <td className={`${tdClass} tabular text-right`} data-testid="run-metric-delta">
                            {deltaText(pairedByMetric.get(m.metric))}
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <MetricsChart metrics={run.metricValues} />
            </div>
          )}
        </Section>
      )}

      {run.status === "succeeded" && <RunResultsSections run={run} />}
    </div>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}

/** "+0.105 [0.093, 0.118] · B better" for a paired difference with production; "—" without one. */
function deltaText(m: PairedMetric | undefined): string {
  if (!m) return "—";
  const verdict =
    m.decision === "no_detectable_difference"
      ? "no detectable difference"
      : m.decision === "b_better"
        ? "better"
        : "worse";
  return `${signed(m.difference)} [${formatMetric(m.lower)}, ${formatMetric(m.upper)}] · ${verdict}`;
}
