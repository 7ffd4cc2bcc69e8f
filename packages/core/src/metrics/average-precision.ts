import { sweepSortedScores, type ThresholdSweep } from "../curves/threshold-sweep.ts";
import { NeumaierSum } from "../numerics/neumaier-sum.ts";
import { MetricUndefinedError } from "./metric-undefined-error.ts";
import { sortScoresByClass, splitScoresByClass } from "./split-scores-by-class.ts";
import { validateBinaryInputs } from "./validate-binary-inputs.ts";

/**
 * Average precision as scikit-learn 1.2.1 `average_precision_score` (binary): the step
 * integral AP = Σ_k (R_k − R_{k−1})·P_k over the distinct thresholds in descending
 * order, not interpolated; tied rows enter together.
 * - No positives: sklearn sets recall to 1 everywhere, so AP = 0 (returned, not thrown).
 * - No negatives: every precision is 1, so AP = 1.
 * - No rows: MetricUndefinedError (sklearn raises).
 */
export function averagePrecision(labels: Float64Array, scores: Float64Array): number {
  validateBinaryInputs(labels, scores);
  const { positives, negatives } = sortScoresByClass(splitScoresByClass(labels, scores));
  return averagePrecisionFromSweep(sweepSortedScores(positives, negatives));
}

/**
 * Each term is formed as sklearn forms it — recall R_k = tp_k/P, the difference of two
 * recalls, times precision tp_k/(tp_k + fp_k) — so the terms agree bit for bit and only
 * the summation order differs (pairwise in numpy, compensated here).
 */
export function averagePrecisionFromSweep(sweep: ThresholdSweep): number {
  const { positives, negatives, truePositives, falsePositives } = sweep;
  if (positives + negatives === 0) {
    throw new MetricUndefinedError("average_precision is undefined: there are no rows", {
      metric: "average_precision",
    });
  }
  if (positives === 0) return 0;
  const sum = new NeumaierSum();
  let recallPrev = 0;
  let tpPrev = 0;
  const m = truePositives.length;
  for (let k = 0; k < m; k++) {
    const tp = truePositives[k] as number;
    if (tp === tpPrev) continue; // ΔR = 0: the term is exactly 0
    const recall = tp / positives;
    sum.add((recall - recallPrev) * (tp / (tp + (falsePositives[k] as number))));
    recallPrev = recall;
    tpPrev = tp;
  }
  return sum.value();
}
