const INSERTION_SORT_MAX = 16;

/**
 * Rearranges `values` (NaN-free) in place so that values[k] is the k-th smallest for every
 * k in `positions` — a multi-target quickselect (median-of-three pivots, Hoare partition),
 * O(n log |positions|) expected. Used where a few quantiles are needed and a full sort
 * would cost more (PSI's bin edges).
 */
export function selectOrderStatistics(values: Float64Array, positions: readonly number[]): void {
  const targets = [...new Set(positions)].sort((a, b) => a - b);
  if (values.length === 0 || targets.length === 0) return;
  selectRange(values, 0, values.length - 1, targets, 0, targets.length);
}

function selectRange(
  a: Float64Array,
  low: number,
  high: number,
  targets: readonly number[],
  first: number,
  end: number,
): void {
  let lo = low;
  let hi = high;
  let from = first;
  let to = end;
  while (from < to) {
    if (hi - lo < INSERTION_SORT_MAX) {
      insertionSort(a, lo, hi);
      return;
    }
    const pivot = medianOfThree(a[lo] as number, a[(lo + hi) >>> 1] as number, a[hi] as number);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    // Now a[lo..j] ≤ pivot ≤ a[i..hi], and every a[j+1..i−1] equals the pivot (already in place).
    let leftEnd = from;
    while (leftEnd < to && (targets[leftEnd] as number) <= j) leftEnd++;
    let rightStart = leftEnd;
    while (rightStart < to && (targets[rightStart] as number) < i) rightStart++;
    // Recurse into the side with fewer values, loop on the other.
    if (j - lo < hi - i) {
      if (from < leftEnd) selectRange(a, lo, j, targets, from, leftEnd);
      lo = i;
      from = rightStart;
    } else {
      if (rightStart < to) selectRange(a, i, hi, targets, rightStart, to);
      hi = j;
      to = leftEnd;
    }
  }
}

function medianOfThree(x: number, y: number, z: number): number {
  if (x < y) {
    if (y < z) return y;
    return Math.max(x, z);
  }
  if (x < z) return x;
  return Math.max(y, z);
}

function insertionSort(a: Float64Array, lo: number, hi: number): void {
  for (let i = lo + 1; i <= hi; i++) {
    const x = a[i] as number;
    let j = i - 1;
    while (j >= lo && (a[j] as number) > x) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = x;
  }
}
