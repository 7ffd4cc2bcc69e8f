// Public API of @fieldtest/core: pure evaluation, no I/O, no clocks, no ambient randomness.

// areas with their own index (one line each here)
export * from "./comparison/index.ts";
export * from "./curves/index.ts";
export * from "./decisions/index.ts";
export * from "./drift/index.ts";
export { canonicalJson } from "./encoding/canonical-json.ts";
export { InvalidInputError } from "./errors/invalid-input-error.ts";
export * from "./estimation/index.ts";
export * from "./holdout/index.ts";
export { accuracy } from "./metrics/accuracy.ts";
export { averagePrecision, averagePrecisionFromSweep } from "./metrics/average-precision.ts";
export {
  type BinaryEvaluation,
  type BinaryEvaluationOptions,
  binaryEvaluation,
  DEFAULT_THRESHOLD,
  type MetricProblem,
} from "./metrics/binary-evaluation.ts";
export {
  BINARY_METRICS,
  type BinaryMetricName,
  isBinaryMetricName,
  PROBABILITY_METRICS,
  RANKING_METRICS,
  THRESHOLD_METRICS,
} from "./metrics/binary-metric-names.ts";
export { type BinaryMetricValue, type EvaluateBinaryOptions, evaluateBinary } from "./metrics/evaluate-binary.ts";
export { MetricUndefinedError } from "./metrics/metric-undefined-error.ts";
export * from "./metrics/multiclass/index.ts";
export { brierScore, ece, logLoss, type ProbabilityMetricName } from "./metrics/probability-metrics.ts";
export { LOG_LOSS_EPS, RELIABILITY_BIN_COUNT, RELIABILITY_BIN_EDGES } from "./metrics/probability-summary.ts";
export * from "./metrics/regression/index.ts";
export { rocAuc, rocAucFromSweep } from "./metrics/roc-auc.ts";
export { type ScoresByClass, sortScoresByClass, splitScoresByClass } from "./metrics/split-scores-by-class.ts";
export {
  balancedAccuracy,
  f1,
  mcc,
  precision,
  recall,
  type ThresholdMetricName,
  thresholdMetric,
} from "./metrics/threshold-metrics.ts";
export * from "./models/index.ts";
export { NeumaierSum, neumaierSum } from "./numerics/neumaier-sum.ts";
export { createRng, type Rng } from "./random/create-rng.ts";
export { seedToUint64, splitMix64 } from "./random/splitmix64.ts";
export { uniformInt } from "./random/uniform-int.ts";
export * from "./readiness/index.ts";
export * from "./realism/index.ts";
export * from "./schemas/index.ts";
export * from "./shadow/index.ts";
export { type RandomSplitOptions, randomSplit } from "./splits/random-split.ts";
export type { SplitIndices } from "./splits/split-indices.ts";
export { type TemporalSplitOptions, temporalSplit } from "./splits/temporal-split.ts";
export * from "./uncertainty/index.ts";
