import {
  type BinaryEvaluation,
  type BinaryMetricName,
  binaryEvaluation,
  bootstrapBinarySuite,
  type ConfusionMatrix,
  costCurve,
  costOptimalThreshold,
  type DecisionCost,
  type DecisionCosts,
  evaluateBinary,
  expectedCost,
  MetricUndefinedError,
  resolveCostMatrix,
} from "@fieldtest/core";
import {
  badInput,
  type ConfusionResult,
  type CostsResult,
  type CurvesResult,
  type OperatingPoint,
  type ReliabilityResult,
  type StoredDecisionCost,
  type StoredMetric,
} from "@fieldtest/db";
import type { RunMetricValue } from "./run-status.ts";

/** What the evaluation of one set of rows needs from the protocol. */
export interface RowsProtocol {
  threshold: number;
  metrics: BinaryMetricName[];
  confidence: { level: number; resamples: number };
  costs?: DecisionCosts | undefined;
  seed: number;
}

export interface RowsInput {
  labels: Float64Array;
  scores: Float64Array;
  protocol: RowsProtocol;
}

/**
 * The protocol's metrics on the test rows, with seeded bootstrap intervals at the protocol's
 * level (none when resamples is 0). A requested metric that is undefined on these rows, or no
 * interval that can be formed, fails the run with a BAD_INPUT error saying what to change.
 */
export function headlineMetrics(input: RowsInput): RunMetricValue[] {
  const { labels, scores, protocol } = input;
  let values: RunMetricValue[];
  try {
    values = evaluateBinary({ labels, scores, threshold: protocol.threshold, metrics: protocol.metrics });
  } catch (err) {
    if (err instanceof MetricUndefinedError) {
      throw badInput("split", `The test split (${labels.length} rows) cannot be scored: ${err.message}`);
    }
    throw err;
  }
  const { level, resamples } = protocol.confidence;
  if (resamples === 0) return values;
  try {
    // The run's seed, like the split: the same run reproduces the same intervals.
    const intervals = bootstrapBinarySuite({
      labels,
      scores,
      threshold: protocol.threshold,
      metrics: protocol.metrics,
      seed: protocol.seed,
      resamples,
      level,
    });
    return values.map((v) => ({ ...v, lower: intervals[v.metric].lower, upper: intervals[v.metric].upper, level }));
  } catch (err) {
    if (err instanceof MetricUndefinedError) {
      throw badInput(
        "confidence",
        `No ${Math.round(level * 1000) / 10}% interval can be computed on the test split (${labels.length} rows): ${err.message}. Use a larger test split, or a benchmark version with resamples 0`,
      );
    }
    throw err;
  }
}

/**
 * The protocol's metrics on one group of rows (a fold, the holdout) without failing on an
 * undefined one: it is stored as null with its reason. Intervals (when the protocol asks for
 * them) cover the defined metrics; when none can be formed, the metrics go without.
 */
export function groupMetrics(input: RowsInput & { withIntervals: boolean }): StoredMetric[] {
  const { labels, scores, protocol } = input;
  const evaluation = binaryEvaluation(labels, scores, { threshold: protocol.threshold, maxCurvePoints: 2 });
  const stored = storedMetrics(evaluation, protocol.metrics);
  const { level, resamples } = protocol.confidence;
  const defined = protocol.metrics.filter((m) => evaluation.metrics[m] !== null);
  if (!input.withIntervals || resamples === 0 || defined.length === 0) return stored;
  try {
    const intervals = bootstrapBinarySuite({
      labels,
      scores,
      threshold: protocol.threshold,
      metrics: defined,
      seed: protocol.seed,
      resamples,
      level,
    });
    return stored.map((m) => {
      const interval = intervals[m.metric as BinaryMetricName];
      return interval ? { ...m, lower: interval.lower, upper: interval.upper, level } : m;
    });
  } catch (err) {
    if (err instanceof MetricUndefinedError) return stored;
    throw err;
  }
}

