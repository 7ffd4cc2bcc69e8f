import { detectRegressions } from "@fieldtest/core";
import { directionOf } from "./metric-direction";

/** Significance level of the regression flag (one two-sided test per consecutive pair of runs). */
export const REGRESSION_ALPHA = 0.05;

/** Trends load at most this many latest succeeded runs per (benchmark version, model version). */
export const TREND_RUNS_PER_SERIES = 200;

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
    // Each run's values indexed by metric once, and runs grouped by version once (in finish order):
    // no metric × version × run scans.
    const runsByVersion = new Map<
      string,
      { run: TrendRunInput; values: Map<string, TrendRunInput["metricValues"][number]> }[]
    >();
    for (const run of list) {
      const values = new Map(run.metricValues.map((m) => [m.metric, m] as const));
      const entries = runsByVersion.get(run.modelVersionId) ?? [];
      entries.push({ run, values });
      runsByVersion.set(run.modelVersionId, entries);
    }
    const modelVersionIds = [...runsByVersion.keys()];
    const points: TrendPoint[] = [];
    for (const metric of metrics) {
      const direction = directionOf(metric);
      for (const [versionId, entries] of runsByVersion) {
        const series: TrendPoint[] = [];
        for (const { run, values } of entries) {
          const mv = values.get(metric);
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
