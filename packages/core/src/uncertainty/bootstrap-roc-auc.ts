/**
 * The fast ROC AUC bootstrap of STATISTICS.md §6. Scores are sorted once into tie groups
 * (distinct scores, ascending). A replicate draws n uniform row indices and only counts how
 * often each row was drawn (the multinomial counts), then scans the rows in score order
 * with the weighted Mann–Whitney formula
 *   AUC = Σ_g W⁺_g (W⁻_below + ½ W⁻_g) / (W⁺ W⁻),
 * O(n) per replicate, no re-sort. Duplicated rows are exact ties, so the value equals
 * `rocAuc` on the materialised resample — bit for bit: every partial sum is a multiple of
 * ½ below 2^53, exactly as in `computeRocAuc`. Counting per row (not per group) keeps the
 * random writes in one n-sized array and lets two models share one count array.
 */
export interface AucScanOrder {
  /** Row indices in ascending score order (ties in row order). */
  rows: Int32Array;
  /** Per entry of `rows`: bit 0 = its label, bit 1 = it ends a tie group. */
  flags: Uint8Array;
}

/** Flag bits of `AucScanOrder.flags`. */
export const LABEL = 1;
export const GROUP_END = 2;

/** Labels must be 0/1 and scores finite (validated by the caller). O(n log G), no comparator sort. */
export function buildAucScanOrder(labels: Float64Array, scores: Float64Array): AucScanOrder {
  const n = scores.length;
  const sorted = Float64Array.from(scores).sort();
  // Distinct values; -0 and 0 are one group, as they are one threshold.
  const distinct = new Float64Array(n);
  let groups = 0;
  for (let i = 0; i < n; i++) {
    const v = sorted[i] as number;
    if (groups === 0 || v !== distinct[groups - 1]) distinct[groups++] = v;
  }
  const groupOf = new Int32Array(n);
  const groupEnds = new Int32Array(groups);
  for (let r = 0; r < n; r++) {
    const v = scores[r] as number;
    let lo = 0;
    let hi = groups - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((distinct[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    groupOf[r] = lo;
    groupEnds[lo] = (groupEnds[lo] as number) + 1;
  }
  for (let g = 1; g < groups; g++) groupEnds[g] = (groupEnds[g] as number) + (groupEnds[g - 1] as number);
  // Counting sort by group, filled backwards so that ties stay in row order.
  const rows = new Int32Array(n);
  const flags = new Uint8Array(n);
  const next = Int32Array.from(groupEnds);
  for (let r = n - 1; r >= 0; r--) {
    const g = groupOf[r] as number;
    const k = (next[g] as number) - 1;
    next[g] = k;
    rows[k] = r;
    flags[k] = labels[r] === 1 ? LABEL : 0;
  }
  for (let g = 0; g < groups; g++) {
    const last = (groupEnds[g] as number) - 1;
    flags[last] = (flags[last] as number) | GROUP_END;
  }
  return { rows, flags };
}

/** Weighted AUC of the resample given by per-row `counts`; NaN when it holds one class only. */
export function aucFromCounts(counts: Int32Array, order: AucScanOrder): number {
  const { rows, flags } = order;
  let negativesBelow = 0;
  let positives = 0;
  let numerator = 0;
  let groupPositives = 0;
  let groupAll = 0;
  for (let k = 0; k < rows.length; k++) {
    const c = counts[rows[k] as number] as number;
    const f = flags[k] as number;
    groupAll += c;
    groupPositives += c * (f & LABEL); // branch-free: labels come in random order
    if (f & GROUP_END) {
      const groupNegatives = groupAll - groupPositives;
      numerator += groupPositives * (negativesBelow + groupNegatives / 2);
      positives += groupPositives;
      negativesBelow += groupNegatives;
      groupPositives = 0;
      groupAll = 0;
    }
  }
  if (positives === 0 || negativesBelow === 0) return Number.NaN;
  return numerator / (positives * negativesBelow);
}
