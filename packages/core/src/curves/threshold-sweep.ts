import { sortScoresByClass, splitScoresByClass } from "../metrics/split-scores-by-class.ts";
import { validateBinaryInputs } from "../metrics/validate-binary-inputs.ts";

/**
 * Every distinct score as a threshold, from the highest down, with how many positives and
 * negatives score at or above it (predicted positive when score >= threshold). This is
 * scikit-learn 1.2.1's `_binary_clf_curve` (fps, tps, thresholds): ROC AUC, average
 * precision, the ROC and PR curves and a cost-optimal threshold are all O(m) walks over it.
 *
 * Scores that are equal as floats (so -0 and +0) share one threshold. Threshold k+1 is
 * below threshold k; the implicit "threshold above every score" (nothing predicted
 * positive, tp = fp = 0) is not stored. Counts are exact integers (n < 2^32).
 */
export interface ThresholdSweep {
  /** Rows labelled 1 and 0. */
  positives: number;
  negatives: number;
  /** Distinct scores, descending (length m ≤ n). */
  thresholds: Float64Array;
  /** truePositives[k]: positives with score >= thresholds[k]; non-decreasing, last = positives. */
  truePositives: Uint32Array;
  /** falsePositives[k]: negatives with score >= thresholds[k]; non-decreasing, last = negatives. */
  falsePositives: Uint32Array;
}

/** Validates the columns, then builds the sweep (O(n log n): two native sorts and a merge). */
export function thresholdSweep(labels: Float64Array, scores: Float64Array): ThresholdSweep {
  validateBinaryInputs(labels, scores);
  const { positives, negatives } = sortScoresByClass(splitScoresByClass(labels, scores));
  return sweepSortedScores(positives, negatives);
}

/**
 * Merges the two classes' ascending-sorted scores from the top into the sweep, in O(n).
 * The arrays are typed (Uint32 counts) so 10^7 rows cost 16 bytes per distinct score.
 */
export function sweepSortedScores(positives: Float64Array, negatives: Float64Array): ThresholdSweep {
  const nPos = positives.length;
  const nNeg = negatives.length;
  if (nPos + nNeg > 0xffffffff) throw new RangeError("threshold sweep supports at most 2^32 - 1 rows");
  const capacity = nPos + nNeg;
  const thresholds = new Float64Array(capacity);
  const truePositives = new Uint32Array(capacity);
  const falsePositives = new Uint32Array(capacity);

  let i = nPos - 1;
  let j = nNeg - 1;
  let m = 0;
  while (i >= 0 || j >= 0) {
    let v: number;
    if (j < 0) v = positives[i] as number;
    else if (i < 0) v = negatives[j] as number;
    else v = Math.max(positives[i] as number, negatives[j] as number);
    // === treats -0 and +0 as one score; the sort keeps them adjacent.
    while (i >= 0 && positives[i] === v) i--;
    while (j >= 0 && negatives[j] === v) j--;
    thresholds[m] = v === 0 ? 0 : v; // a group of -0 and +0 reports +0 (JSON drops the sign anyway)
    truePositives[m] = nPos - 1 - i;
    falsePositives[m] = nNeg - 1 - j;
    m++;
  }
  return {
    positives: nPos,
    negatives: nNeg,
    thresholds: m === capacity ? thresholds : thresholds.subarray(0, m),
    truePositives: m === capacity ? truePositives : truePositives.subarray(0, m),
    falsePositives: m === capacity ? falsePositives : falsePositives.subarray(0, m),
  };
}

/**
 * A threshold strictly above every score, where nothing is predicted positive: the
 * first ROC/PR point's threshold. scikit-learn 1.2.1 uses max + 1 (later versions use
 * +∞, which JSON cannot carry); where + 1 is absorbed by rounding (|max| ≥ 2^53) we take
 * the next float up instead so the threshold still predicts no row positive.
 */
export function thresholdAboveAll(sweep: ThresholdSweep): number {
  if (sweep.thresholds.length === 0) return 1;
  const max = sweep.thresholds[0] as number;
  const plusOne = max + 1;
  return plusOne > max ? plusOne : nextUp(max);
}

/** The next double above x, for |x| ≥ 2^53 (so x ≠ 0); Number.MAX_VALUE gives +∞. */
function nextUp(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  // IEEE 754 bit patterns order like magnitudes: up is +1 for positives, −1 for negatives.
  view.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}
