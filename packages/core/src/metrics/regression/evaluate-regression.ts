import { InvalidInputError } from "../../errors/invalid-input-error.ts";
import { computeMae } from "./mae.ts";
import { computeMape } from "./mape.ts";
import { computeR2 } from "./r2.ts";
import { isRegressionMetricName, REGRESSION_METRICS, type RegressionMetricName } from "./regression-metric-names.ts";
import { computeRmse } from "./rmse.ts";
import { validateRegressionInputs } from "./validate-regression-inputs.ts";

export interface EvaluateRegressionOptions {
  labels: Float64Array;
  predictions: Float64Array;
  metrics: readonly RegressionMetricName[];
}

export interface RegressionMetricValue {
  metric: RegressionMetricName;
  value: number;
  /** Rows the value was computed on. */
  n: number;
}

/**
 * Validates the columns once and computes the requested metrics in the order asked.
 * An undefined metric (r2 on one row) throws MetricUndefinedError rather than returning
 * NaN: a missing value must never pass silently.
 */
export function evaluateRegression(opts: EvaluateRegressionOptions): RegressionMetricValue[] {
  const { labels, predictions, metrics } = opts;
  validateRegressionInputs(labels, predictions);
  const seen = new Set<string>();
  for (const metric of metrics) {
    if (!isRegressionMetricName(metric)) {
      throw new InvalidInputError(`unknown regression metric "${metric}"; known: ${REGRESSION_METRICS.join(", ")}`);
    }
    if (seen.has(metric)) throw new InvalidInputError(`metric "${metric}" is requested twice`);
    seen.add(metric);
  }
  const n = labels.length;
  return metrics.map((metric) => ({ metric, value: computeMetric(metric, labels, predictions), n }));
}

function computeMetric(metric: RegressionMetricName, labels: Float64Array, predictions: Float64Array): number {
  switch (metric) {
    case "mae":
      return computeMae(labels, predictions);
    case "rmse":
      return computeRmse(labels, predictions);
    case "r2":
      return computeR2(labels, predictions);
    case "mape":
      return computeMape(labels, predictions);
  }
}
