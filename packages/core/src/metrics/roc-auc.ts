import { NeumaierSum } from "../numerics/neumaier-sum.ts";
import { MetricUndefinedError } from "./metric-undefined-error.ts";
import { validateBinaryInputs } from "./validate-binary-inputs.ts";

/**
 * Area under the ROC curve, as scikit-learn 1.2.1 `roc_auc_score` for binary labels:
 * - only one class present → MetricUndefinedError (1.2.1 raises; later versions return NaN);
 * - tied scores (exact float equality, so -0 === 0) form one threshold, so a tied
 *   positive/negative pair earns 1/2.
 *
 * sklearn integrates the ROC curve with the trapezoid rule; that area equals the
 * Mann–Whitney count AUC = Σ_pos (#neg below + ½ #neg tied) / (n⁺ n⁻), which we compute
 * from the two classes' sorted scores in O(n log n). The numerator is a sum of halves of
 * integers, so it is exact below 2^52 (a compensated sum keeps it close above), and the
 * result is the correctly rounded quotient — within ~1e-16 of sklearn's trapezoids.
 */
export function rocAuc(labels: Float64Array, scores: Float64Array): number {
  validateBinaryInputs(labels, scores);
  return computeRocAuc(labels, scores);
}

/** Unchecked core of `rocAuc`; inputs must already be validated. */
export function computeRocAuc(labels: Float64Array, scores: Float64Array): number {
  const n = labels.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += labels[i] as number;
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) {
    const which = n === 0 ? "there are no rows" : `all ${n} labels are ${nPos === 0 ? 0 : 1}`;
    throw new MetricUndefinedError(`roc_auc is undefined: only one class present in labels (${which})`, {
      metric: "roc_auc",
    });
  }

  const pos = new Float64Array(nPos);
  const neg = new Float64Array(nNeg);
  for (let i = 0, p = 0, q = 0; i < n; i++) {
    if (labels[i] === 1) pos[p++] = scores[i] as number;
    else neg[q++] = scores[i] as number;
  }
  // TypedArray#sort without a comparator is a numeric sort (it puts -0 before +0, which
  // keeps equal values adjacent, all the merge below needs).
  pos.sort();
  neg.sort();

  const area = new NeumaierSum();
  let below = 0; // negatives with score < current positive score
  let i = 0;
  while (i < nPos) {
    const v = pos[i] as number;
    let groupEnd = i + 1;
    while (groupEnd < nPos && pos[groupEnd] === v) groupEnd++;
    while (below < nNeg && (neg[below] as number) < v) below++;
    let tiedEnd = below;
    while (tiedEnd < nNeg && neg[tiedEnd] === v) tiedEnd++;
    area.add((groupEnd - i) * (below + (tiedEnd - below) / 2));
    i = groupEnd;
  }
  return area.value() / (nPos * nNeg);
}
