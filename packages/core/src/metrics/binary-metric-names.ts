/** The binary-classification metrics core computes so far; one name per metric everywhere. */
export const BINARY_METRICS = ["accuracy", "roc_auc"] as const;
export type BinaryMetricName = (typeof BINARY_METRICS)[number];

export function isBinaryMetricName(name: string): name is BinaryMetricName {
  return (BINARY_METRICS as readonly string[]).includes(name);
}
