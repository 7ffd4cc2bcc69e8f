import { thresholdMetric } from "../metrics/threshold-metrics.ts";
import type { LabelFreeThresholdMetricName } from "./cbpe-metrics.ts";

// What the monitored rows will score once their labels arrive, for one set of labels drawn
// from the calibrated probabilities: the replicates of estimatePerformance's interval.

/**
 * Draws every row's label y_i ~ Bernoulli(p_i), in the order of `probabilities`, from the
 * xoshiro128** stream in `state` (from `xoshiroState(seed)`), advanced in place: y_i = 1
 * when u < p_i, u being exactly `createRng(seed).nextFloat()`'s next value,
 * ((a ≫ 5)·2^26 + (b ≫ 6))/2^53 from two outputs a, b (STATISTICS.md §6). So p = 0 never
 * gives 1 and p = 1 always does.
 *
 * The generator is stepped inline, as in uncertainty/resample-draws.ts: through `Rng`'s
 * closure the draws cost several times more, and they are most of the interval's cost. The tests check
 * the labels against `createRng` + `nextFloat`, draw for draw.
 */
export function drawLabels(state: Int32Array, probabilities: Float64Array, labels: Uint8Array): void {
  let s0 = state[0] as number;
  let s1 = state[1] as number;
  let s2 = state[2] as number;
  let s3 = state[3] as number;
  for (let i = 0; i < labels.length; i++) {
    let x = Math.imul(s1, 5);
    const a = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    let t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    x = Math.imul(s1, 5);
    const b = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const u = ((a >>> 5) * 67108864 + (b >>> 6)) / 9007199254740992;
    labels[i] = u < (probabilities[i] as number) ? 1 : 0;
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}

/**
 * Accuracy, precision, recall and F1 of the model's predictions against `sortedLabels`, the
 * labels in descending score order, where the model predicts positive for exactly the first
 * `predictedPositives` rows (score ≥ threshold). Computed by core's `thresholdMetric` from the
 * integer confusion matrix, so each value is bit for bit what core reports once these labels
 * arrive (zero divisions give 0, sklearn's `zero_division=0`).
 */
export function realizedThresholdMetrics(
  sortedLabels: Uint8Array,
  predictedPositives: number,
): Record<LabelFreeThresholdMetricName, number> {
  const n = sortedLabels.length;
  let tp = 0;
  for (let k = 0; k < predictedPositives; k++) tp += sortedLabels[k] as number;
  let positives = tp;
  for (let k = predictedPositives; k < n; k++) positives += sortedLabels[k] as number;
  const fn = positives - tp;
  // `thresholdMetric` does not read the threshold; the predictions are already counted.
  const confusion = { threshold: Number.NaN, tp, fp: predictedPositives - tp, tn: n - predictedPositives - fn, fn };
  return {
    accuracy: thresholdMetric("accuracy", confusion),
    precision: thresholdMetric("precision", confusion),
    recall: thresholdMetric("recall", confusion),
    f1: thresholdMetric("f1", confusion),
  };
}

/**
 * sklearn's `roc_auc_score` of the uncalibrated scores against `sortedLabels` (labels in
 * descending score order; `groupEnd` marks the last row of each run of equal scores, as in
 * `CbpeRows`): equal scores are one threshold, so a tied positive/negative pair earns ½
 * (STATISTICS.md §1). NaN when the labels hold one class. One O(n) scan: every negative is
 * outranked by each positive above it and ties with each positive of its own group.
 */
export function realizedRocAuc(sortedLabels: Uint8Array, groupEnd: Uint8Array): number {
  const n = sortedLabels.length;
  // Integer counts (exact below ~9e15): twice the number of positive-above-negative pairs.
  let twicePairs = 0;
  let positivesAbove = 0;
  let groupPositives = 0;
  let groupRows = 0;
  for (let k = 0; k < n; k++) {
    groupPositives += sortedLabels[k] as number;
    groupRows++;
    if (groupEnd[k] !== 1) continue;
    twicePairs += (groupRows - groupPositives) * (2 * positivesAbove + groupPositives);
    positivesAbove += groupPositives;
    groupPositives = 0;
    groupRows = 0;
  }
  const negatives = n - positivesAbove;
  if (positivesAbove === 0 || negatives === 0) return Number.NaN;
  return twicePairs / (2 * positivesAbove * negatives);
}
