/** Per row: the predicted class (argmax) and its probability (the top-label probability). */
export interface TopLabel {
  predicted: Int32Array;
  confidence: Float64Array;
}

/**
 * Argmax of every row, as numpy `argmax(axis=1)`: ties go to the lowest class index.
 * Walks the columns one after another (contiguous reads) and replaces the running best
 * only on a strictly greater value, which is what keeps the first of tied maxima.
 * Inputs must already be validated (no NaN).
 */
export function computeTopLabel(probabilities: readonly Float64Array[]): TopLabel {
  const first = probabilities[0] as Float64Array;
  const n = first.length;
  const confidence = Float64Array.from(first);
  const predicted = new Int32Array(n);
  for (let c = 1; c < probabilities.length; c++) {
    const column = probabilities[c] as Float64Array;
    for (let i = 0; i < n; i++) {
      const p = column[i] as number;
      if (p > (confidence[i] as number)) {
        confidence[i] = p;
        predicted[i] = c;
      }
    }
  }
  return { predicted, confidence };
}
