// Public exports of this area; re-exported by src/index.ts.
export {
  BUILTIN_ALGORITHMS,
  type BuiltinAlgorithm,
  type BuiltinModelSpec,
  builtinModelSpecSchema,
  GRADIENT_BOOSTING_DEFAULTS,
  type GradientBoostingBuiltinParams,
  gradientBoostingParamsSchema,
  LOGISTIC_REGRESSION_DEFAULTS,
  type LogisticRegressionParams,
  logisticRegressionParamsSchema,
  parseBuiltinModelSpec,
} from "./builtin-model-spec.ts";
export type { FeatureColumn, FeatureType } from "./feature-column.ts";
export {
  type EncodedFeature,
  encodeFeatures,
  type FeatureEncoder,
  type FitFeatureEncoderOptions,
  fitFeatureEncoder,
  MAX_CATEGORIES,
} from "./feature-encoder.ts";
export {
  type FitLogisticRegressionInput,
  fitLogisticRegression,
  type LogisticRegressionFit,
} from "./fit-logistic-regression.ts";
export type { BoostedTree } from "./gradient-boosting.ts";
export { type LogisticRegressionModel, predictLogisticRegression } from "./predict-logistic-regression.ts";
export {
  type BuiltinTrainer,
  type BuiltinTrainingData,
  predictBuiltinModel,
  startBuiltinTraining,
  trainBuiltinModel,
} from "./train-builtin-model.ts";
export {
  parseTrainedBuiltinModel,
  type TrainedBuiltinModel,
  trainedBuiltinModelSchema,
} from "./trained-builtin-model.ts";
