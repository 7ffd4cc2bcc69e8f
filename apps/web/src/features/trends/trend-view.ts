import type { RouterOutputs } from "~/server/api/root";

export type ModelTrends = RouterOutputs["trends"]["byModel"];
export type BenchmarkTrend = ModelTrends["benchmarks"][number];
export type TrendPointOut = BenchmarkTrend["points"][number];

/** Series identity: the two chart hues, then the same hues dashed (theme variables only). */
const STYLES = [
  { stroke: "var(--chart-1)", dash: undefined },
  { stroke: "var(--chart-2)", dash: undefined },
  { stroke: "var(--chart-1)", dash: "6 3" },
  { stroke: "var(--chart-2)", dash: "6 3" },
  { stroke: "var(--chart-1)", dash: "2 2" },
  { stroke: "var(--chart-2)", dash: "2 2" },
] as const;

export interface ChartPoint {
  /** Run finish time (ms since epoch): the x value. */
  t: number;
  value: number;
  /** [value − lower, upper − value] for the error bar; null without an interval. */
  error: [number, number] | null;
  lower: number | null;
  upper: number | null;
  level: number | null;
  n: number;
  runId: string;
  regression: TrendPointOut["regression"];
}

export interface ChartSeries {
  modelVersionId: string;
  label: string;
  stroke: string;
  dash: string | undefined;
  points: ChartPoint[];
}

/**
 * One benchmark version's points of `metric` as one series per model version, in finish order.
 * Points are never joined across benchmark versions (each benchmark version is its own chart).
 */
export function trendSeries(
  trend: BenchmarkTrend,
  metric: string,
  versions: readonly { id: string; version: string }[],
): ChartSeries[] {
  return trend.modelVersionIds.flatMap((id, i) => {
    const points = trend.points
      .filter((p) => p.metric === metric && p.modelVersionId === id)
      .map((p) => ({
        t: new Date(p.finishedAt).getTime(),
        value: p.value,
        error:
          p.lower !== null && p.upper !== null
            ? ([Math.max(0, p.value - p.lower), Math.max(0, p.upper - p.value)] as [number, number])
            : null,
        lower: p.lower,
        upper: p.upper,
        level: p.level,
        n: p.n,
        runId: p.runId,
        regression: p.regression,
      }))
      .sort((a, b) => a.t - b.t);
    if (points.length === 0) return [];
    const style = STYLES[i % STYLES.length] as (typeof STYLES)[number];
    const label = versions.find((v) => v.id === id)?.version ?? id.slice(0, 8);
    return [{ modelVersionId: id, label, stroke: style.stroke, dash: style.dash, points }];
  });
}

/** Every flagged regression of a benchmark version, newest first, with its version's label. */
export function regressionsOf(
  trend: BenchmarkTrend,
  versions: readonly { id: string; version: string }[],
): (TrendPointOut & { versionLabel: string; regression: NonNullable<TrendPointOut["regression"]> })[] {
  return trend.points
    .filter((p): p is TrendPointOut & { regression: NonNullable<TrendPointOut["regression"]> } => p.regression !== null)
    .map((p) => ({ ...p, versionLabel: versions.find((v) => v.id === p.modelVersionId)?.version ?? "?" }))
    .sort((a, b) => new Date(b.finishedAt).getTime() - new Date(a.finishedAt).getTime());
}

/** The interval's level as words for the legend ("95% bootstrap CI"), from the points drawn. */
export function intervalLegend(series: readonly ChartSeries[]): string | null {
  const levels = new Set(series.flatMap((s) => s.points.flatMap((p) => (p.level === null ? [] : [p.level]))));
  if (levels.size === 0) return null;
  return `${[...levels].map((l) => `${Math.round(l * 1000) / 10}%`).join(" / ")} bootstrap CI (error bars)`;
}
