import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { rocAuc } from "../metrics/roc-auc.ts";
import { aucFromCounts, buildAucScanOrder } from "./bootstrap-roc-auc.ts";
import { drawCounts, drawIndices, xoshiroState } from "./resample-draws.ts";
import {
  type BootstrapInterval,
  type BootstrapSettings,
  resolveSettings,
  runBootstrap,
  type StartReplicate,
  valueOrNaN,
} from "./run-bootstrap.ts";

/**
 * A binary metric: labels (0/1) and scores in, a number out; throws MetricUndefinedError
 * when it is undefined on the rows (`rocAuc`, or `(y, s) => accuracy(y, s, 0.5)`). The
 * bootstrap calls it with the same two arrays refilled per resample: it must not keep them.
 */
export type BinaryMetricFn = (labels: Float64Array, scores: Float64Array) => number;

export interface BootstrapIntervalOptions extends BootstrapSettings {
  labels: Float64Array;
  scores: Float64Array;
  /** Passing core's `rocAuc` itself selects the O(n)-per-replicate path (same values, much faster). */
  metric: BinaryMetricFn;
  /** Name used in messages (default: the function's name). */
  name?: string;
}

/**
 * Seeded percentile bootstrap interval of a binary metric (DESIGN.md "Uncertainty",
 * STATISTICS.md §6). A resample on which the metric is undefined is drawn again and
 * counted in `redraws`. Same seed, same interval, on any machine.
 *
 * The metric is first computed on the full rows (it validates them, and an undefined
 * metric there throws MetricUndefinedError: no interval around nothing).
 */
export function bootstrapInterval(options: BootstrapIntervalOptions): BootstrapInterval {
  const { labels, scores, metric } = options;
  validateColumns(labels, [scores]);
  const settings = resolveSettings(options);
  const name = options.name ?? (metric.name || "metric");
  const estimate = definedEstimate(metric(labels, scores), name);
  if (metric === rocAuc) return runBootstrap(settings, estimate, rocAucReplicate(labels, scores), "roc_auc");
  const n = labels.length;
  const indices = new Uint32Array(n);
  const y = new Float64Array(n);
  const s = new Float64Array(n);
  return runBootstrap(
    settings,
    estimate,
    (seed) => {
      const state = xoshiroState(seed);
      return () => {
        drawIndices(state, indices);
        for (let i = 0; i < n; i++) {
          const row = indices[i] as number;
          y[i] = labels[row] as number;
          s[i] = scores[row] as number;
        }
        return valueOrNaN(() => metric(y, s));
      };
    },
    name,
  );
}

function rocAucReplicate(labels: Float64Array, scores: Float64Array): StartReplicate {
  const order = buildAucScanOrder(labels, scores);
  const counts = new Int32Array(labels.length);
  return (seed) => {
    const state = xoshiroState(seed);
    return () => {
      counts.fill(0);
      drawCounts(state, counts);
      return aucFromCounts(counts, order);
    };
  };
}

export interface BootstrapStatisticOptions extends BootstrapSettings {
  /** Number of rows to resample. */
  rows: number;
  /**
   * The statistic on the rows listed in `indices` (with repeats); throw MetricUndefinedError
   * or return NaN when it is undefined there. Called on the identity indices for the estimate.
   * The array is reused between calls: copy it to keep it.
   */
  statistic: (indices: Uint32Array) => number;
  /** Name used in messages (default "statistic"). */
  name?: string;
}

/**
 * The same seeded percentile bootstrap for any statistic of rows (multiclass, regression,
 * a gap between two metrics…): the caller maps resampled row indices to a value.
 * Replicate b draws `rows` indices from its own stream exactly as `bootstrapInterval`
 * does (`uniformInt` on `createRng` of the b-th SplitMix64 output), so the two agree on
 * the same seed.
 */
export function bootstrapStatistic(options: BootstrapStatisticOptions): BootstrapInterval {
  const { rows, statistic, name = "statistic" } = options;
  if (!Number.isInteger(rows) || rows < 1 || rows > 2 ** 32) {
    throw new InvalidInputError(`rows must be an integer in [1, 2^32], got ${String(rows)}`);
  }
  const settings = resolveSettings(options);
  const indices = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) indices[i] = i;
  const estimate = definedEstimate(statistic(indices), name);
  return runBootstrap(
    settings,
    estimate,
    (seed) => {
      const state = xoshiroState(seed);
      return () => {
        drawIndices(state, indices);
        return valueOrNaN(() => statistic(indices));
      };
    },
    name,
  );
}

/** Every column is a Float64Array as long as `labels` (the metric checks the values). */
export function validateColumns(labels: Float64Array, columns: Float64Array[]): void {
  if (!(labels instanceof Float64Array)) throw new InvalidInputError("labels must be a Float64Array");
  for (const column of columns) {
    if (!(column instanceof Float64Array)) throw new InvalidInputError("scores must be Float64Arrays");
    if (column.length !== labels.length) {
      throw new InvalidInputError(
        `labels and scores differ in length: ${labels.length} labels vs ${column.length} scores (paired columns must hold the same rows)`,
      );
    }
  }
}

export function definedEstimate(value: number, name: string): number {
  if (Number.isNaN(value)) throw new MetricUndefinedError(`${name} is undefined on the full rows`, { metric: name });
  return value;
}
