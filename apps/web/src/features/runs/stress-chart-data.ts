// Relative, not "~/": the unit tests run under vitest, which has no "~" alias.
import { formatCount, formatMetric } from "../../lib/format";
import { finiteOrNull, formatDelta, lowerIsBetter, niceAxis, type Stress } from "./run-results-view";
import { shortLabel } from "./slices-chart-data";

/** One bar of the stress chart: one scenario's change in the metric, stressed − clean. */
export interface StressBar {
  scenario: string;
  /** The category tick: the scenario, shortened, plus "worst" / "no value" in words. */
  label: string;
  baseline: number | null;
  stressed: number | null;
  /** stressed − clean as the server computed it; null (a gap) when either is undefined. */
  delta: number | null;
  /** The delta signed so that positive = worse (by the metric's direction). */
  harm: number | null;
  worst: boolean;
  perturbations: string[];
  valueText: string;
}

export interface StressChartData {
  metric: string;
  rows: StressBar[];
  /** The clean metric (the same test rows for every scenario). */
  clean: number | null;
  worst: StressBar | null;
  worse: number;
  domain: [number, number];
  ticks: number[];
  n: number;
}

/**
 * The lead metric (the first a scenario reports, unless `metric` is given) of every stress
 * scenario, the largest degradation first; scenarios without a delta last (a gap, never 0).
 * "worst" is the first scenario that is actually worse than clean, if any is.
 */
export function stressChartData(stress: Stress, metric?: string): StressChartData {
  const lead = metric ?? stress.scenarios.find((s) => s.metrics.length > 0)?.metrics[0]?.metric ?? "";
  const lower = lowerIsBetter(lead);
  const rows = stress.scenarios.map((s): Omit<StressBar, "worst" | "label"> => {
    const m = s.metrics.find((x) => x.metric === lead);
    const delta = finiteOrNull(m?.delta);
    return {
      scenario: s.name,
      baseline: finiteOrNull(m?.baseline),
      stressed: finiteOrNull(m?.stressed),
      delta,
      harm: delta === null ? null : lower ? delta : -delta,
      perturbations: s.perturbations.map((p) => p.kind),
      valueText: delta === null ? "" : formatDelta(delta),
    };
  });
  rows.sort((a, b) => {
    if (a.harm === null || b.harm === null) {
      return a.harm === null ? (b.harm === null ? a.scenario.localeCompare(b.scenario) : 1) : -1;
    }
    return b.harm - a.harm || a.scenario.localeCompare(b.scenario);
  });
  const worstName = rows[0] && rows[0].harm !== null && rows[0].harm > 0 ? rows[0].scenario : null;
  const bars = rows.map((r): StressBar => {
    const worst = r.scenario === worstName;
    const tag = worst ? " (worst)" : r.delta === null ? " (no value)" : "";
    return { ...r, worst, label: `${shortLabel(r.scenario)}${tag}` };
  });
  const deltas = bars.map((b) => b.delta).filter((d): d is number => d !== null);
  return {
    metric: lead,
    rows: bars,
    clean: bars.find((b) => b.baseline !== null)?.baseline ?? null,
    worst: bars.find((b) => b.worst) ?? null,
    worse: bars.filter((b) => b.harm !== null && b.harm > 0).length,
    ...deltaAxis(deltas),
    n: stress.n,
  };
}

/** An axis that holds zero and every delta, padded so the value labels fit beside the bars, with round ticks. */
export function deltaAxis(deltas: readonly number[]): { domain: [number, number]; ticks: number[] } {
  const lo = Math.min(0, ...deltas);
  const hi = Math.max(0, ...deltas);
  const span = hi - lo;
  if (span === 0) return niceAxis(-0.01, 0.01);
  const pad = span * 0.2;
  return niceAxis(lo < 0 ? lo - pad : 0, hi > 0 ? hi + pad : 0);
}

export function stressCaption(data: StressChartData): string {
  const { metric, clean, worst } = data;
  const total = data.rows.length;
  const head =
    worst && worst.delta !== null
      ? `Largest degradation: ${worst.scenario}, ${metric} ${formatMetric(worst.stressed)} against ${formatMetric(clean)} on clean rows (Δ ${formatDelta(worst.delta)}).`
      : `No scenario makes ${metric} worse than on clean rows (${formatMetric(clean)}).`;
  const noValue = data.rows.filter((r) => r.delta === null).length;
  return [
    head,
    `${formatCount(data.worse)} of ${formatCount(total)} scenarios worse than clean, on ${formatCount(data.n)} test rows; largest degradation first (${lowerIsBetter(metric) ? "lower" : "higher"} ${metric} is better).`,
    noValue > 0 ? `${formatCount(noValue)} without a defined ${metric} (no bar).` : "",
    "Each scenario is one seeded perturbation of the test rows: no interval.",
  ]
    .filter(Boolean)
    .join(" ");
}
