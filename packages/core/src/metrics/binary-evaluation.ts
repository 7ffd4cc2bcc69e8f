import { type ConfusionMatrix, confusionFromSortedClasses } from "../curves/confusion-matrix.ts";
import { resolveMaxPoints } from "../curves/downsample-curve.ts";
import { type PrecisionRecallPoint, precisionRecallCurveFromSweep } from "../curves/precision-recall-curve.ts";
import { type ReliabilityBin, reliabilityBinsFromSummary } from "../curves/reliability-diagram.ts";
import { type RocPoint, rocCurveFromSweep } from "../curves/roc-curve.ts";
import { sweepSortedScores, type ThresholdSweep } from "../curves/threshold-sweep.ts";
import { BINARY_METRICS, type BinaryMetricName, PROBABILITY_METRICS } from "./binary-metric-names.ts";
import { type BinaryMetricParts, binaryMetricFromParts } from "./binary-metric-parts.ts";
import { MetricUndefinedError } from "./metric-undefined-error.ts";
import { summarizeProbabilities } from "./probability-summary.ts";
import { sortScoresByClass, splitScoresByClass } from "./split-scores-by-class.ts";
import { describeNonProbabilities, validateBinaryInputs, validateThreshold } from "./validate-binary-inputs.ts";

/** DESIGN.md: threshold metrics use a stated threshold, default 0.5. */
export const DEFAULT_THRESHOLD = 0.5;

export interface BinaryEvaluationOptions {
  /** Predicted positive when score >= threshold; default 0.5. */
  threshold?: number;
  /** Bound on the ROC and PR curves' points (integer ≥ 2, or Infinity for all); default 200. */
  maxCurvePoints?: number;
}

/** Why a metric has no value on these rows. */
export interface MetricProblem {
  /**
   * `undefined`: mathematically undefined here (one class for roc_auc, zero rows);
   * `invalid_input`: the scores are not probabilities, which log_loss, brier_score and
   * ece need (evaluateBinary throws InvalidInputError for these).
   */
  kind: "undefined" | "invalid_input";
  message: string;
}

/** The whole binary suite on one pair of columns. */
export interface BinaryEvaluation {
  n: number;
  positives: number;
  negatives: number;
  threshold: number;
  /** Every metric of BINARY_METRICS, in that order; null exactly when `problems` names it. */
  metrics: Record<BinaryMetricName, number | null>;
  problems: Partial<Record<BinaryMetricName, MetricProblem>>;
  /** At `threshold`. */
  confusion: ConfusionMatrix;
  /** Downsampled for charts; null unless both classes are present. */
  rocCurve: RocPoint[] | null;
  /** Downsampled for charts; null when no row is labelled 1. */
  precisionRecallCurve: PrecisionRecallPoint[] | null;
  /** The 15 bins (empty ones flagged); null when the scores are not probabilities. */
  reliability: ReliabilityBin[] | null;
  /** Every distinct threshold with its counts, for cost curves and cost-optimal thresholds. */
  sweep: ThresholdSweep;
}

/**
 * Every binary metric, both curves, the reliability bins and the confusion matrix from one
 * shared computation — the function to time against scikit-learn:
 * 1. split the scores by label (O(n)) and, when all are probabilities, one O(n) pass for
 *    log_loss, brier_score and the 15 reliability bins (ECE);
 * 2. sort each class (sortFloat64, a radix sort) and merge them into the
 *    distinct-threshold sweep (O(n log n) + O(n)): roc_auc, average_precision and both
 *    curves are O(m) walks over it;
 * 3. the confusion matrix at the threshold by binary search in the sorted classes, and the
 *    six threshold metrics from it.
 * Validates like evaluateBinary (InvalidInputError for bad columns or threshold). Metrics
 * that cannot be computed are null with a reason instead of thrown, so one undefined
 * metric does not hide the others.
 */
export function binaryEvaluation(
  labels: Float64Array,
  scores: Float64Array,
  options: BinaryEvaluationOptions = {},
): BinaryEvaluation {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  validateBinaryInputs(labels, scores);
  validateThreshold(threshold);
  const maxPoints = resolveMaxPoints({ maxPoints: options.maxCurvePoints });
  const nonProbabilities = describeNonProbabilities(scores);

  const { summary, sweep, confusion } = sharedParts(labels, scores, threshold, nonProbabilities === null);
  const parts: BinaryMetricParts = { confusion, summary, sweep };

  const metrics = {} as Record<BinaryMetricName, number | null>;
  const problems: Partial<Record<BinaryMetricName, MetricProblem>> = {};
  for (const metric of BINARY_METRICS) {
    if (nonProbabilities !== null && (PROBABILITY_METRICS as readonly string[]).includes(metric)) {
      metrics[metric] = null;
      problems[metric] = { kind: "invalid_input", message: `${metric}: ${nonProbabilities}` };
      continue;
    }
    const value = orUndefined(() => binaryMetricFromParts(metric, parts));
    metrics[metric] = value.ok ? value.value : null;
    if (!value.ok) problems[metric] = { kind: "undefined", message: value.message };
  }

  const roc = orUndefined(() => rocCurveFromSweep(sweep, { maxPoints }));
  const pr = orUndefined(() => precisionRecallCurveFromSweep(sweep, { maxPoints }));
  return {
    n: labels.length,
    positives: sweep.positives,
    negatives: sweep.negatives,
    threshold,
    metrics,
    problems,
    confusion,
    rocCurve: roc.ok ? roc.value : null,
    precisionRecallCurve: pr.ok ? pr.value : null,
    reliability: summary === undefined ? null : reliabilityBinsFromSummary(summary),
    sweep,
  };
}

/**
 * The O(n) and O(n log n) work, in its own scope so the two sorted class columns are
 * garbage before the curves are built (peak memory at 10^7 rows stays ~2.5× the input).
 */
function sharedParts(
  labels: Float64Array,
  scores: Float64Array,
  threshold: number,
  withSummary: boolean,
): Required<Pick<BinaryMetricParts, "sweep" | "confusion">> & Pick<BinaryMetricParts, "summary"> {
  const byClass = splitScoresByClass(labels, scores);
  const summary = withSummary ? summarizeProbabilities(byClass.positives, byClass.negatives) : undefined;
  const { positives, negatives } = sortScoresByClass(byClass);
  return {
    summary,
    sweep: sweepSortedScores(positives, negatives),
    confusion: confusionFromSortedClasses(positives, negatives, threshold),
  };
}

type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

function orUndefined<T>(compute: () => T): Outcome<T> {
  try {
    return { ok: true, value: compute() };
  } catch (error) {
    if (error instanceof MetricUndefinedError) return { ok: false, message: error.message };
    throw error;
  }
}
