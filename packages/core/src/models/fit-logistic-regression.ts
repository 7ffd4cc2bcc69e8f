import { denseMatrix } from "./encoded-matrix.ts";
import { LogisticNewton, validateLogisticInput } from "./logistic-newton.ts";
import type { LogisticRegressionModel } from "./predict-logistic-regression.ts";
import { applyColumnScaling, fitColumnScaling } from "./standardize-columns.ts";

export interface FitLogisticRegressionInput {
  /** One column per feature, all of the same length. */
  features: readonly Float64Array[];
  /** 0 or 1 per row. */
  labels: Float64Array;
  /** Inverse regularisation strength, as sklearn's `C` (default 1). */
  c?: number;
  /** Newton iterations before giving up (default 100; a well-posed fit needs < 15). */
  maxIterations?: number;
}

export interface LogisticRegressionFit {
  model: LogisticRegressionModel;
  iterations: number;
  converged: boolean;
  /** The minimised objective 0.5·‖w‖² + C·Σ log-loss. */
  objective: number;
  /** Largest absolute component of the objective's gradient at the returned model. */
  gradientMaxAbs: number;
}

/**
 * Fits the model sklearn fits with `make_pipeline(StandardScaler(), LogisticRegression(C=c))`:
 * features standardised with the training mean and population standard deviation, then the
 * minimiser of 0.5·‖w‖² + C·Σᵢ log-loss(yᵢ, b + xᵢ·w) with the intercept b not penalised.
 * The objective is strictly convex, so its minimiser is unique; we reach it with Newton's
 * method (exact Hessian, Armijo backtracking; see LogisticNewton) rather than lbfgs, so our answer is the exact
 * optimum that sklearn's lbfgs approaches to its tolerance.
 */
export function fitLogisticRegression(input: FitLogisticRegressionInput): LogisticRegressionFit {
  const c = input.c ?? 1;
  validateLogisticInput(input.features, input.labels, c);
  const scaling = fitColumnScaling(input.features);
  const solver = new LogisticNewton({
    matrix: denseMatrix(applyColumnScaling(input.features, scaling), input.labels.length),
    labels: input.labels,
    c,
    maxIterations: input.maxIterations ?? 100,
  });
  while (!solver.step()) {
    // each step is one Newton iteration
  }
  const { coefficients, intercept, iterations, converged, objective, gradientMaxAbs } = solver.solution();
  return {
    model: { mean: scaling.mean, scale: scaling.scale, coefficients, intercept },
    iterations,
    converged,
    objective,
    gradientMaxAbs,
  };
}
