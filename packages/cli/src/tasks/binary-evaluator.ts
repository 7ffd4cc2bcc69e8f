import {
  BINARY_METRICS,
  type BinaryMetricName,
  binaryEvaluation,
  bootstrapBinarySuite,
  MetricUndefinedError,
} from "@fieldtest/core";
import type { IntervalOutcomes, TaskEvaluator } from "./metrics-report.ts";

export interface BinaryData {
  labels: Float64Array;
  scores: Float64Array;
  /** Predicted positive when score >= threshold. */
  threshold: number;
}

/** core's binary suite (every name in BINARY_METRICS) on one set of rows. */
export function binaryEvaluator(data: BinaryData): TaskEvaluator {
  const { labels, scores, threshold } = data;
  const names = BINARY_METRICS as readonly BinaryMetricName[];
  return {
    names,
    rows: labels.length,
    // binaryEvaluation shares one sort between all metrics and reports an undefined one as null with its reason.
    metrics: () => {
      const evaluation = binaryEvaluation(labels, scores, { threshold });
      const reasons: Record<string, string> = {};
      for (const [name, problem] of Object.entries(evaluation.problems)) {
        if (problem !== undefined) reasons[name] = problem.message;
      }
      return { values: { ...evaluation.metrics }, reasons };
    },
    // One shared-resample bootstrap for every metric: each replicate's multinomial counts are
    // drawn once and all metrics are read from them in O(n), without re-sorting.
    intervals: (requested, choice, status) => {
      status?.(
        `bootstrap ${requested.length} metrics on shared resamples (${choice.resamples} resamples of ${labels.length} rows)`,
      );
      try {
        return bootstrapBinarySuite({
          labels,
          scores,
          threshold,
          metrics: requested as BinaryMetricName[],
          seed: choice.seed,
          resamples: choice.resamples,
          level: choice.level,
        });
      } catch (error) {
        // Undefined on every resample: no metric of the suite has an interval.
        if (!(error instanceof MetricUndefinedError)) throw error;
        return Object.fromEntries(requested.map((name) => [name, error])) as IntervalOutcomes;
      }
    },
  };
}
