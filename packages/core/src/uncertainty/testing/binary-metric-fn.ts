import { accuracy } from "../../metrics/accuracy.ts";
import { averagePrecision } from "../../metrics/average-precision.ts";
import type { BinaryMetricName } from "../../metrics/binary-metric-names.ts";
import { brierScore, ece, logLoss } from "../../metrics/probability-metrics.ts";
import { rocAuc } from "../../metrics/roc-auc.ts";
import { balancedAccuracy, f1, mcc, precision, recall } from "../../metrics/threshold-metrics.ts";
import type { BinaryMetricFn } from "../bootstrap-interval.ts";

/**
 * Each binary metric as core's own function of (labels, scores), the way the one-metric
 * bootstraps take it (rocAuc itself, which selects their O(n)-per-replicate path); the suite
 * bootstraps' tests compare against them.
 */
export function binaryMetricFn(name: BinaryMetricName, threshold: number): BinaryMetricFn {
  const at = (f: (y: Float64Array, s: Float64Array, t: number) => number) => (y: Float64Array, s: Float64Array) =>
    f(y, s, threshold);
  const fns: Record<BinaryMetricName, BinaryMetricFn> = {
    roc_auc: rocAuc,
    average_precision: averagePrecision,
    log_loss: logLoss,
    brier_score: brierScore,
    ece,
    accuracy: at(accuracy),
    precision: at(precision),
    recall: at(recall),
    f1: at(f1),
    balanced_accuracy: at(balancedAccuracy),
    mcc: at(mcc),
  };
  return fns[name];
}
