import type { BinaryMetricName } from "../metrics/binary-metric-names.ts";
import type { MulticlassMetricName } from "../metrics/multiclass/multiclass-metric-names.ts";
import type { RegressionMetricName } from "../metrics/regression/regression-metric-names.ts";

export type MetricName = BinaryMetricName | MulticlassMetricName | RegressionMetricName;
export type MetricDirection = "higher_is_better" | "lower_is_better";

/**
 * Which way is better, for every metric name of DESIGN.md (a name shared by several tasks,
 * like log_loss, means the same there). The one table that "worst slice", regressions and
 * gates read: losses and errors are lower-is-better, scores higher-is-better. mcc and r2
 * can be negative; higher is still better.
 */
export const METRIC_DIRECTION = {
  roc_auc: "higher_is_better",
  average_precision: "higher_is_better",
  log_loss: "lower_is_better",
  brier_score: "lower_is_better",
  ece: "lower_is_better",
  accuracy: "higher_is_better",
  precision: "higher_is_better",
  recall: "higher_is_better",
  f1: "higher_is_better",
  balanced_accuracy: "higher_is_better",
  mcc: "higher_is_better",
  macro_f1: "higher_is_better",
  roc_auc_ovr: "higher_is_better",
  mae: "lower_is_better",
  rmse: "lower_is_better",
  r2: "higher_is_better",
  mape: "lower_is_better",
} as const satisfies Record<MetricName, MetricDirection>;

/** True when `a` is strictly worse than `b` for `metric`. */
export function isWorse(metric: MetricName, a: number, b: number): boolean {
  return METRIC_DIRECTION[metric] === "higher_is_better" ? a < b : a > b;
}
