import { NeumaierSum } from "../../numerics/neumaier-sum.ts";
import { finiteOrThrow } from "./finite-or-throw.ts";
import { validateRegressionInputs } from "./validate-regression-inputs.ts";

/** Root mean squared error: √ of scikit-learn 1.2.1 `mean_squared_error`. */
export function rmse(labels: Float64Array, predictions: Float64Array): number {
  validateRegressionInputs(labels, predictions);
  return computeRmse(labels, predictions);
}

/** Unchecked core of `rmse`; inputs must already be validated. */
export function computeRmse(labels: Float64Array, predictions: Float64Array): number {
  const total = new NeumaierSum();
  for (let i = 0; i < labels.length; i++) {
    const d = (labels[i] as number) - (predictions[i] as number);
    total.add(d * d);
  }
  return finiteOrThrow(Math.sqrt(total.value() / labels.length), "rmse");
}
