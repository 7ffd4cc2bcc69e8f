import { confusionFromClasses } from "../curves/confusion-matrix.ts";
import { sweepSortedScores } from "../curves/threshold-sweep.ts";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import {
  BINARY_METRICS,
  type BinaryMetricName,
  isBinaryMetricName,
  PROBABILITY_METRICS,
  RANKING_METRICS,
  THRESHOLD_METRICS,
} from "./binary-metric-names.ts";
import { type BinaryMetricParts, binaryMetricFromParts } from "./binary-metric-parts.ts";
import { summarizeProbabilities } from "./probability-summary.ts";
import { sortScoresByClass, splitScoresByClass } from "./split-scores-by-class.ts";
import { describeNonProbabilities, validateBinaryInputs, validateThreshold } from "./validate-binary-inputs.ts";

export interface EvaluateBinaryOptions {
  labels: Float64Array;
  scores: Float64Array;
  /** Threshold for threshold metrics; predicted positive when score >= threshold. */
  threshold: number;
  metrics: readonly BinaryMetricName[];
}

export interface BinaryMetricValue {
  metric: BinaryMetricName;
  value: number;
  /** Rows the value was computed on. */
  n: number;
}

/**
 * Validates the columns once and computes the requested metrics in the order asked, each
 * from the shared part it needs (see binaryEvaluation), computing only those parts: a
 * request for threshold metrics alone costs O(n), not a sort.
 * - An undefined metric (e.g. roc_auc with one class) throws MetricUndefinedError rather
 *   than returning NaN: a missing value must never pass silently.
 * - log_loss, brier_score or ece requested on scores outside [0, 1] → InvalidInputError
 *   naming the first such row (checked before anything is computed).
 */
export function evaluateBinary(opts: EvaluateBinaryOptions): BinaryMetricValue[] {
  const { labels, scores, threshold, metrics } = opts;
  validateBinaryInputs(labels, scores);
  validateThreshold(threshold);
  const seen = new Set<string>();
  for (const metric of metrics) {
    if (!isBinaryMetricName(metric)) {
      throw new InvalidInputError(`unknown binary metric "${metric}"; known: ${BINARY_METRICS.join(", ")}`);
    }
    if (seen.has(metric)) throw new InvalidInputError(`metric "${metric}" is requested twice`);
    seen.add(metric);
  }
  const wants = (group: readonly BinaryMetricName[]) => metrics.find((m) => group.includes(m));
  const probabilityMetric = wants(PROBABILITY_METRICS);
  if (probabilityMetric !== undefined) {
    const problem = describeNonProbabilities(scores);
    if (problem !== null) throw new InvalidInputError(`${probabilityMetric}: ${problem}`);
  }

  const byClass = splitScoresByClass(labels, scores);
  const parts: BinaryMetricParts = {};
  if (probabilityMetric !== undefined) parts.summary = summarizeProbabilities(byClass.positives, byClass.negatives);
  if (wants(THRESHOLD_METRICS) !== undefined) {
    parts.confusion = confusionFromClasses(byClass.positives, byClass.negatives, threshold);
  }
  if (wants(RANKING_METRICS) !== undefined) {
    const { positives, negatives } = sortScoresByClass(byClass);
    parts.sweep = sweepSortedScores(positives, negatives);
  }
  const n = labels.length;
  return metrics.map((metric) => ({ metric, value: binaryMetricFromParts(metric, parts), n }));
}
