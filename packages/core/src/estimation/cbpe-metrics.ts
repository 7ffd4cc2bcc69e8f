import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { NeumaierSum } from "../numerics/neumaier-sum.ts";

/** The metrics CBPE estimates for a binary classifier (names as in DESIGN.md). */
export const LABEL_FREE_METRICS = ["accuracy", "precision", "recall", "f1", "roc_auc"] as const;
export type LabelFreeMetricName = (typeof LABEL_FREE_METRICS)[number];
export type LabelFreeThresholdMetricName = Exclude<LabelFreeMetricName, "roc_auc">;

/** Expected counts of the confusion matrix: sums of calibrated probabilities, not integers. */
export interface ExpectedConfusionMatrix {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

/**
 * The monitored rows prepared once for CBPE: calibrated probabilities, the model's own
 * predictions, and the rows ordered by uncalibrated score (descending) with their tie
 * groups. Every estimate takes a multiset of rows as an index list, so the bootstrap
 * reuses this preparation on each resample.
 */
export interface CbpeRows {
  n: number;
  /** Calibrated probability of each row. */
  probabilities: Float64Array;
  /** 1 when the model predicts positive (uncalibrated score ≥ threshold). */
  predicted: Uint8Array;
  /** Position of each row in the descending score order. */
  rank: Uint32Array;
  /** Calibrated probabilities in that order. */
  sortedProbabilities: Float64Array;
  /** 1 at the last position of each run of equal scores. */
  groupEnd: Uint8Array;
}

export function prepareCbpeRows(scores: Float64Array, probabilities: Float64Array, threshold: number): CbpeRows {
  const n = scores.length;
  const predicted = new Uint8Array(n);
  for (let i = 0; i < n; i++) predicted[i] = (scores[i] as number) >= threshold ? 1 : 0;
  // Descending score; equal scores by row (the tie order cannot change a grouped value,
  // only the last bits of the running sum, and this order is the golden script's).
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => {
    const sa = scores[a] as number;
    const sb = scores[b] as number;
    return sa > sb ? -1 : sa < sb ? 1 : a - b;
  });
  const rank = new Uint32Array(n);
  const sortedProbabilities = new Float64Array(n);
  const groupEnd = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const row = order[k] as number;
    rank[row] = k;
    sortedProbabilities[k] = probabilities[row] as number;
    groupEnd[k] = k === n - 1 || scores[order[k + 1] as number] !== scores[row] ? 1 : 0;
  }
  return { n, probabilities, predicted, rank, sortedProbabilities, groupEnd };
}

/**
 * TP = Σ_{ŷ=1} p, FP = Σ_{ŷ=1} (1 − p), FN = Σ_{ŷ=0} p, TN = Σ_{ŷ=0} (1 − p) over the rows
 * listed in `indices` (with repeats), p calibrated (STATISTICS.md §9). Compensated sums.
 */
export function expectedConfusion(rows: CbpeRows, indices: ArrayLike<number>): ExpectedConfusionMatrix {
  const tp = new NeumaierSum();
  const fp = new NeumaierSum();
  const fn = new NeumaierSum();
  const tn = new NeumaierSum();
  const { probabilities, predicted } = rows;
  for (let k = 0; k < indices.length; k++) {
    const row = indices[k] as number;
    const p = probabilities[row] as number;
    if (predicted[row] === 1) {
      tp.add(p);
      fp.add(1 - p);
    } else {
      fn.add(p);
      tn.add(1 - p);
    }
  }
  return {
    truePositives: tp.value(),
    falsePositives: fp.value(),
    falseNegatives: fn.value(),
    trueNegatives: tn.value(),
  };
}

/**
 * Accuracy, precision, recall and F1 of an expected confusion matrix. A zero denominator
 * gives 0 (DESIGN.md: precision with no predicted positives is 0, sklearn's
 * `zero_division=0`; the same for recall when every probability is 0, and for F1). NannyML
 * returns NaN there instead.
 */
export function thresholdMetricsOf(c: ExpectedConfusionMatrix): Record<LabelFreeThresholdMetricName, number> {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn } = c;
  const n = tp + fp + fn + tn;
  return {
    accuracy: (tp + tn) / n,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(tp, tp + 0.5 * (fp + fn)),
  };
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/**
 * CBPE's estimated ROC AUC over the rows listed in `indices` (with repeats), as NannyML's
 * `estimate_roc_auc` except for ties:
 * order rows by uncalibrated score descending; tps = running sum of calibrated p, fps =
 * (rows so far) − tps; prepend (0, 0); round both to 5 decimals (numpy's `round`:
 * rint(x·1e5)/1e5, halves to even); tpr = tps/tps_end, fpr = fps/fps_end; trapezoidal area.
 *
 * Deviation (STATISTICS.md §9): NannyML places a point after every row, so rows with equal
 * scores are split in whatever order numpy's unstable argsort leaves them and the value
 * depends on it. Here a point is placed only after the last row of each run of equal
 * scores (as sklearn's `roc_curve` does with thresholds), so ties are one step and the
 * value does not depend on row order. Without ties both are the same curve.
 *
 * Undefined (MetricUndefinedError) when tps_end or fps_end rounds to 0 (NannyML: NaN).
 */
export function estimatedRocAuc(rows: CbpeRows, indices: ArrayLike<number>, counts: Int32Array): number {
  counts.fill(0);
  for (let k = 0; k < indices.length; k++) {
    const position = rows.rank[indices[k] as number] as number;
    counts[position] = (counts[position] as number) + 1;
  }
  const { sortedProbabilities, groupEnd } = rows;
  // One pass in rounded counts: twice the area is Σ (F_k − F_{k−1})(T_k + T_{k−1}), divided
  // by T_end·F_end once at the end (the reference normalises each point first; the two
  // differ by rounding error only). The running sum is a plain one, as numpy's cumsum, so
  // the rounding to 5 decimals sees the same values as the reference.
  const twiceArea = new NeumaierSum();
  let running = 0;
  let taken = 0;
  let previousT = 0;
  let previousF = 0;
  for (let k = 0; k < rows.n; k++) {
    const c = counts[k] as number;
    if (c !== 0) {
      running += c === 1 ? (sortedProbabilities[k] as number) : c * (sortedProbabilities[k] as number);
      taken += c;
    }
    if (groupEnd[k] !== 1) continue;
    const t = roundTo5(running);
    const f = roundTo5(taken - running);
    if (f !== previousF) twiceArea.add((f - previousF) * (t + previousT));
    previousT = t;
    previousF = f;
  }
  if (!(previousT > 0) || !(previousF > 0)) {
    throw new MetricUndefinedError(
      `estimated roc_auc is undefined: the calibrated probabilities imply ${previousT > 0 ? "no negatives" : "no positives"}`,
      { metric: "roc_auc" },
    );
  }
  return twiceArea.value() / (2 * previousT * previousF);
}

/** numpy's `np.round(x, 5)`: rint(x · 1e5) / 1e5, rint rounding halves to even. */
export function roundTo5(x: number): number {
  return roundHalfEven(x * 100000) / 100000;
}

function roundHalfEven(y: number): number {
  const r = Math.round(y); // halves toward +∞
  return r - y === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
