/**
 * The binary-classification metrics, in the order of DESIGN.md; one name per metric
 * everywhere (schema, API, UI, CLI). Threshold metrics: accuracy, precision, recall, f1,
 * balanced_accuracy, mcc. Probability metrics (scores must be in [0, 1]): log_loss,
 * brier_score, ece. Ranking metrics: roc_auc, average_precision.
 */
export const BINARY_METRICS = [
  "roc_auc",
  "average_precision",
  "log_loss",
  "brier_score",
  "ece",
  "accuracy",
  "precision",
  "recall",
  "f1",
  "balanced_accuracy",
  "mcc",
] as const;
export type BinaryMetricName = (typeof BINARY_METRICS)[number];

export function isBinaryMetricName(name: string): name is BinaryMetricName {
  return (BINARY_METRICS as readonly string[]).includes(name);
}

export const RANKING_METRICS = ["roc_auc", "average_precision"] as const satisfies readonly BinaryMetricName[];
export const PROBABILITY_METRICS = ["log_loss", "brier_score", "ece"] as const satisfies readonly BinaryMetricName[];
export const THRESHOLD_METRICS = [
  "accuracy",
  "precision",
  "recall",
  "f1",
  "balanced_accuracy",
  "mcc",
] as const satisfies readonly BinaryMetricName[];
