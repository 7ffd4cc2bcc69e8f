import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { computeAccuracy } from "./accuracy.ts";
import { BINARY_METRICS, type BinaryMetricName, isBinaryMetricName } from "./binary-metric-names.ts";
import { computeRocAuc } from "./roc-auc.ts";
import { validateBinaryInputs, validateThreshold } from "./validate-binary-inputs.ts";

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
 * Validates the columns once and computes the requested metrics in the order asked.
 * An undefined metric (e.g. roc_auc with one class) throws MetricUndefinedError rather
 * than returning NaN: a missing value must never pass silently.
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
  const n = labels.length;
  return metrics.map((metric) => ({ metric, value: computeMetric(metric, opts), n }));
}

function computeMetric(metric: BinaryMetricName, opts: EvaluateBinaryOptions): number {
  switch (metric) {
    case "accuracy":
      return computeAccuracy(opts.labels, opts.scores, opts.threshold);
    case "roc_auc":
      return computeRocAuc(opts.labels, opts.scores);
  }
}
