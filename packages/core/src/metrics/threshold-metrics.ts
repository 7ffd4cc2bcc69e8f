import type { ConfusionMatrix } from "../curves/confusion-matrix.ts";
import { confusionFromClasses } from "../curves/confusion-matrix.ts";
import { MetricUndefinedError } from "./metric-undefined-error.ts";
import { splitScoresByClass } from "./split-scores-by-class.ts";
import { validateBinaryInputs, validateThreshold } from "./validate-binary-inputs.ts";

/**
 * The threshold metrics, each from the confusion matrix and with the arithmetic of
 * scikit-learn 1.2.1 (same operations in the same order, so the doubles agree bit for bit
 * while n² < 2^53, i.e. below ~9.4e7 rows, and to ~1e-16 above). The zero-division and one-class rules follow
 * sklearn with `zero_division=0`; every metric throws MetricUndefinedError on zero rows.
 */
export type ThresholdMetricName = "accuracy" | "precision" | "recall" | "f1" | "balanced_accuracy" | "mcc";

export function thresholdMetric(name: ThresholdMetricName, c: ConfusionMatrix): number {
  const n = c.tp + c.fp + c.tn + c.fn;
  if (n === 0) throw new MetricUndefinedError(`${name} is undefined on zero rows`, { metric: name });
  switch (name) {
    case "accuracy":
      return (c.tp + c.tn) / n;
    case "precision":
      return precisionOf(c);
    case "recall":
      return recallOf(c);
    case "f1":
      return f1Of(c);
    case "balanced_accuracy":
      return balancedAccuracyOf(c);
    case "mcc":
      return mccOf(c);
  }
}

/** tp / (tp + fp); 0 when nothing is predicted positive (`zero_division=0`). */
function precisionOf(c: ConfusionMatrix): number {
  const predicted = c.tp + c.fp;
  return predicted === 0 ? 0 : c.tp / predicted;
}

/** tp / (tp + fn); 0 when no row is labelled positive (sklearn's zero_division value). */
function recallOf(c: ConfusionMatrix): number {
  const actual = c.tp + c.fn;
  return actual === 0 ? 0 : c.tp / actual;
}

/** 2PR/(P + R) from the rounded P and R, as sklearn's F-beta; 0 when P + R = 0. */
function f1Of(c: ConfusionMatrix): number {
  const p = precisionOf(c);
  const r = recallOf(c);
  const denominator = p + r;
  return (2 * p * r) / (denominator === 0 ? 1 : denominator);
}

/**
 * Mean recall over the classes present in the labels: (TPR + TNR)/2; with one class
 * present it is that class's recall (sklearn drops the absent class with a warning).
 */
function balancedAccuracyOf(c: ConfusionMatrix): number {
  const nPos = c.tp + c.fn;
  const nNeg = c.tn + c.fp;
  if (nPos === 0) return c.tn / nNeg;
  if (nNeg === 0) return c.tp / nPos;
  return (c.tp / nPos + c.tn / nNeg) / 2;
}

/**
 * Matthews correlation as sklearn: (c·s − Σt_k p_k) / √((s² − Σp_k²)(s² − Σt_k²)) with
 * t = true-class counts, p = predicted-class counts, c = correct, s = rows; 0 when the
 * product under the root is 0 (one class in the labels or in the predictions).
 */
function mccOf(c: ConfusionMatrix): number {
  const t0 = c.tn + c.fp;
  const t1 = c.fn + c.tp;
  const p0 = c.tn + c.fn;
  const p1 = c.fp + c.tp;
  const s = p0 + p1;
  const covYtYp = (c.tp + c.tn) * s - (t0 * p0 + t1 * p1);
  const covYpYp = s * s - (p0 * p0 + p1 * p1);
  const covYtYt = s * s - (t0 * t0 + t1 * t1);
  const product = covYtYt * covYpYp;
  return product === 0 ? 0 : covYtYp / Math.sqrt(product);
}

function thresholdMetricOf(
  name: ThresholdMetricName,
  labels: Float64Array,
  scores: Float64Array,
  threshold: number,
): number {
  validateBinaryInputs(labels, scores);
  validateThreshold(threshold);
  const { positives, negatives } = splitScoresByClass(labels, scores);
  return thresholdMetric(name, confusionFromClasses(positives, negatives, threshold));
}

/** sklearn `precision_score(y, s >= t, zero_division=0)`. */
export function precision(labels: Float64Array, scores: Float64Array, threshold: number): number {
  return thresholdMetricOf("precision", labels, scores, threshold);
}

/** sklearn `recall_score(y, s >= t, zero_division=0)`: 0 when no row is labelled 1. */
export function recall(labels: Float64Array, scores: Float64Array, threshold: number): number {
  return thresholdMetricOf("recall", labels, scores, threshold);
}

/** sklearn `f1_score(y, s >= t, zero_division=0)`. */
export function f1(labels: Float64Array, scores: Float64Array, threshold: number): number {
  return thresholdMetricOf("f1", labels, scores, threshold);
}

/** sklearn `balanced_accuracy_score(y, s >= t)`; one class present → that class's recall. */
export function balancedAccuracy(labels: Float64Array, scores: Float64Array, threshold: number): number {
  return thresholdMetricOf("balanced_accuracy", labels, scores, threshold);
}

/** sklearn `matthews_corrcoef(y, s >= t)`; 0 when either the labels or the predictions hold one class. */
export function mcc(labels: Float64Array, scores: Float64Array, threshold: number): number {
  return thresholdMetricOf("mcc", labels, scores, threshold);
}
