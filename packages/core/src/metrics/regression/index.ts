// Public exports of this area; re-exported by src/index.ts.
export {
  type EvaluateRegressionOptions,
  evaluateRegression,
  type RegressionMetricValue,
} from "./evaluate-regression.ts";
export { mae } from "./mae.ts";
export { mape } from "./mape.ts";
export { r2 } from "./r2.ts";
export { isRegressionMetricName, REGRESSION_METRICS, type RegressionMetricName } from "./regression-metric-names.ts";
export { rmse } from "./rmse.ts";
