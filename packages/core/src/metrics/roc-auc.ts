import type { ThresholdSweep } from "../curves/threshold-sweep.ts";
import { NeumaierSum } from "../numerics/neumaier-sum.ts";
import { MetricUndefinedError } from "./metric-undefined-error.ts";
import { sortScoresByClass, splitScoresByClass } from "./split-scores-by-class.ts";
import { validateBinaryInputs } from "./validate-binary-inputs.ts";

/**
 * Area under the ROC curve, as scikit-learn 1.2.1 `roc_auc_score` for binary labels:
 * - only one class present (or no rows) → MetricUndefinedError (1.2.1 raises; later
 *   versions return NaN);
 * - tied scores (exact float equality, so -0 === 0) form one threshold, so a tied
 *   positive/negative pair earns 1/2.
 */
export function rocAuc(labels: Float64Array, scores: Float64Array): number {
  validateBinaryInputs(labels, scores);
  return computeRocAuc(labels, scores);
}

/**
 * Unchecked core of `rocAuc`; inputs must already be validated. Merges the two sorted
 * classes counting Σ_pos (#neg below + ½ #neg tied) without materialising the sweep, so a
 * bootstrap calling it per resample allocates only the two class columns. Equal to
 * `rocAucFromSweep` (both sums are exact integers/halves below 2^53).
 */
export function computeRocAuc(labels: Float64Array, scores: Float64Array): number {
  const { positives: pos, negatives: neg } = sortScoresByClass(splitScoresByClass(labels, scores));
  const nPos = pos.length;
  const nNeg = neg.length;
  if (nPos === 0 || nNeg === 0) throw oneClass(nPos, nNeg);
  // Twice the count, so every term is an integer: exact in a plain double sum while
  // 2n⁺n⁻ ≤ 2^53 (any n up to ~1.3e8); compensated beyond.
  const exact = 2 * nPos * nNeg <= Number.MAX_SAFE_INTEGER;
  const compensated = new NeumaierSum();
  let twice = 0;
  let below = 0; // negatives with score < current positive score
  let i = 0;
  while (i < nPos) {
    const v = pos[i] as number;
    let groupEnd = i + 1;
    while (groupEnd < nPos && pos[groupEnd] === v) groupEnd++;
    while (below < nNeg && (neg[below] as number) < v) below++;
    let tiedEnd = below;
    while (tiedEnd < nNeg && neg[tiedEnd] === v) tiedEnd++;
    const term = (groupEnd - i) * (2 * below + (tiedEnd - below));
    if (exact) twice += term;
    else compensated.add(term);
    i = groupEnd;
  }
  return (exact ? twice : compensated.value()) / (2 * nPos * nNeg);
}

/**
 * sklearn integrates the ROC curve over the sweep with the trapezoid rule. Twice that
 * area in counts, Σ_k Δfp_k·(tp_{k−1} + tp_k), is a sum of integers (equal to the
 * Mann–Whitney count with ties ½), exact in doubles while below 2^53 (n⁺n⁻ < 4.5e15,
 * i.e. any n up to ~1.3e8); above that a compensated sum keeps it close. The result is
 * then one correctly rounded division — within ~1e-16 of sklearn's float trapezoids.
 */
export function rocAucFromSweep(sweep: ThresholdSweep): number {
  const { positives, negatives, truePositives, falsePositives } = sweep;
  if (positives === 0 || negatives === 0) throw oneClass(positives, negatives);
  const m = truePositives.length;
  let twiceArea = 0;
  if (2 * positives * negatives <= Number.MAX_SAFE_INTEGER) {
    let tpPrev = 0;
    let fpPrev = 0;
    for (let k = 0; k < m; k++) {
      const tp = truePositives[k] as number;
      const fp = falsePositives[k] as number;
      twiceArea += (fp - fpPrev) * (tpPrev + tp);
      tpPrev = tp;
      fpPrev = fp;
    }
  } else {
    const sum = new NeumaierSum();
    for (let k = 0; k < m; k++) {
      const tpPrev = k === 0 ? 0 : (truePositives[k - 1] as number);
      const fpPrev = k === 0 ? 0 : (falsePositives[k - 1] as number);
      sum.add(((falsePositives[k] as number) - fpPrev) * (tpPrev + (truePositives[k] as number)));
    }
    twiceArea = sum.value();
  }
  return twiceArea / (2 * positives * negatives);
}

function oneClass(positives: number, negatives: number): MetricUndefinedError {
  const n = positives + negatives;
  const which = n === 0 ? "there are no rows" : `all ${n} labels are ${positives === 0 ? 0 : 1}`;
  return new MetricUndefinedError(`roc_auc is undefined: only one class present in labels (${which})`, {
    metric: "roc_auc",
  });
}
