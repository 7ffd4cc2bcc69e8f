/** Rows in each cell of the confusion matrix at one threshold. */
export interface ConfusionCounts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** The outcome of deciding with one threshold. */
export interface DecisionCost {
  /**
   * A row is predicted positive when its score >= threshold. `Infinity` means every row
   * is predicted negative (JSON has no Infinity: shells must encode it, e.g. as null).
   */
  threshold: number;
  /**
   * Expected cost per decision: Σ over cells of (rows in the cell × the cell's cost) / n,
   * in the cost matrix's unit. Computed exactly and rounded once to the nearest double.
   */
  expectedCost: number;
  counts: ConfusionCounts;
}
