import {
  accuracy,
  averagePrecision,
  BINARY_METRICS,
  type BinaryMetricFn,
  type BinaryMetricName,
  balancedAccuracy,
  binaryEvaluation,
  bootstrapBinarySuite,
  brierScore,
  ece,
  evaluateBinary,
  f1,
  logLoss,
  MetricUndefinedError,
  mcc,
  precision,
  recall,
  rocAuc,
} from "@fieldtest/core";
import type { IntervalOutcomes, TaskEvaluator } from "./metrics-report.ts";

export interface BinaryData {
  labels: Float64Array;
  scores: Float64Array;
  /** Predicted positive when score >= threshold. */
  threshold: number;
}

/** core's binary suite (every name in BINARY_METRICS) on one set of rows. */
export function binaryEvaluator(data: BinaryData): TaskEvaluator {
  const { labels, scores, threshold } = data;
  const names = BINARY_METRICS as readonly BinaryMetricName[];
  return {
    names,
    rows: labels.length,
    // binaryEvaluation shares one sort between all metrics and reports an undefined one as null with its reason.
    metrics: () => {
      const evaluation = binaryEvaluation(labels, scores, { threshold });
      const reasons: Record<string, string> = {};
      for (const [name, problem] of Object.entries(evaluation.problems)) {
        if (problem !== undefined) reasons[name] = problem.message;
      }
      return { values: { ...evaluation.metrics }, reasons };
    },
    // One shared-resample bootstrap for every metric: each replicate's multinomial counts are
    // drawn once and all metrics are read from them in O(n), without re-sorting.
    intervals: (requested, choice, status) => {
      status?.(
        `bootstrap ${requested.length} metrics on shared resamples (${choice.resamples} resamples of ${labels.length} rows)`,
      );
      try {
        return bootstrapBinarySuite({
          labels,
          scores,
          threshold,
          metrics: requested as BinaryMetricName[],
          seed: choice.seed,
          resamples: choice.resamples,
          level: choice.level,
        });
      } catch (error) {
        // Undefined on every resample: no metric of the suite has an interval.
        if (!(error instanceof MetricUndefinedError)) throw error;
        return Object.fromEntries(requested.map((name) => [name, error])) as IntervalOutcomes;
      }
    },
  };
}

/** core's own function per metric, where it has one with the (labels, scores[, threshold]) shape. */
const PROBABILITY_OR_RANKING: Partial<Record<BinaryMetricName, BinaryMetricFn>> = {
  roc_auc: rocAuc,
  average_precision: averagePrecision,
  log_loss: logLoss,
  brier_score: brierScore,
  ece,
};
const AT_THRESHOLD: Partial<Record<BinaryMetricName, (y: Float64Array, s: Float64Array, t: number) => number>> = {
  accuracy,
  precision,
  recall,
  f1,
  balanced_accuracy: balancedAccuracy,
  mcc,
};

/**
 * One binary metric as a function of (labels, scores), as core's one-metric bootstraps
 * take it (compare's paired bootstrap):
 * core's own per-metric function (roc_auc is `rocAuc` itself, which selects core's
 * O(n)-per-replicate bootstrap), or evaluateBinary for a metric core adds later.
 */
export function binaryMetricFn(name: BinaryMetricName, threshold: number): BinaryMetricFn {
  const direct = PROBABILITY_OR_RANKING[name];
  if (direct !== undefined) return direct;
  const atThreshold = AT_THRESHOLD[name];
  if (atThreshold !== undefined) return (labels, scores) => atThreshold(labels, scores, threshold);
  return (labels, scores) => evaluateBinary({ labels, scores, threshold, metrics: [name] })[0]?.value ?? Number.NaN;
}
