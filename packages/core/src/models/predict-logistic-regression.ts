import { InvalidInputError } from "../errors/invalid-input-error.ts";

/** A fitted binary logistic regression that standardises its inputs with the training mean and scale. */
export interface LogisticRegressionModel {
  /** Training mean of each feature. */
  mean: number[];
  /** Training standard deviation of each feature (1 for a constant one). */
  scale: number[];
  /** Weights on the standardised features: sklearn's `coef_[0]` after a `StandardScaler`. */
  coefficients: number[];
  intercept: number;
}

/** The logistic function, written so that neither branch overflows. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** P(y = 1) for each row; `features` holds one column per feature, in the order the model was fitted on. */
export function predictLogisticRegression(
  model: LogisticRegressionModel,
  features: readonly Float64Array[],
): Float64Array {
  const d = model.coefficients.length;
  if (features.length !== d) throw new InvalidInputError(`the model takes ${d} features, got ${features.length}`);
  const n = features[0]?.length ?? 0;
  for (const [j, column] of features.entries()) {
    if (column.length !== n) throw new InvalidInputError(`feature ${j} has ${column.length} rows, feature 0 has ${n}`);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = model.intercept;
    for (let j = 0; j < d; j++) {
      const x = (features[j] as Float64Array)[i] as number;
      z += ((x - (model.mean[j] as number)) / (model.scale[j] as number)) * (model.coefficients[j] as number);
    }
    if (!Number.isFinite(z)) throw new InvalidInputError(`row ${i} has a feature that is not a finite number`);
    out[i] = sigmoid(z);
  }
  return out;
}
