import { MetricUndefinedError } from "./metric-undefined-error.ts";
import { validateBinaryInputs, validateThreshold } from "./validate-binary-inputs.ts";

/**
 * Share of rows whose thresholded score equals the label; a row is predicted positive
 * when score >= threshold (DESIGN.md). Equals sklearn `accuracy_score(y, s >= t)`.
 * Zero rows → MetricUndefinedError (sklearn returns NaN with a warning).
 */
export function accuracy(labels: Float64Array, scores: Float64Array, threshold: number): number {
  validateBinaryInputs(labels, scores);
  validateThreshold(threshold);
  return computeAccuracy(labels, scores, threshold);
}

/** Unchecked core of `accuracy`; inputs must already be validated. */
export function computeAccuracy(labels: Float64Array, scores: Float64Array, threshold: number): number {
  const n = labels.length;
  if (n === 0) throw new MetricUndefinedError("accuracy is undefined on zero rows", { metric: "accuracy" });
  // The count is an integer below 2^53, so count / n is the correctly rounded mean.
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const predicted = (scores[i] as number) >= threshold ? 1 : 0;
    if (predicted === labels[i]) correct++;
  }
  return correct / n;
}
