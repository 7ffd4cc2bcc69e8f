import { InvalidInputError } from "../../errors/invalid-input-error.ts";
import { NeumaierSum } from "../../numerics/neumaier-sum.ts";
import { MetricUndefinedError } from "../metric-undefined-error.ts";
import { validateMulticlassInputs } from "./validate-multiclass-inputs.ts";

/**
 * One-vs-rest ROC AUC, macro-averaged, as scikit-learn 1.2.1
 * `roc_auc_score(y, P, multi_class="ovr", average="macro")`: the unweighted mean over
 * classes k of the binary AUC of (label = k) against column k. sklearn's checks, in its
 * order:
 * 1. every row must sum to 1 as `np.allclose(1, rowSum)` accepts it,
 *    |1 − rowSum| ≤ 1e-8 + 1e-5·|rowSum| → otherwise InvalidInputError (the rows are not
 *    probabilities; log_loss would renormalise them, roc_auc_ovr refuses);
 * 2. every one of the K classes must occur in the labels → otherwise
 *    MetricUndefinedError (a class with no rows has no ROC curve).
 * K = 2 uses the same definition (mean of both columns' AUCs); sklearn's own code
 * refuses two columns there and wants the positive column alone.
 *
 * Cost: one pass for the checks, then per class a split of column k into positives and
 * negatives, two native Float64Array sorts and a linear merge — O(K·n log n), one n-sized
 * buffer reused for every class.
 */
export function rocAucOvr(labels: Float64Array, probabilities: readonly Float64Array[]): number {
  validateMulticlassInputs(labels, probabilities);
  return computeRocAucOvr(labels, probabilities);
}

/** Unchecked core of `rocAucOvr`; inputs must already be validated. */
export function computeRocAucOvr(labels: Float64Array, probabilities: readonly Float64Array[]): number {
  const n = labels.length;
  const k = probabilities.length;
  checkRowsSumToOne(probabilities, n);

  const classCounts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const y = labels[i] as number;
    classCounts[y] = (classCounts[y] as number) + 1;
  }
  const missing: number[] = [];
  for (let c = 0; c < k; c++) if (classCounts[c] === 0) missing.push(c);
  if (missing.length > 0) {
    throw new MetricUndefinedError(
      `roc_auc_ovr is undefined: every one of the ${k} classes must occur in labels, but ${missing.length === 1 ? "class" : "classes"} ${missing.join(", ")} ${missing.length === 1 ? "has" : "have"} no rows`,
      { metric: "roc_auc_ovr" },
    );
  }

  const buffer = new Float64Array(n);
  const total = new NeumaierSum();
  for (let c = 0; c < k; c++) {
    const column = probabilities[c] as Float64Array;
    const positiveCount = classCounts[c] as number;
    let p = 0;
    let q = positiveCount;
    for (let i = 0; i < n; i++) {
      if (labels[i] === c) buffer[p++] = column[i] as number;
      else buffer[q++] = column[i] as number;
    }
    // TypedArray#sort without a comparator is a native numeric sort, in place on the views.
    const positives = buffer.subarray(0, positiveCount).sort();
    const negatives = buffer.subarray(positiveCount).sort();
    total.add(aucOfSorted(positives, negatives));
  }
  return total.value() / k;
}

/**
 * np.allclose(1, rowSum) for every row. The row sum runs left to right over the columns,
 * as numpy's row reduction does for K < 8.
 */
function checkRowsSumToOne(probabilities: readonly Float64Array[], n: number): void {
  const k = probabilities.length;
  let bad = 0;
  let firstBad = -1;
  let firstBadSum = 0;
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let c = 0; c < k; c++) rowSum += (probabilities[c] as Float64Array)[i] as number;
    if (!(Math.abs(1 - rowSum) <= 1e-8 + 1e-5 * Math.abs(rowSum))) {
      if (bad === 0) {
        firstBad = i;
        firstBadSum = rowSum;
      }
      bad++;
    }
  }
  if (bad > 0) {
    throw new InvalidInputError(
      `roc_auc_ovr needs every row of probabilities to sum to 1 (within 1e-8 + 1e-5·sum, as np.allclose): ${bad} ${bad === 1 ? "row does" : "rows do"} not, first at row ${firstBad} (sum ${firstBadSum})`,
    );
  }
}

/**
 * Binary AUC from the ascending-sorted scores of the positives and of the negatives: the
 * Mann–Whitney count Σ_pos (#neg below + ½ #neg tied) / (n⁺ n⁻), which equals sklearn's
 * trapezoidal ROC area (tied scores, exact float equality, form one threshold).
 */
function aucOfSorted(positives: Float64Array, negatives: Float64Array): number {
  const nPos = positives.length;
  const nNeg = negatives.length;
  const area = new NeumaierSum();
  let below = 0;
  let i = 0;
  while (i < nPos) {
    const v = positives[i] as number;
    let groupEnd = i + 1;
    while (groupEnd < nPos && positives[groupEnd] === v) groupEnd++;
    while (below < nNeg && (negatives[below] as number) < v) below++;
    let tiedEnd = below;
    while (tiedEnd < nNeg && negatives[tiedEnd] === v) tiedEnd++;
    area.add((groupEnd - i) * (below + (tiedEnd - below) / 2));
    i = groupEnd;
  }
  return area.value() / (nPos * nNeg);
}
