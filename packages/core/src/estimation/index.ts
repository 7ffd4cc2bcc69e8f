// Public exports of this area; re-exported by src/index.ts.
export {
  type CalibrationCheck,
  type CalibrationCheckOptions,
  checkCalibration,
  DEFAULT_CALIBRATION_SPLITS,
  DEFAULT_CALIBRATION_TEST_FRACTION,
  SEPARABLE_ROC_AUC,
} from "./calibration-check.ts";
export {
  type ExpectedConfusionMatrix,
  LABEL_FREE_METRICS,
  type LabelFreeMetricName,
  type LabelFreeThresholdMetricName,
} from "./cbpe-metrics.ts";
export { EQUAL_COUNT_ECE_BINS, equalCountBinEdges, equalCountEce } from "./equal-count-ece.ts";
export {
  type EstimatePerformanceOptions,
  estimatePerformance,
  type LabelFreeEstimate,
  type LabelFreeMetricEstimate,
} from "./estimate-performance.ts";
export {
  DEFAULT_MAX_REFERENCE_ECE,
  type FitLabelFreeEstimatorOptions,
  fitLabelFreeEstimator,
  type LabelFreeEstimator,
  type LabelFreeRefusalCode,
  type LabelFreeTrust,
} from "./fit-label-free-estimator.ts";
export {
  fitIsotonicRegression,
  type IsotonicRegressionModel,
  predictIsotonicRegression,
} from "./isotonic-regression.ts";
