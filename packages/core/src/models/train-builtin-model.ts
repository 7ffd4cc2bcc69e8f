import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { seedToUint64 } from "../random/splitmix64.ts";
import {
  type BuiltinModelSpec,
  GRADIENT_BOOSTING_DEFAULTS,
  type GradientBoostingBuiltinParams,
  LOGISTIC_REGRESSION_DEFAULTS,
  type LogisticRegressionParams,
  parseBuiltinModelSpec,
} from "./builtin-model-spec.ts";
import type { FeatureColumn } from "./feature-column.ts";
import { encodeFeatureMatrix, fitFeatureEncoder } from "./feature-encoder.ts";
import { GradientBoostingTrainer } from "./gradient-boosting.ts";
import { LogisticNewton, linearPredictor } from "./logistic-newton.ts";
import { predictGradientBoosting } from "./predict-gradient-boosting.ts";
import { sigmoid } from "./predict-logistic-regression.ts";
import type { TrainedBuiltinModel } from "./trained-builtin-model.ts";

export interface BuiltinTrainingData {
  features: readonly FeatureColumn[];
  /** 0 or 1 per row. */
  labels: Float64Array;
}

/**
 * Training in steps, so that a shell can report progress and yield between them (core stays
 * synchronous): call `step()` until it returns true, then take `model()`.
 */
export interface BuiltinTrainer {
  /** Share of the training done, 0…1 (for logistic regression an estimate: Newton needs ~10 steps). */
  readonly progress: number;
  readonly done: boolean;
  /** One Newton iteration or one boosting tree; returns whether training is finished. */
  step(): boolean;
  /** The trained model (JSON-safe); only once `done`. */
  model(): TrainedBuiltinModel;
}

// Newton steps a typical logistic regression fit takes, for a progress estimate.
const TYPICAL_NEWTON_STEPS = 10;

/**
 * Starts training the builtin model `spec` on the train rows: fits the feature encoder (see
 * `fitFeatureEncoder`), encodes the rows, then
 * - logistic_regression: sklearn's `LogisticRegression(C=c)` on the encoded matrix (no further
 *   scaling), solved exactly by Newton's method; the seed is not used (the fit is deterministic);
 * - gradient_boosting: `GradientBoostingTrainer` on the encoded matrix; the seed picks the
 *   binning subsample (only used above 200,000 rows).
 */
export function startBuiltinTraining(spec: BuiltinModelSpec, train: BuiltinTrainingData, seed: number): BuiltinTrainer {
  const checked = parseBuiltinModelSpec(spec);
  seedToUint64(seed); // refuses a seed that is not a safe integer
  if (!(train.labels instanceof Float64Array)) throw new InvalidInputError("train labels must be a Float64Array");
  const encoder = fitFeatureEncoder(train.features, { maxCategories: checked.params?.maxCategories });
  const rows = train.features[0]?.values.length ?? 0;
  if (train.features.length > 0 && rows !== train.labels.length) {
    throw new InvalidInputError(`train features have ${rows} rows, train labels have ${train.labels.length}`);
  }
  const matrix = encodeFeatureMatrix(encoder, train.features);

  if (checked.algorithm === "logistic_regression") {
    const params: LogisticRegressionParams = { ...LOGISTIC_REGRESSION_DEFAULTS, ...checked.params };
    const solver = new LogisticNewton({
      matrix,
      labels: train.labels,
      c: params.c,
      maxIterations: params.maxIterations,
    });
    return {
      get progress() {
        return solver.done ? 1 : Math.min(0.9, solver.iterations / TYPICAL_NEWTON_STEPS);
      },
      get done() {
        return solver.done;
      },
      step: () => solver.step(),
      model: () => {
        if (!solver.done) throw new Error("the logistic regression is still training");
        const { intercept, coefficients, iterations, converged, objective, gradientMaxAbs } = solver.solution();
        return {
          formatVersion: 1,
          algorithm: "logistic_regression",
          params,
          encoder,
          intercept,
          coefficients,
          fit: { iterations, converged, objective, gradientMaxAbs },
        };
      },
    };
  }

  const params: GradientBoostingBuiltinParams = { ...GRADIENT_BOOSTING_DEFAULTS, ...checked.params };
  const trainer = new GradientBoostingTrainer({ matrix, labels: train.labels, params, seed });
  return {
    get progress() {
      return trainer.iterations / params.maxIterations;
    },
    get done() {
      return trainer.done;
    },
    step: () => trainer.step(),
    model: () => {
      if (!trainer.done) throw new Error("the gradient boosting model is still training");
      return {
        formatVersion: 1,
        algorithm: "gradient_boosting",
        params,
        seed,
        encoder,
        ...trainer.model(),
        trainLoss: [...trainer.trainLoss],
      };
    },
  };
}

/** Trains `spec` on the train rows in one go (see `startBuiltinTraining`). */
export function trainBuiltinModel(
  spec: BuiltinModelSpec,
  train: BuiltinTrainingData,
  seed: number,
): TrainedBuiltinModel {
  const trainer = startBuiltinTraining(spec, train, seed);
  while (!trainer.step()) {
    // one Newton iteration or one tree per step
  }
  return trainer.model();
}

/** P(y = 1) for every row of `features` (matched to the train features by name). */
export function predictBuiltinModel(model: TrainedBuiltinModel, features: readonly FeatureColumn[]): Float64Array {
  const matrix = encodeFeatureMatrix(model.encoder, features);
  if (model.algorithm === "gradient_boosting") return predictGradientBoosting(model, matrix);
  if (model.coefficients.length !== matrix.width) {
    throw new InvalidInputError(`the model has ${model.coefficients.length} coefficients for ${matrix.width} columns`);
  }
  return linearPredictor(matrix, [model.intercept, ...model.coefficients]).map(sigmoid);
}
