import { accuracy } from "../metrics/accuracy.ts";
import { averagePrecision } from "../metrics/average-precision.ts";
import type { BinaryMetricName } from "../metrics/binary-metric-names.ts";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { brierScore, ece, logLoss } from "../metrics/probability-metrics.ts";
import { rocAuc } from "../metrics/roc-auc.ts";
import { balancedAccuracy, f1, mcc, precision, recall } from "../metrics/threshold-metrics.ts";
import { type BinaryMetricFn, bootstrapInterval } from "../uncertainty/bootstrap-interval.ts";
import type { BootstrapInterval, BootstrapSettings } from "../uncertainty/run-bootstrap.ts";

/** A bootstrap interval without its replicate values (small enough to store per slice). */
export type MetricInterval = Omit<BootstrapInterval, "replicates">;

/** The function bootstrapInterval resamples; `rocAuc` itself so it takes its O(n) path. */
function metricFn(metric: BinaryMetricName, threshold: number): BinaryMetricFn {
  switch (metric) {
    case "roc_auc":
      return rocAuc;
    case "average_precision":
      return averagePrecision;
    case "log_loss":
      return logLoss;
    case "brier_score":
      return brierScore;
    case "ece":
      return ece;
    case "accuracy":
      return (y, s) => accuracy(y, s, threshold);
    case "precision":
      return (y, s) => precision(y, s, threshold);
    case "recall":
      return (y, s) => recall(y, s, threshold);
    case "f1":
      return (y, s) => f1(y, s, threshold);
    case "balanced_accuracy":
      return (y, s) => balancedAccuracy(y, s, threshold);
    case "mcc":
      return (y, s) => mcc(y, s, threshold);
  }
}

/**
 * bootstrapInterval of one metric on one group of rows; an interval that cannot be formed
 * (the metric undefined on every resample) is `{ problem }` instead of an exception, so
 * one slice does not cost the others their intervals.
 */
export function metricInterval(opts: {
  labels: Float64Array;
  scores: Float64Array;
  metric: BinaryMetricName;
  threshold: number;
  bootstrap: BootstrapSettings;
}): { interval: MetricInterval } | { problem: string } {
  const { labels, scores, metric, threshold, bootstrap } = opts;
  try {
    const { replicates: _, ...interval } = bootstrapInterval({
      ...bootstrap,
      labels,
      scores,
      metric: metricFn(metric, threshold),
      name: metric,
    });
    return { interval };
  } catch (error) {
    if (error instanceof MetricUndefinedError) return { problem: error.message };
    throw error;
  }
}
