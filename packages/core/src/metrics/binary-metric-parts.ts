import type { ConfusionMatrix } from "../curves/confusion-matrix.ts";
import type { ThresholdSweep } from "../curves/threshold-sweep.ts";
import { averagePrecisionFromSweep } from "./average-precision.ts";
import type { BinaryMetricName } from "./binary-metric-names.ts";
import { probabilityMetric } from "./probability-metrics.ts";
import type { ProbabilitySummary } from "./probability-summary.ts";
import { rocAucFromSweep } from "./roc-auc.ts";
import { thresholdMetric } from "./threshold-metrics.ts";

/**
 * The three shared intermediates every binary metric is read from: the confusion matrix
 * at the threshold (threshold metrics), the probability summary (log_loss, brier_score,
 * ece) and the threshold sweep (roc_auc, average_precision). Each is computed once, only
 * when a requested metric needs it.
 */
export interface BinaryMetricParts {
  confusion?: ConfusionMatrix;
  summary?: ProbabilitySummary;
  sweep?: ThresholdSweep;
}

/** Reads one metric from its part; throws MetricUndefinedError where the metric is undefined. */
export function binaryMetricFromParts(metric: BinaryMetricName, parts: BinaryMetricParts): number {
  switch (metric) {
    case "roc_auc":
      return rocAucFromSweep(need(parts.sweep, metric));
    case "average_precision":
      return averagePrecisionFromSweep(need(parts.sweep, metric));
    case "log_loss":
    case "brier_score":
    case "ece":
      return probabilityMetric(metric, need(parts.summary, metric));
    case "accuracy":
    case "precision":
    case "recall":
    case "f1":
    case "balanced_accuracy":
    case "mcc":
      return thresholdMetric(metric, need(parts.confusion, metric));
  }
}

function need<T>(part: T | undefined, metric: BinaryMetricName): T {
  if (part === undefined) throw new Error(`internal: the part ${metric} needs was not computed`);
  return part;
}
