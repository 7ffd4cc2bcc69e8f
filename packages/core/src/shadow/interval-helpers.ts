import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { ConfidenceSequence } from "../uncertainty/confidence-sequence.ts";
import { drawIndices, xoshiroState } from "../uncertainty/resample-draws.ts";
import { resolveSettings, runSuiteBootstrap, type SuiteInterval } from "../uncertainty/run-bootstrap.ts";
import type { ShadowIntervalMethod, ShadowMetricInterval } from "./types.ts";

/** Anytime-valid interval for the mean of x_i ∈ [0, scale] read in the given order (x_i/scale fed to the CS, bounds scaled back). */
export function meanSequence(
  values: Float64Array,
  alpha: number,
  scale = 1,
  offset = 0,
): { lower: number; upper: number; empty: boolean } {
  const cs = new ConfidenceSequence({ alpha });
  for (let i = 0; i < values.length; i++) {
    // Clamp rounding noise (e.g. a Brier row of 1 + 1e-16) into the bounded range.
    const x = ((values[i] as number) - offset) / scale;
    cs.update(Math.max(0, Math.min(1, x)));
  }
  const { lower, upper, empty } = cs.interval();
  return { lower: offset + lower * scale, upper: offset + upper * scale, empty };
}

export function nullMetric(
  method: ShadowIntervalMethod,
  level: number,
  intervalLevel: number,
  n: number,
  reason: string,
  value: number | null = null,
): ShadowMetricInterval {
  return { value, lower: null, upper: null, level, intervalLevel, method, n, reason };
}

export function sequenceMetric(
  value: number,
  values: Float64Array,
  options: { alpha: number; level: number; scale?: number },
): ShadowMetricInterval {
  const { lower, upper, empty } = meanSequence(values, options.alpha, options.scale);
  const n = values.length;
  const intervalLevel = 1 - options.alpha;
  if (empty) {
    return nullMetric(
      "confidence_sequence",
      options.level,
      intervalLevel,
      n,
      "the confidence sequence's running intersection is empty: the rows do not share one mean in event order (drift over time?)",
      value,
    );
  }
  return {
    value,
    lower,
    upper,
    level: options.level,
    intervalLevel,
    method: "confidence_sequence",
    n,
    reason: null,
  };
}

/** The values a metric can take: a normal bootstrap interval is clipped to them. */
const METRIC_RANGE: Readonly<Record<string, readonly [number, number]>> = {
  roc_auc: [0, 1],
  average_precision: [0, 1],
  precision: [0, 1],
  recall: [0, 1],
  f1: [0, 1],
  macro_f1: [0, 1],
  ece: [0, 1],
  log_loss: [0, Number.POSITIVE_INFINITY],
  mae: [0, Number.POSITIVE_INFINITY],
  rmse: [0, Number.POSITIVE_INFINITY],
  r2: [Number.NEGATIVE_INFINITY, 1],
};

export function bootstrapMetric(
  value: number,
  interval: SuiteInterval | undefined,
  options: { metric: string; level: number; intervalLevel: number; n: number; failure: string | null },
): ShadowMetricInterval {
  if (interval === undefined) {
    return nullMetric(
      "bootstrap_alpha_spending",
      options.level,
      options.intervalLevel,
      options.n,
      options.failure ?? "no interval",
      value,
    );
  }
  const [min, max] = METRIC_RANGE[options.metric] ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  return {
    value,
    lower: Math.max(min, interval.lower),
    upper: Math.min(max, interval.upper),
    level: options.level,
    intervalLevel: options.intervalLevel,
    method: "bootstrap_alpha_spending",
    n: options.n,
    reason: null,
  };
}

/**
 * Seeded percentile bootstrap of several statistics of the same resampled rows (run-bootstrap's
 * suite runner; replicate b draws the same row indices as `bootstrapStatistic` with this seed).
 * `fill` writes every statistic of the resample listed in `indices` into `out` and returns
 * false when one is undefined there. Returns null with the reason when every resample failed.
 */
export function indexSuiteBootstrap(options: {
  rows: number;
  seed: number | bigint;
  resamples: number | undefined;
  level: number;
  estimates: readonly number[];
  label: string;
  fill: (indices: Uint32Array, out: Float64Array) => boolean;
}): { intervals: SuiteInterval[] | null; failure: string | null } {
  const { rows, fill } = options;
  if (options.estimates.length === 0) return { intervals: [], failure: null };
  const settings = resolveSettings({ seed: options.seed, resamples: options.resamples, level: options.level });
  const indices = new Uint32Array(rows);
  try {
    const intervals = runSuiteBootstrap({
      settings,
      estimates: options.estimates,
      label: options.label,
      interval: "normal",
      startReplicate: (seed) => {
        const state = xoshiroState(seed);
        return (out) => {
          drawIndices(state, indices);
          return fill(indices, out);
        };
      },
    });
    return { intervals, failure: null };
  } catch (error) {
    if (error instanceof MetricUndefinedError) return { intervals: null, failure: error.message };
    throw error;
  }
}

/** Runs `compute`, turning MetricUndefinedError into a reason. */
export function tryMetric(compute: () => number): { value: number | null; reason: string | null } {
  try {
    const value = compute();
    return Number.isFinite(value) ? { value, reason: null } : { value: null, reason: "not a finite number" };
  } catch (error) {
    if (error instanceof MetricUndefinedError) return { value: null, reason: error.message };
    throw error;
  }
}
