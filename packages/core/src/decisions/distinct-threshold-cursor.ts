/**
 * Walks the distinct scores from the highest down, merging the two sorted classes. Each
 * distinct score is a threshold; after `next()` the fields hold that threshold and how
 * many positives (`tp`) and negatives (`fp`) score at or above it. Before the first
 * `next()` the cursor stands at threshold +∞, where every row is predicted negative.
 */
export class DistinctThresholdCursor {
  threshold = Number.POSITIVE_INFINITY;
  tp = 0;
  fp = 0;
  private i: number;
  private j: number;

  constructor(
    private readonly positives: Float64Array,
    private readonly negatives: Float64Array,
  ) {
    this.i = positives.length - 1;
    this.j = negatives.length - 1;
  }

  /** Moves to the next lower distinct score; false when there is none. */
  next(): boolean {
    const pos = this.positives;
    const neg = this.negatives;
    let i = this.i;
    let j = this.j;
    let v: number;
    if (i >= 0) {
      v = pos[i] as number;
      if (j >= 0 && (neg[j] as number) > v) v = neg[j] as number;
    } else if (j >= 0) {
      v = neg[j] as number;
    } else {
      return false;
    }
    // === treats -0 and +0 as one score; the sort (-0 before +0) keeps them adjacent.
    while (i >= 0 && pos[i] === v) i--;
    while (j >= 0 && neg[j] === v) j--;
    this.i = i;
    this.j = j;
    this.tp = pos.length - 1 - i;
    this.fp = neg.length - 1 - j;
    this.threshold = v === 0 ? 0 : v; // report +0 for a tie of -0 and +0
    return true;
  }
}
