/** The regression metrics core computes; one name per metric everywhere. */
export const REGRESSION_METRICS = ["mae", "rmse", "r2", "mape"] as const;
export type RegressionMetricName = (typeof REGRESSION_METRICS)[number];

export function isRegressionMetricName(name: string): name is RegressionMetricName {
  return (REGRESSION_METRICS as readonly string[]).includes(name);
}
