import type { RouterOutputs } from "~/server/api/root";

/** The public results of a run as the run page receives them (see packages/db/src/runs/run-results.ts). */
export type RunResults = RouterOutputs["run"]["byId"]["results"];
export type Curves = NonNullable<RunResults["curves"]>;
export type Reliability = NonNullable<RunResults["reliability"]>;
export type Confusion = NonNullable<RunResults["confusion"]>;
export type Costs = NonNullable<RunResults["costs"]>;
export type Slices = NonNullable<RunResults["slices"]>;
export type SliceColumn = Slices["columns"][number];
export type StoredSlice = SliceColumn["slices"][number];
export type Folds = NonNullable<RunResults["folds"]>;
export type Stress = NonNullable<RunResults["stress"]>;
export type Latency = NonNullable<RunResults["latency"]>;

/** Metrics where lower is better (the rest: higher is better), as core's METRIC_DIRECTION says. */
const LOWER_IS_BETTER = new Set(["log_loss", "brier_score", "ece", "mae", "rmse", "mape"]);
export const lowerIsBetter = (metric: string) => LOWER_IS_BETTER.has(metric);

/** One point per non-empty reliability bin (empty bins omitted, never drawn as 0), by mean predicted probability. */
export function reliabilityPoints(bins: NonNullable<Reliability["bins"]>) {
  return bins
    .filter((b) => !b.empty && b.meanPredicted !== null && b.observedRate !== null)
    .map((b) => ({
      bin: b.bin,
      predicted: b.meanPredicted as number,
      observed: b.observedRate as number,
      count: b.count,
    }));
}

/** Slices of one column ordered worst first by `metric` (slices without a value last, insufficient ones after sufficient). */
export function slicesWorstFirst(column: SliceColumn, metric: string): StoredSlice[] {
  const metricOf = (s: StoredSlice) => s.metrics.find((m) => m.metric === metric)?.value ?? null;
  const lower = lowerIsBetter(metric);
  return [...column.slices].sort((a, b) => {
    if (a.insufficient !== b.insufficient) return a.insufficient ? 1 : -1;
    const va = metricOf(a);
    const vb = metricOf(b);
    if (va === null || vb === null) return va === null ? (vb === null ? 0 : 1) : -1;
    if (va !== vb) return lower ? vb - va : va - vb;
    return b.n - a.n;
  });
}

export type StressRow = Stress["scenarios"][number]["metrics"][number] & { scenario: string };

/** Stress scenarios, those with a metric worse than the clean rows first, then the others. */
export function stressScenariosWorstFirst(stress: Stress): Stress["scenarios"] {
  const worse = (s: Stress["scenarios"][number]) => s.metrics.some((m) => m.worse === true);
  return [...stress.scenarios].sort((a, b) => Number(worse(b)) - Number(worse(a)));
}

/** A signed delta with fixed decimals ("+0.012", "−0.034"); missing is an em dash. */
export function formatDelta(delta: number | null): string {
  if (delta === null || Number.isNaN(delta)) return "—";
  const text = Math.abs(delta).toFixed(3);
  if (text === "0.000") return "0.000";
  return `${delta > 0 ? "+" : "−"}${text}`;
}

/** Milliseconds with one decimal below 10 ms, whole above. */
export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms).toLocaleString("en")} ms`;
}

/** A threshold, where null means +∞ (every row predicted negative). */
export function formatThreshold(threshold: number | null): string {
  return threshold === null ? "+∞ (all negative)" : threshold.toFixed(3);
}

export function formatPercent(share: number | null): string {
  if (share === null || Number.isNaN(share)) return "—";
  return `${(share * 100).toFixed(1)}%`;
}

/** CSV text of a table (RFC 4180 quoting), for "Download CSV". */
export function toCsv(columns: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const cell = (v: string | number | null) => {
    const text = v === null ? "" : String(v);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns, ...rows].map((row) => row.map(cell).join(",")).join("\n");
}
