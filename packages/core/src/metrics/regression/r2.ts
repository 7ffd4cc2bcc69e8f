import { NeumaierSum } from "../../numerics/neumaier-sum.ts";
import { MetricUndefinedError } from "../metric-undefined-error.ts";
import { finiteOrThrow } from "./finite-or-throw.ts";
import { numpySum } from "./numpy-sum.ts";
import { validateRegressionInputs } from "./validate-regression-inputs.ts";

/**
 * Coefficient of determination, as scikit-learn 1.2.1 `r2_score` (force_finite=True):
 * R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)², with its edge cases:
 * - fewer than 2 rows → MetricUndefinedError (sklearn warns and returns nan);
 * - perfect predictions (Σ(y − ŷ)² = 0) → 1.0, also when y is constant;
 * - constant y with imperfect predictions → 0.0.
 * "Constant" is decided on the values (every y equal), not on a computed Σ(y − ȳ)²: for
 * y = [0.1, 0.1, 0.1] numpy's mean is 0.10000000000000002, so sklearn's denominator is
 * 5.8e-35 instead of 0 and it returns −1.7e31 where its own rule says 0.0. We return 0.0
 * there — the one documented departure from sklearn (it agrees whenever numpy's mean of a
 * constant column is exact, e.g. [2.5, 2.5, 2.5] or ten copies of 0.1).
 */
export function r2(labels: Float64Array, predictions: Float64Array): number {
  validateRegressionInputs(labels, predictions);
  return computeR2(labels, predictions);
}

/** Unchecked core of `r2`; inputs must already be validated. */
export function computeR2(labels: Float64Array, predictions: Float64Array): number {
  const n = labels.length;
  if (n < 2) {
    throw new MetricUndefinedError(`r2 is undefined with fewer than two rows (got ${n})`, { metric: "r2" });
  }
  const residual = new NeumaierSum();
  for (let i = 0; i < n; i++) {
    const d = (labels[i] as number) - (predictions[i] as number);
    residual.add(d * d);
  }
  const numerator = residual.value();
  if (numerator === 0) return 1;
  if (isConstant(labels)) return 0;

  // ȳ bit-identical to numpy's, so every y − ȳ is too (see numpySum).
  const mean = numpySum(labels) / n;
  const spread = new NeumaierSum();
  for (let i = 0; i < n; i++) {
    const d = (labels[i] as number) - mean;
    spread.add(d * d);
  }
  const denominator = spread.value();
  // Non-constant y whose squared deviations all underflow (spread below ~1e-162).
  if (denominator === 0) return 0;
  return finiteOrThrow(1 - numerator / denominator, "r2");
}

function isConstant(values: Float64Array): boolean {
  const first = values[0] as number;
  for (let i = 1; i < values.length; i++) if (values[i] !== first) return false;
  return true;
}
