import { NeumaierSum } from "../../numerics/neumaier-sum.ts";
import { computeTopLabel } from "./top-label.ts";
import { validateMulticlassInputs } from "./validate-multiclass-inputs.ts";

/**
 * Unweighted mean of the per-class F1 of the argmax predictions, as scikit-learn 1.2.1
 * `f1_score(y, P.argmax(axis=1), average="macro", zero_division=0)`:
 * - the classes averaged are those present in the labels or the predictions (sklearn's
 *   `unique_labels(y_true, y_pred)`), not all K columns: a class that is neither a label
 *   nor ever predicted does not count, while a class present on one side only counts
 *   with F1 = 0;
 * - precision with no predicted rows and recall with no true rows are 0, and F1 is 0
 *   when both are 0.
 */
export function macroF1(labels: Float64Array, probabilities: readonly Float64Array[]): number {
  const k = validateMulticlassInputs(labels, probabilities);
  return computeMacroF1(labels, computeTopLabel(probabilities).predicted, k);
}

/** Unchecked core of `macroF1`, from the rows' argmax classes. */
export function computeMacroF1(labels: Float64Array, predicted: Int32Array, classCount: number): number {
  const truePositives = new Float64Array(classCount);
  const trueCounts = new Float64Array(classCount);
  const predictedCounts = new Float64Array(classCount);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] as number;
    const p = predicted[i] as number;
    trueCounts[y] = (trueCounts[y] as number) + 1;
    predictedCounts[p] = (predictedCounts[p] as number) + 1;
    if (y === p) truePositives[y] = (truePositives[y] as number) + 1;
  }
  const total = new NeumaierSum();
  let present = 0;
  for (let c = 0; c < classCount; c++) {
    const tp = truePositives[c] as number;
    const trueCount = trueCounts[c] as number;
    const predictedCount = predictedCounts[c] as number;
    if (trueCount === 0 && predictedCount === 0) continue;
    present++;
    const precision = predictedCount === 0 ? 0 : tp / predictedCount;
    const recall = trueCount === 0 ? 0 : tp / trueCount;
    const denominator = precision + recall;
    // Same operations in the same order as sklearn: (1 + β²)·P·R / (β²·P + R), β = 1.
    total.add(denominator === 0 ? 0 : (2 * precision * recall) / denominator);
  }
  return total.value() / present;
}
