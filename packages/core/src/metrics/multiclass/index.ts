// Public exports of this area; re-exported by src/index.ts.
export {
  type EvaluateMulticlassOptions,
  evaluateMulticlass,
  type MulticlassMetricValue,
} from "./evaluate-multiclass.ts";
export { macroF1 } from "./macro-f1.ts";
export { multiclassAccuracy } from "./multiclass-accuracy.ts";
export { multiclassBrierScore } from "./multiclass-brier-score.ts";
export { multiclassEce } from "./multiclass-ece.ts";
export { multiclassLogLoss } from "./multiclass-log-loss.ts";
export { isMulticlassMetricName, MULTICLASS_METRICS, type MulticlassMetricName } from "./multiclass-metric-names.ts";
export { rocAucOvr } from "./roc-auc-ovr.ts";
