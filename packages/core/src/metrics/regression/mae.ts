import { NeumaierSum } from "../../numerics/neumaier-sum.ts";
import { finiteOrThrow } from "./finite-or-throw.ts";
import { validateRegressionInputs } from "./validate-regression-inputs.ts";

/** Mean absolute error, as scikit-learn 1.2.1 `mean_absolute_error`. */
export function mae(labels: Float64Array, predictions: Float64Array): number {
  validateRegressionInputs(labels, predictions);
  return computeMae(labels, predictions);
}

/** Unchecked core of `mae`; inputs must already be validated. */
export function computeMae(labels: Float64Array, predictions: Float64Array): number {
  const total = new NeumaierSum();
  for (let i = 0; i < labels.length; i++) total.add(Math.abs((predictions[i] as number) - (labels[i] as number)));
  return finiteOrThrow(total.value() / labels.length, "mae");
}
