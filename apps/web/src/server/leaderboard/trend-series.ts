import { detectRegressions } from "@fieldtest/core";
import { directionOf } from "./metric-direction";

/** Significance level of the regression flag (one two-sided test per consecutive pair of runs). */
export const REGRESSION_ALPHA = 0.05;

export interface TrendRunInput {
  runId: string;
  modelVersionId: string;
  finishedAt: Date;
  benchmark: { id: string; name: string; version: number; metrics: string[] };
  metricValues: {
    metric: string;
    value: number;
    lower: number | null;
    upper: number | null;
    level: number | null;
    n: number;
  }[];
}

export interface TrendPoint {
  runId: string;
  modelVersionId: string;
  finishedAt: Date;
  metric: string;
  value: number;
  lower: number | null;
  upper: number | null;
  level: number | null;
  n: number;
  /** Set when this run is significantly worse than the previous succeeded run of its version. */
  regression: { previousRunId: string; difference: number; pValue: number } | null;
}

export interface BenchmarkTrend {
  benchmark: { id: string; name: string; version: number };
  /** The benchmark's metrics first (its primary one first), then any other stored ones. */
  metrics: string[];
  /** Model versions with a run on this benchmark version. */
  modelVersionIds: string[];
  points: TrendPoint[];
}

/**
 * Groups succeeded runs (any order) by benchmark version — never joining points across
 * versions (UI.md) — and flags regressions per (model version, benchmark version, metric) over
 * runs in finish order, with core's detectRegressions (interval z-test, independent-runs
 * approximation; see packages/core/src/comparison). Metrics whose direction core does not know
 * are drawn but never flagged.
 */
export function buildTrends(runs: readonly TrendRunInput[]): BenchmarkTrend[] {
  const ordered = [...runs].sort(
    (a, b) => a.finishedAt.getTime() - b.finishedAt.getTime() || a.runId.localeCompare(b.runId),
  );
  const byBenchmark = new Map<string, TrendRunInput[]>();
  for (const run of ordered) {
    const list = byBenchmark.get(run.benchmark.id) ?? [];
    list.push(run);
    byBenchmark.set(run.benchmark.id, list);
  }
  const trends: BenchmarkTrend[] = [];
  for (const list of byBenchmark.values()) {
    const benchmark = (list[0] as TrendRunInput).benchmark;
    const stored = new Set(list.flatMap((r) => r.metricValues.map((m) => m.metric)));
    const metrics = [
      ...benchmark.metrics.filter((m) => stored.has(m)),
      ...[...stored].filter((m) => !benchmark.metrics.includes(m)).sort(),
    ];
    const modelVersionIds = [...new Set(list.map((r) => r.modelVersionId))];
    const points: TrendPoint[] = [];
    for (const metric of metrics) {
      const direction = directionOf(metric);
      for (const versionId of modelVersionIds) {
        const series: TrendPoint[] = [];
        for (const run of list) {
          if (run.modelVersionId !== versionId) continue;
          const mv = run.metricValues.find((m) => m.metric === metric);
          if (!mv || !Number.isFinite(mv.value)) continue;
          series.push({
            runId: run.runId,
            modelVersionId: versionId,
            finishedAt: run.finishedAt,
            metric,
            value: mv.value,
            lower: mv.lower,
            upper: mv.upper,
            level: mv.level,
            n: mv.n,
            regression: null,
          });
        }
        if (direction) {
          for (const check of detectRegressions({ points: series, direction, alpha: REGRESSION_ALPHA })) {
            if (!check.regression) continue;
            const point = series[check.index] as TrendPoint;
            point.regression = {
              previousRunId: (series[check.previousIndex] as TrendPoint).runId,
              difference: check.difference,
              pValue: check.pValue,
            };
          }
        }
        points.push(...series);
      }
    }
    trends.push({
      benchmark: { id: benchmark.id, name: benchmark.name, version: benchmark.version },
      metrics,
      modelVersionIds,
      points,
    });
  }
  return trends.sort(
    (a, b) => a.benchmark.name.localeCompare(b.benchmark.name) || b.benchmark.version - a.benchmark.version,
  );
}
