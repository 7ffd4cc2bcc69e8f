/** The multiclass-classification metrics core computes; one name per metric everywhere. */
export const MULTICLASS_METRICS = ["accuracy", "macro_f1", "log_loss", "roc_auc_ovr", "ece", "brier_score"] as const;
export type MulticlassMetricName = (typeof MULTICLASS_METRICS)[number];

export function isMulticlassMetricName(name: string): name is MulticlassMetricName {
  return (MULTICLASS_METRICS as readonly string[]).includes(name);
}
