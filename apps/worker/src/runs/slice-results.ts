import { type BinaryMetricName, type GroupMetrics, sliceMetrics } from "@fieldtest/core";
import type { SlicesResult, StoredMetric } from "@fieldtest/db";
import type { RowsProtocol } from "./evaluate-rows.ts";
import type { RunMetricValue } from "./run-status.ts";

/**
 * Slices with fewer test rows are reported (with their n and metrics) but get no interval and
 * are never the worst slice: a metric on a handful of rows says more about chance than about
 * the model.
 */
export const MIN_SLICE_ROWS = 30;

/** The MetricValue.slice key of one slice: "<column>=<value>" ("(missing)" for rows without a value). */
export const sliceKey = (column: string, slice: string) => `${column}=${slice}`;

export interface SliceColumnInput {
  column: string;
  /** The slice value of each test row, in the order of `labels` (null = missing). */
  values: readonly (string | null)[];
}

export interface SliceResultsInput {
  labels: Float64Array;
  scores: Float64Array;
  columns: readonly SliceColumnInput[];
  protocol: RowsProtocol;
}

/**
 * Metrics per slice of each slice column (core's sliceMetrics on the test rows), the worst
 * sufficient slice per metric, and the slice metrics as MetricValue rows (slice
 * "<column>=<value>", for every slice where the metric is defined), with seeded bootstrap
 * intervals on sufficient slices when the protocol asks for intervals.
 */
export function sliceResults(input: SliceResultsInput): { result: SlicesResult; values: RunMetricValue[] } {
  const { labels, scores, protocol } = input;
  const { level, resamples } = protocol.confidence;
  const bootstrap = resamples > 0 ? { seed: protocol.seed, resamples, level } : undefined;
  const values: RunMetricValue[] = [];
  const columns = input.columns.map(({ column, values: slices }) => {
    const computed = sliceMetrics({
      labels,
      scores,
      slices,
      threshold: protocol.threshold,
      metrics: protocol.metrics,
      minSliceSize: MIN_SLICE_ROWS,
      ...(bootstrap ? { bootstrap } : {}),
    });
    const stored = computed.slices.map((s) => {
      const key = sliceKey(column, s.slice);
      const metrics = storedGroup(s, protocol.metrics, bootstrap ? level : null);
      for (const m of metrics) {
        if (m.value === null) continue;
        values.push({
          metric: m.metric as BinaryMetricName,
          value: m.value,
          n: m.n,
          slice: key,
          ...(m.lower !== null && m.upper !== null ? { lower: m.lower, upper: m.upper, level } : {}),
        });
      }
      return {
        slice: s.slice,
        key,
        n: s.n,
        positives: s.positives,
        missing: s.missing,
        insufficient: s.insufficient,
        metrics,
      };
    });
    const worst = protocol.metrics.map((metric) => {
      const w = computed.worst[metric] ?? null;
      return {
        metric,
        slice: w?.slice ?? null,
        key: w ? sliceKey(column, w.slice) : null,
        value: w?.value ?? null,
        n: w?.n ?? null,
        overall: w?.overall ?? computed.overall.metrics[metric] ?? null,
        direction: w?.direction ?? null,
        compared: w?.compared ?? 0,
      };
    });
    return { column, slices: stored, worst };
  });
  return { result: { minSliceSize: MIN_SLICE_ROWS, columns }, values };
}

function storedGroup(group: GroupMetrics, metrics: readonly BinaryMetricName[], level: number | null): StoredMetric[] {
  return metrics.map((metric) => {
    const value = group.metrics[metric] ?? null;
    const interval = group.intervals?.[metric];
    const problem = group.problems[metric]?.message ?? group.intervalProblems?.[metric];
    return {
      metric,
      value,
      lower: interval?.lower ?? null,
      upper: interval?.upper ?? null,
      level: interval ? level : null,
      n: group.n,
      ...(problem ? { problem } : {}),
    };
  });
}
