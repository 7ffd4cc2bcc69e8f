import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { validateBinaryInputs } from "../metrics/validate-binary-inputs.ts";
import { lowerBound } from "../numerics/lower-bound.ts";
import { NeumaierSum } from "../numerics/neumaier-sum.ts";
import { erfc } from "./special-functions.ts";

export interface DelongTestOptions {
  labels: Float64Array;
  scoresA: Float64Array;
  scoresB: Float64Array;
}

export interface DelongTestResult {
  aucA: number;
  aucB: number;
  /** aucA − aucB. */
  difference: number;
  /** DeLong covariance of (AUC_A, AUC_B): S = S10/m + S01/n. */
  varianceA: number;
  varianceB: number;
  covariance: number;
  /** √Var(AUC_A − AUC_B). */
  standardError: number;
  z: number;
  /** Two-sided: erfc(|z|/√2). */
  pValue: number;
  /**
   * Var(AUC_A − AUC_B) is exactly 0: the test carries no information. p = 1 when the AUCs
   * are equal; otherwise z = ±∞ and p = 0 as the formula gives, which must not be read as
   * evidence — treat a degenerate result as insufficient.
   */
  degenerate: boolean;
  nPositive: number;
  nNegative: number;
}

/**
 * DeLong's test for two correlated ROC AUCs on the same rows (two-sided), with Sun & Xu's
 * (2014) fast midrank algorithm as in yandexdataschool/roc_comparison (STATISTICS.md §4).
 * Needs at least 2 positives and 2 negatives (MetricUndefinedError otherwise).
 *
 * Var(AUC_A − AUC_B) is computed from the per-row differences of the components (equal to
 * S₁₁ + S₂₂ − 2S₁₂, without its cancellation), so identical models give exactly 0.
 */
export function delongTest(options: DelongTestOptions): DelongTestResult {
  const { labels, scoresA, scoresB } = options;
  validateBinaryInputs(labels, scoresA);
  validateBinaryInputs(labels, scoresB);
  const a = delongComponents(labels, scoresA);
  const b = delongComponents(labels, scoresB);
  const m = a.positive.length;
  const n = a.negative.length;
  const varianceA =
    covariance(a.positive, a.positive, a.auc, a.auc) / m + covariance(a.negative, a.negative, a.auc, a.auc) / n;
  const varianceB =
    covariance(b.positive, b.positive, b.auc, b.auc) / m + covariance(b.negative, b.negative, b.auc, b.auc) / n;
  const cov =
    covariance(a.positive, b.positive, a.auc, b.auc) / m + covariance(a.negative, b.negative, a.auc, b.auc) / n;
  const variance = differenceVariance(a, b);
  const difference = a.auc - b.auc;
  const standardError = Math.sqrt(variance);
  const degenerate = variance === 0;
  let z: number;
  if (degenerate) z = difference === 0 ? 0 : Math.sign(difference) * Number.POSITIVE_INFINITY;
  else z = difference / standardError;
  const pValue = degenerate && difference === 0 ? 1 : erfc(Math.abs(z) / Math.SQRT2);
  return {
    aucA: a.auc,
    aucB: b.auc,
    difference,
    varianceA,
    varianceB,
    covariance: cov,
    standardError,
    z,
    pValue,
    degenerate,
    nPositive: m,
    nNegative: n,
  };
}

/**
 * DeLong's placement values for one score column, positives and negatives in row order.
 * For positive i, `positiveCounts[i]` = #negatives below + ½ #negatives tied (= T_Z − T_X,
 * a multiple of ½, exact); V10_i = positiveCounts[i]/n. For negative j, `negativeCounts[j]`
 * = #positives below + ½ tied (= T_Z − T_Y); V01_j = 1 − negativeCounts[j]/m.
 */
export interface DelongComponents {
  auc: number;
  /** V10 per positive. */
  positive: Float64Array;
  /** V01 per negative. */
  negative: Float64Array;
  positiveCounts: Float64Array;
  negativeCounts: Float64Array;
}

/** Labels and scores must already be validated. */
export function delongComponents(labels: Float64Array, scores: Float64Array): DelongComponents {
  let m = 0;
  for (let i = 0; i < labels.length; i++) m += labels[i] as number;
  const n = labels.length - m;
  if (m < 2 || n < 2) {
    throw new MetricUndefinedError(
      `the DeLong test needs at least 2 positives and 2 negatives, got ${m} positive and ${n} negative rows`,
      { metric: "roc_auc" },
    );
  }
  const positiveScores = new Float64Array(m);
  const negativeScores = new Float64Array(n);
  for (let i = 0, p = 0, q = 0; i < labels.length; i++) {
    if (labels[i] === 1) positiveScores[p++] = scores[i] as number;
    else negativeScores[q++] = scores[i] as number;
  }
  const sortedPositive = Float64Array.from(positiveScores).sort();
  const sortedNegative = Float64Array.from(negativeScores).sort();

  const positiveCounts = new Float64Array(m);
  const positive = new Float64Array(m);
  let sum = 0; // multiples of ½ below 2^53: exact
  for (let i = 0; i < m; i++) {
    const v = positiveScores[i] as number;
    const count = (lowerBound(sortedNegative, v) + upperBound(sortedNegative, v)) / 2;
    positiveCounts[i] = count;
    positive[i] = count / n;
    sum += count;
  }
  const negativeCounts = new Float64Array(n);
  const negative = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const v = negativeScores[j] as number;
    const count = (lowerBound(sortedPositive, v) + upperBound(sortedPositive, v)) / 2;
    negativeCounts[j] = count;
    negative[j] = 1 - count / m;
  }
  return { auc: sum / (m * n), positive, negative, positiveCounts, negativeCounts };
}

/**
 * Var(AUC_A − AUC_B) = var(V10_A − V10_B)/m + var(V01_A − V01_B)/n (sample variances,
 * divisor m − 1 and n − 1). The differences come from the exact counts, so constant
 * differences are bit-identical and give exactly 0.
 */
export function differenceVariance(a: DelongComponents, b: DelongComponents): number {
  const m = a.positiveCounts.length;
  const n = a.negativeCounts.length;
  if (b.positiveCounts.length !== m || b.negativeCounts.length !== n) {
    throw new InvalidInputError("DeLong components of two models must come from the same labels");
  }
  return (
    shiftedVariance(m, (i) => ((a.positiveCounts[i] as number) - (b.positiveCounts[i] as number)) / n) / m +
    shiftedVariance(n, (j) => ((b.negativeCounts[j] as number) - (a.negativeCounts[j] as number)) / m) / n
  );
}

/** Sample variance (divisor k − 1), shifted by the first value so equal values give exactly 0. */
export function shiftedVariance(k: number, value: (i: number) => number): number {
  const shift = value(0);
  const sum = new NeumaierSum();
  const sumSquares = new NeumaierSum();
  for (let i = 0; i < k; i++) {
    const d = value(i) - shift;
    sum.add(d);
    sumSquares.add(d * d);
  }
  const s = sum.value();
  return Math.max(0, (sumSquares.value() - (s * s) / k) / (k - 1));
}

/** Sample covariance (divisor k − 1) of two equally long arrays with known means. */
function covariance(x: Float64Array, y: Float64Array, meanX: number, meanY: number): number {
  const acc = new NeumaierSum();
  for (let i = 0; i < x.length; i++) acc.add(((x[i] as number) - meanX) * ((y[i] as number) - meanY));
  return acc.value() / (x.length - 1);
}

/** Number of entries <= v in an ascending array. */
function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
