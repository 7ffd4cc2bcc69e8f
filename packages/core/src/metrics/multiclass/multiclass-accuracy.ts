import { computeTopLabel } from "./top-label.ts";
import { validateMulticlassInputs } from "./validate-multiclass-inputs.ts";

/**
 * Share of rows whose argmax class equals the label (ties → the lowest class index, as
 * numpy `argmax`). Equals sklearn `accuracy_score(y, P.argmax(axis=1))`.
 */
export function multiclassAccuracy(labels: Float64Array, probabilities: readonly Float64Array[]): number {
  validateMulticlassInputs(labels, probabilities);
  return computeMulticlassAccuracy(labels, computeTopLabel(probabilities).predicted);
}

/** Unchecked core of `multiclassAccuracy`, from the rows' argmax classes. */
export function computeMulticlassAccuracy(labels: Float64Array, predicted: Int32Array): number {
  const n = labels.length;
  // The count is an integer below 2^53, so count / n is the correctly rounded mean.
  let correct = 0;
  for (let i = 0; i < n; i++) if (predicted[i] === labels[i]) correct++;
  return correct / n;
}
