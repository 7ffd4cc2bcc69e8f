import { NeumaierSum } from "../../numerics/neumaier-sum.ts";
import { validateMulticlassInputs } from "./validate-multiclass-inputs.ts";

/** scikit-learn 1.2.1's `eps="auto"` for float64: `np.finfo(np.float64).eps`. */
export const LOG_LOSS_EPS = 2.220446049250313e-16;

/**
 * Mean negative log-probability of the true class, as scikit-learn 1.2.1
 * `log_loss(y, P, labels=range(K))` with its default `eps="auto"`, in its order:
 * clip every probability to [eps, 1 − eps], then divide each row by its (clipped) sum —
 * rows that do not sum to 1 are silently renormalised, as sklearn 1.2.1 does — and average
 * −ln p̂(true class). The classes are the K columns, so a class absent from the labels is
 * fine (sklearn without `labels` would refuse it).
 */
export function multiclassLogLoss(labels: Float64Array, probabilities: readonly Float64Array[]): number {
  validateMulticlassInputs(labels, probabilities);
  return computeMulticlassLogLoss(labels, probabilities);
}

/** Unchecked core of `multiclassLogLoss`; inputs must already be validated. */
export function computeMulticlassLogLoss(labels: Float64Array, probabilities: readonly Float64Array[]): number {
  const n = labels.length;
  const k = probabilities.length;
  const total = new NeumaierSum();
  for (let i = 0; i < n; i++) {
    // Left-to-right row sum, as numpy's row reduction for K < 8 (pairwise beyond).
    let rowSum = 0;
    for (let c = 0; c < k; c++) rowSum += clip((probabilities[c] as Float64Array)[i] as number);
    const pTrue = clip((probabilities[labels[i] as number] as Float64Array)[i] as number);
    total.add(-Math.log(pTrue / rowSum));
  }
  return total.value() / n;
}

function clip(p: number): number {
  if (p < LOG_LOSS_EPS) return LOG_LOSS_EPS;
  if (p > 1 - LOG_LOSS_EPS) return 1 - LOG_LOSS_EPS;
  return p;
}
