import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { type LogisticRegressionModel, sigmoid } from "./predict-logistic-regression.ts";
import { solveCholesky } from "./solve-cholesky.ts";
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

// A Newton step this small (on coefficients of standardised features, which are O(1))
// means the next one would be ~1e-20: the optimum is reached to machine precision.
const STEP_TOLERANCE = 1e-10;

/**
 * Fits the model sklearn fits with `make_pipeline(StandardScaler(), LogisticRegression(C=c))`:
 * features standardised with the training mean and population standard deviation, then the
 * minimiser of 0.5·‖w‖² + C·Σᵢ log-loss(yᵢ, b + xᵢ·w) with the intercept b not penalised.
 * The objective is strictly convex, so its minimiser is unique; we reach it with Newton's
 * method (exact Hessian, Armijo backtracking) rather than lbfgs, so our answer is the exact
 * optimum that sklearn's lbfgs approaches to its tolerance.
 */
export function fitLogisticRegression(input: FitLogisticRegressionInput): LogisticRegressionFit {
  const { labels } = input;
  const c = input.c ?? 1;
  const maxIterations = input.maxIterations ?? 100;
  validate(input.features, labels, c);

  const scaling = fitColumnScaling(input.features);
  const x = applyColumnScaling(input.features, scaling);
  const d = x.length + 1; // θ = [b, w₁ … w_p]

  let theta: Float64Array = new Float64Array(d);
  let state = evaluate(x, labels, c, theta);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const step = solveCholesky(state.hessian, negate(state.gradient));
    // The Hessian is positive definite (the penalty adds I on w, and Σ p(1−p) > 0 on b),
    // so this only fails on numerically degenerate input.
    if (!step) throw new InvalidInputError("the logistic regression Hessian is singular: check for infinite features");
    const slope = dot(state.gradient, step);
    let t = 1;
    let next = evaluate(x, labels, c, axpy(theta, step, t));
    while (next.objective > state.objective + 1e-4 * t * slope && t > 1e-10) {
      t /= 2;
      next = evaluate(x, labels, c, axpy(theta, step, t));
    }
    const moved = t * maxAbs(step);
    // Rounding can make the objective at the optimum's neighbour look no better: keep the lower one.
    if (next.objective <= state.objective) {
      theta = axpy(theta, step, t);
      state = next;
    }
    if (moved < STEP_TOLERANCE) {
      converged = true;
      break;
    }
  }

  return {
    model: {
      mean: scaling.mean,
      scale: scaling.scale,
      coefficients: Array.from(theta.subarray(1)),
      intercept: theta[0] as number,
    },
    iterations,
    converged,
    objective: state.objective,
    gradientMaxAbs: maxAbs(state.gradient),
  };
}

/** Objective, gradient and Hessian (row-major, d × d) at θ = `at`, on standardised columns. */
function evaluate(columns: Float64Array[], y: Float64Array, c: number, at: Float64Array) {
  const n = y.length;
  const p = columns.length;
  const d = p + 1;
  const gradient = new Float64Array(d);
  const hessian = new Float64Array(d * d);
  const row = new Float64Array(d);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    row[0] = 1;
    let z = at[0] as number;
    for (let j = 0; j < p; j++) {
      const v = (columns[j] as Float64Array)[i] as number;
      row[j + 1] = v;
      z += v * (at[j + 1] as number);
    }
    const yi = y[i] as number;
    // log(1 + e^z) − y·z, without overflow for large |z|.
    loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - yi * z;
    const prob = sigmoid(z);
    const residual = prob - yi;
    const weight = prob * (1 - prob);
    for (let a = 0; a < d; a++) {
      const ra = row[a] as number;
      gradient[a] = (gradient[a] as number) + c * residual * ra;
      const wa = c * weight * ra;
      for (let b = 0; b <= a; b++) hessian[a * d + b] = (hessian[a * d + b] as number) + wa * (row[b] as number);
    }
  }
  let penalty = 0;
  for (let j = 1; j < d; j++) {
    const w = at[j] as number;
    penalty += w * w;
    gradient[j] = (gradient[j] as number) + w;
    hessian[j * d + j] = (hessian[j * d + j] as number) + 1;
  }
  for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) hessian[a * d + b] = hessian[b * d + a] as number;
  return { objective: 0.5 * penalty + c * loss, gradient, hessian };
}

function validate(features: readonly Float64Array[], labels: Float64Array, c: number): void {
  if (!(typeof c === "number" && Number.isFinite(c) && c > 0)) {
    throw new InvalidInputError(`c must be a positive finite number, got ${String(c)}`);
  }
  const n = labels.length;
  if (n === 0) throw new InvalidInputError("cannot fit a logistic regression on zero rows");
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i] as number;
    if (y !== 0 && y !== 1) throw new InvalidInputError(`labels must be 0 or 1: labels[${i}] = ${y}`);
    positives += y;
  }
  if (positives === 0 || positives === n) {
    throw new InvalidInputError(`cannot fit a logistic regression: all ${n} labels are ${positives === 0 ? 0 : 1}`);
  }
  for (const [j, column] of features.entries()) {
    if (column.length !== n) throw new InvalidInputError(`feature ${j} has ${column.length} rows, labels have ${n}`);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(column[i] as number)) {
        throw new InvalidInputError(`feature ${j} row ${i} is not a finite number: ${column[i]}`);
      }
    }
  }
}

function negate(v: Float64Array): Float64Array {
  return v.map((x) => -x);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function axpy(base: Float64Array, direction: Float64Array, t: number): Float64Array {
  return base.map((v, i) => v + t * (direction[i] as number));
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (const x of v) m = Math.max(m, Math.abs(x));
  return m;
}
