// Public exports of this area; re-exported by src/index.ts.
export {
  type ApplyPerturbationsOptions,
  applyPerturbation,
  applyPerturbations,
  type FeatureColumns,
  type PerturbationChange,
  type PerturbationResult,
  type PerturbedFeatures,
} from "./apply-perturbations.ts";
export { isWorse, METRIC_DIRECTION, type MetricDirection, type MetricName } from "./metric-direction.ts";
export { fnv1a64, perturbationRng, standardNormalSource } from "./perturbation-rng.ts";
export {
  categorySwapSpecSchema,
  gaussianNoiseSpecSchema,
  missingValuesSpecSchema,
  type PerturbationKind,
  type PerturbationSpec,
  perturbationSpecListSchema,
  perturbationSpecSchema,
  shiftSpecSchema,
} from "./perturbation-spec.ts";
export {
  type BacktestFold,
  type RollingOriginOptions,
  rollingOriginFolds,
  type TestWindow,
  type TrainWindow,
} from "./rolling-origin-folds.ts";
export { MISSING_SLICE, type SliceColumn } from "./slice-codes.ts";
export type { MetricInterval } from "./slice-interval.ts";
export {
  type GroupMetrics,
  type SliceMetrics,
  type SliceMetricsOptions,
  type SliceMetricsResult,
  sliceMetrics,
  type WorstSlice,
} from "./slice-metrics.ts";
