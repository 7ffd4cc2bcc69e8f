import { InvalidInputError } from "../../errors/invalid-input-error.ts";
import { computeMacroF1 } from "./macro-f1.ts";
import { computeMulticlassAccuracy } from "./multiclass-accuracy.ts";
import { computeMulticlassBrierScore } from "./multiclass-brier-score.ts";
import { computeMulticlassEce } from "./multiclass-ece.ts";
import { computeMulticlassLogLoss } from "./multiclass-log-loss.ts";
import { isMulticlassMetricName, MULTICLASS_METRICS, type MulticlassMetricName } from "./multiclass-metric-names.ts";
import { computeRocAucOvr } from "./roc-auc-ovr.ts";
import { computeTopLabel, type TopLabel } from "./top-label.ts";
import { validateMulticlassInputs } from "./validate-multiclass-inputs.ts";

export interface EvaluateMulticlassOptions {
  /** Class index of every row: an integer in 0..K−1, K = probabilities.length. */
  labels: Float64Array;
  /** K columns; column k holds P(class k) for every row, each in [0, 1]. */
  probabilities: readonly Float64Array[];
  metrics: readonly MulticlassMetricName[];
}

export interface MulticlassMetricValue {
  metric: MulticlassMetricName;
  value: number;
  /** Rows the value was computed on. */
  n: number;
}

/**
 * Validates the columns once and computes the requested metrics in the order asked; the
 * argmax of the rows is computed once and shared by accuracy, macro_f1 and ece.
 * An undefined metric (roc_auc_ovr with a class absent from the labels) throws
 * MetricUndefinedError rather than returning NaN: a missing value must never pass silently.
 */
export function evaluateMulticlass(opts: EvaluateMulticlassOptions): MulticlassMetricValue[] {
  const { labels, probabilities, metrics } = opts;
  const classCount = validateMulticlassInputs(labels, probabilities);
  const seen = new Set<string>();
  for (const metric of metrics) {
    if (!isMulticlassMetricName(metric)) {
      throw new InvalidInputError(`unknown multiclass metric "${metric}"; known: ${MULTICLASS_METRICS.join(", ")}`);
    }
    if (seen.has(metric)) throw new InvalidInputError(`metric "${metric}" is requested twice`);
    seen.add(metric);
  }
  let topLabel: TopLabel | undefined;
  const top = (): TopLabel => {
    topLabel ??= computeTopLabel(probabilities);
    return topLabel;
  };
  const n = labels.length;
  return metrics.map((metric) => ({ metric, value: computeMetric(metric, opts, classCount, top), n }));
}

function computeMetric(
  metric: MulticlassMetricName,
  { labels, probabilities }: EvaluateMulticlassOptions,
  classCount: number,
  top: () => TopLabel,
): number {
  switch (metric) {
    case "accuracy":
      return computeMulticlassAccuracy(labels, top().predicted);
    case "macro_f1":
      return computeMacroF1(labels, top().predicted, classCount);
    case "log_loss":
      return computeMulticlassLogLoss(labels, probabilities);
    case "roc_auc_ovr":
      return computeRocAucOvr(labels, probabilities);
    case "ece":
      return computeMulticlassEce(labels, top().predicted, top().confidence);
    case "brier_score":
      return computeMulticlassBrierScore(labels, probabilities);
  }
}
