// Public exports of this area; re-exported by src/index.ts.
export { type LabelledEstimate, type PairwiseComparison, pairwiseIntervalComparisons } from "./compare-intervals.ts";
export { detectRegressions, type RegressionCheck } from "./detect-regressions.ts";
export {
  type IntervalEstimate,
  type IntervalZTestResult,
  intervalZTest,
  standardErrorFromInterval,
} from "./interval-z-test.ts";
export {
  PAIRED_COMPARISON_SEED,
  PAIRED_DECISION_TEXT,
  type PairedComparisonDecision,
  type PairedComparisonOptions,
  type PairedComparisonResult,
  type PairedMetricComparison,
  type PairedTestName,
  pairedComparison,
} from "./paired-comparison.ts";
