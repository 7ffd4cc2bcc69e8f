// Public exports of this area; re-exported by ../index.ts.

export {
  type BootstrapBinarySuiteOptions,
  type BootstrapSuiteInterval,
  bootstrapBinarySuite,
} from "./bootstrap-binary-suite.ts";
export {
  type BinaryMetricFn,
  type BootstrapIntervalOptions,
  type BootstrapStatisticOptions,
  bootstrapInterval,
  bootstrapStatistic,
} from "./bootstrap-interval.ts";
export {
  ConfidenceSequence,
  type ConfidenceSequenceInterval,
  type ConfidenceSequenceOptions,
  type ConfidenceSequenceState,
} from "./confidence-sequence.ts";
export { type DelongTestOptions, type DelongTestResult, delongTest } from "./delong-test.ts";
export { type HolmBonferroniResult, holmBonferroni } from "./holm-bonferroni.ts";
export {
  type McnemarTestOptions,
  type McnemarTestResult,
  mcnemarExactPValue,
  mcnemarTest,
} from "./mcnemar-test.ts";
export {
  type PairedBootstrapDifference,
  type PairedBootstrapOptions,
  pairedBootstrapDifference,
} from "./paired-bootstrap.ts";
export {
  type PairedBootstrapBinarySuiteOptions,
  type PairedSuiteDifference,
  pairedBootstrapBinarySuite,
} from "./paired-bootstrap-binary-suite.ts";
export {
  PairedConfidenceSequence,
  type PairedConfidenceSequenceInterval,
  type PairedConfidenceSequenceOptions,
  type PairedConfidenceSequenceState,
  type PairedDecision,
} from "./paired-confidence-sequence.ts";
export { linearQuantile, percentileInterval } from "./percentile.ts";
export {
  type BootstrapInterval,
  type BootstrapSettings,
  DEFAULT_LEVEL,
  DEFAULT_MAX_REDRAWS,
  DEFAULT_RESAMPLES,
} from "./run-bootstrap.ts";
export {
  type AucDifferenceSampleSizeOptions,
  type AucSampleSize,
  type AucSampleSizeFromPilot,
  type AucSampleSizeFromPilotOptions,
  aucDifferenceSampleSize,
  aucSampleSizeFromPilot,
  type HanleyMcNeilOptions,
  hanleyMcNeilStandardError,
  hanleyMcNeilVariance,
  type McnemarSampleSizeOptions,
  mcnemarSampleSize,
  type PowerSettings,
  type SampleSize,
} from "./sample-size.ts";
export { erfc, logGamma, normalCdf, normalQuantile, normalSf, regularizedGammaQ } from "./special-functions.ts";
