import { NeumaierSum } from "../../numerics/neumaier-sum.ts";
import { validateMulticlassInputs } from "./validate-multiclass-inputs.ts";

/**
 * Mean over rows of Σ_k (p_k − 1[y = k])², on the probabilities as given (no clipping,
 * no renormalisation). Ranges over [0, 2]; sklearn 1.2.1 has no multiclass Brier score, so
 * the reference is this definition in numpy (DESIGN.md).
 */
export function multiclassBrierScore(labels: Float64Array, probabilities: readonly Float64Array[]): number {
  validateMulticlassInputs(labels, probabilities);
  return computeMulticlassBrierScore(labels, probabilities);
}

/** Unchecked core of `multiclassBrierScore`; inputs must already be validated. */
export function computeMulticlassBrierScore(labels: Float64Array, probabilities: readonly Float64Array[]): number {
  const n = labels.length;
  // Every term is ≥ 0, so one compensated sum over all n·K terms loses nothing to
  // cancellation; the mean of the row sums is that total over n.
  const total = new NeumaierSum();
  for (let c = 0; c < probabilities.length; c++) {
    const column = probabilities[c] as Float64Array;
    for (let i = 0; i < n; i++) {
      const d = (column[i] as number) - (labels[i] === c ? 1 : 0);
      total.add(d * d);
    }
  }
  return total.value() / n;
}
