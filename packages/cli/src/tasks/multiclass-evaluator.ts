import { bootstrapStatistic, evaluateMulticlass, MULTICLASS_METRICS, type MulticlassMetricName } from "@fieldtest/core";
import { intervalsOneByOne, metricsOneByOne, type TaskEvaluator } from "./metrics-report.ts";

export interface MulticlassData {
  /** Class index per row (0..K−1, the position of the class in --score-columns). */
  labels: Float64Array;
  /** One column per class: P(class k) per row. */
  probabilities: Float64Array[];
}

/** core's multiclass suite on one set of rows; intervals resample rows with core's bootstrapStatistic. */
export function multiclassEvaluator(data: MulticlassData): TaskEvaluator {
  const { labels, probabilities } = data;
  const names = MULTICLASS_METRICS as readonly MulticlassMetricName[];
  const evaluate = (y: Float64Array, p: Float64Array[], metrics: readonly MulticlassMetricName[]) =>
    evaluateMulticlass({ labels: y, probabilities: p, metrics }).map((m) => m.value);
  return {
    names,
    rows: labels.length,
    metrics: () => metricsOneByOne(names, (some) => evaluate(labels, probabilities, some as MulticlassMetricName[])),
    intervals: intervalsOneByOne(labels.length, (name, choice) => {
      const n = labels.length;
      const y = new Float64Array(n);
      const p = probabilities.map(() => new Float64Array(n));
      return bootstrapStatistic({
        rows: n,
        name,
        seed: choice.seed,
        resamples: choice.resamples,
        level: choice.level,
        statistic: (indices) => {
          for (let i = 0; i < n; i++) y[i] = labels[indices[i] as number] as number;
          for (let k = 0; k < p.length; k++) {
            const from = probabilities[k] as Float64Array;
            const to = p[k] as Float64Array;
            for (let i = 0; i < n; i++) to[i] = from[indices[i] as number] as number;
          }
          return evaluate(y, p, [name as MulticlassMetricName])[0] ?? NaN;
        },
      });
    }),
  };
}
