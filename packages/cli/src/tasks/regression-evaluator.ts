import { bootstrapStatistic, evaluateRegression, REGRESSION_METRICS, type RegressionMetricName } from "@fieldtest/core";
import { intervalsOneByOne, metricsOneByOne, type TaskEvaluator } from "./metrics-report.ts";

export interface RegressionData {
  labels: Float64Array;
  predictions: Float64Array;
}

/** core's regression suite on one set of rows; intervals resample rows with core's bootstrapStatistic. */
export function regressionEvaluator(data: RegressionData): TaskEvaluator {
  const { labels, predictions } = data;
  const names = REGRESSION_METRICS as readonly RegressionMetricName[];
  const evaluate = (y: Float64Array, p: Float64Array, metrics: readonly RegressionMetricName[]) =>
    evaluateRegression({ labels: y, predictions: p, metrics }).map((m) => m.value);
  return {
    names,
    rows: labels.length,
    metrics: () => metricsOneByOne(names, (some) => evaluate(labels, predictions, some as RegressionMetricName[])),
    intervals: intervalsOneByOne(labels.length, (name, choice) => {
      const n = labels.length;
      const y = new Float64Array(n);
      const p = new Float64Array(n);
      return bootstrapStatistic({
        rows: n,
        name,
        seed: choice.seed,
        resamples: choice.resamples,
        level: choice.level,
        statistic: (indices) => {
          for (let i = 0; i < n; i++) {
            const row = indices[i] as number;
            y[i] = labels[row] as number;
            p[i] = predictions[row] as number;
          }
          return evaluate(y, p, [name as RegressionMetricName])[0] ?? NaN;
        },
      });
    }),
  };
}
