import { sortFloat64 } from "./sort-float64.ts";

/** The scores of one binary column pair, split by label (fresh memory; callers may sort it in place). */
export interface ScoresByClass {
  /** Scores of the rows labelled 1 (row order until sorted). */
  positives: Float64Array;
  /** Scores of the rows labelled 0 (reverse row order until sorted). */
  negatives: Float64Array;
}

/**
 * Splits scores by label in one pass into one n-long buffer: positives fill it from the
 * front, negatives from the back, and the two classes are views of its two ends. Inputs
 * must already be validated (labels 0/1).
 */
export function splitScoresByClass(labels: Float64Array, scores: Float64Array): ScoresByClass {
  const n = labels.length;
  const buffer = new Float64Array(n);
  let p = 0;
  let q = n;
  for (let i = 0; i < n; i++) {
    if (labels[i] === 1) buffer[p++] = scores[i] as number;
    else buffer[--q] = scores[i] as number;
  }
  return { positives: buffer.subarray(0, p), negatives: buffer.subarray(p) };
}

/**
 * Sorts both classes ascending, in place (sortFloat64: a radix sort, ~2× faster than the
 * native typed-array sort, which is itself far faster than sorting an index array with a
 * comparator). Two sorts of n⁺ and n⁻ rows also beat one of n. -0 sorts before +0, so
 * equal scores stay adjacent, which is all the sweep's merge needs.
 */
export function sortScoresByClass(byClass: ScoresByClass): ScoresByClass {
  sortFloat64(byClass.positives);
  sortFloat64(byClass.negatives);
  return byClass;
}
