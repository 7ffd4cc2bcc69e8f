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

/** Metrics that are a share or a probability-scale score in [0, 1]. */
const UNIT_INTERVAL = new Set([
  "roc_auc",
  "average_precision",
  "brier_score",
  "ece",
  "accuracy",
  "precision",
  "recall",
  "f1",
  "balanced_accuracy",
  "macro_f1",
  "roc_auc_ovr",
]);
export const isUnitIntervalMetric = (metric: string) => UNIT_INTERVAL.has(metric);

/** A metric's scale in words, for axis titles: "0–1", "nats", "target units", "−1 to 1". */
export function metricUnit(metric: string): string | null {
  if (UNIT_INTERVAL.has(metric)) return "0–1";
  if (metric === "log_loss") return "nats";
  if (metric === "mcc") return "−1 to 1";
  if (metric === "mae" || metric === "rmse") return "target units";
  return null;
}

/** An axis title for a metric with its scale and direction ("accuracy (0–1, higher is better)"). */
export function metricAxisLabel(metric: string, prefix = ""): string {
  const unit = metricUnit(metric);
  const direction = lowerIsBetter(metric) ? "lower is better" : "higher is better";
  return `${prefix}${metric} (${unit ? `${unit}, ` : ""}${direction})`;
}

/** "95% bootstrap CI" from a stored level (0.95); without a level, just "bootstrap CI". */
export function intervalLegend(level: number | null | undefined, method = "bootstrap"): string {
  if (level === null || level === undefined || !Number.isFinite(level)) return `${method} CI`;
  return `${Math.round(level * 1000) / 10}% ${method} CI`;
}

/**
 * A linear axis over [lo, hi] widened to round ticks (steps of 1, 2 or 5 × 10^k, about `target`
 * of them), so a category chart's value axis reads "0.00 0.05 0.10", not "0.054 0.114".
 */
export function niceAxis(lo: number, hi: number, target = 5): { domain: [number, number]; ticks: number[] } {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo)
    return { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] };
  const raw = (hi - lo) / Math.max(1, target - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const start = Math.floor(lo / step + 1e-9) * step;
  const end = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  // Rounded to the step's decimals so 0.1 + 0.2 prints as 0.3.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let t = start; t <= end + step / 2; t += step) ticks.push(Number(t.toFixed(decimals)) || 0); // never -0
  return { domain: [ticks[0] ?? start, ticks[ticks.length - 1] ?? end], ticks };
}

/** A finite number or null: NaN and ±∞ are gaps in a chart, never drawn. */
export const finiteOrNull = (x: number | null | undefined): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : x;

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
  // NaN or ±∞ sorts as "no value" (a comparator fed NaN orders nothing).
  const metricOf = (s: StoredSlice) => finiteOrNull(s.metrics.find((m) => m.metric === metric)?.value);
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