/** The requested metrics of an evaluation as stored (null with the reason when undefined). */
export function storedMetrics(evaluation: BinaryEvaluation, metrics: readonly BinaryMetricName[]): StoredMetric[] {
  return metrics.map((metric) => {
    const value = evaluation.metrics[metric];
    const problem = evaluation.problems[metric];
    return {
      metric,
      value,
      lower: null,
      upper: null,
      level: null,
      n: evaluation.n,
      ...(problem ? { problem: problem.message } : {}),
    };
  });
}

export interface RowsResults {
  curves: CurvesResult;
  reliability: ReliabilityResult;
  confusion: ConfusionResult;
  /** Only when the protocol has decision costs. */
  costs: CostsResult | null;
}

/** Curves, reliability bins, the confusion matrix and decision costs of the test rows (core's curves/ and decisions/). */
export function rowsResults(input: RowsInput): RowsResults {
  const { labels, scores, protocol } = input;
  const evaluation = binaryEvaluation(labels, scores, { threshold: protocol.threshold });
  const { n, positives, negatives, confusion } = evaluation;
  const costs = protocol.costs
    ? costsResult({ labels, scores, threshold: protocol.threshold, costs: protocol.costs })
    : null;
  const curves: CurvesResult = {
    n,
    positives,
    negatives,
    roc: evaluation.rocCurve,
    pr: evaluation.precisionRecallCurve,
    prevalence: n > 0 ? positives / n : null,
    thresholdCount: evaluation.sweep.thresholds.length,
    atThreshold: operatingPoint(confusion.threshold, confusion),
  };
  if (!evaluation.rocCurve) curves.rocProblem = "The ROC curve needs both classes among the test rows";
  if (!evaluation.precisionRecallCurve) curves.prProblem = "The precision–recall curve needs a test row labelled 1";
  if (costs) curves.atCostOptimal = operatingPoint(costs.optimal.threshold, costs.optimal.counts);

  const reliability: ReliabilityResult = {
    n,
    bins: evaluation.reliability,
    ece: evaluation.metrics.ece,
    ...(evaluation.reliability
      ? {}
      : { problem: evaluation.problems.ece?.message ?? "The scores are not probabilities" }),
  };
  return {
    curves,
    reliability,
    confusion: {
      threshold: confusion.threshold,
      tp: confusion.tp,
      fp: confusion.fp,
      tn: confusion.tn,
      fn: confusion.fn,
      n,
    },
    costs,
  };
}

/** Rates at one threshold from its confusion counts; a rate with a zero denominator is null. */
export function operatingPoint(
  threshold: number | null,
  counts: Pick<ConfusionMatrix, "tp" | "fp" | "tn" | "fn">,
): OperatingPoint {
  const { tp, fp, tn, fn } = counts;
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  return {
    threshold,
    tpr: ratio(tp, tp + fn),
    fpr: ratio(fp, fp + tn),
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
  };
}

/** Expected cost per decision at the stated threshold and at the cost-optimal one, and the cost curve. */
export function costsResult(input: {
  labels: Float64Array;
  scores: Float64Array;
  threshold: number;
  costs: DecisionCosts;
}): CostsResult {
  const { labels, scores, threshold, costs } = input;
  const atThreshold = expectedCost({ labels, scores, threshold, costs });
  const optimal = costOptimalThreshold({ labels, scores, costs });
  const curve = costCurve({ labels, scores, costs });
  return {
    costs: resolveCostMatrix(costs),
    n: labels.length,
    atThreshold: storedDecisionCost(atThreshold),
    optimal: storedDecisionCost(optimal),
    curve: curve.points.map((p) => ({ threshold: finiteOrNull(p.threshold), expectedCost: p.expectedCost })),
    thresholdCount: curve.thresholdCount,
  };
}

function storedDecisionCost(cost: DecisionCost): StoredDecisionCost {
  return {
    threshold: finiteOrNull(cost.threshold),
    allNegative: cost.threshold === Number.POSITIVE_INFINITY,
    expectedCost: cost.expectedCost,
    counts: { ...cost.counts },
  };
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);
