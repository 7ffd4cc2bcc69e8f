import type { Rng } from "../random/create-rng.ts";
import { uniformInt } from "../random/uniform-int.ts";

/** Most bins per feature (thresholds + 1), as sklearn's `max_bins` (a bin index fits a byte). */
export const MAX_BINS = 255;

/** Rows drawn (without replacement, seeded) to place the thresholds when there are more, as sklearn's `subsample`. */
export const BINNING_SUBSAMPLE = 200_000;

/**
 * The bin thresholds of each column, as sklearn's `_BinMapper` (1.2.1) finds them: on the
 * train rows (a seeded subsample of BINNING_SUBSAMPLE rows when there are more, the same rows
 * for every column), a column with at most `maxBins` distinct values gets the midpoints
 * between consecutive ones; otherwise the `maxBins − 1` inner percentiles (numpy's
 * 'midpoint' method at `linspace(0, 100, maxBins + 1)[1:-1]`), with repeated thresholds
 * merged (they bound empty bins, so merging changes no partition). A value x falls in bin
 * b when thresholds[b − 1] < x ≤ thresholds[b]. Columns must be finite.
 */
export function fitBinThresholds(columns: readonly Float64Array[], maxBins: number, rng: Rng): Float64Array[] {
  const n = columns[0]?.length ?? 0;
  const subset = n > BINNING_SUBSAMPLE ? sampleWithoutReplacement(n, BINNING_SUBSAMPLE, rng) : null;
  return columns.map((column) => {
    const sample = subset ? Float64Array.from(subset, (i) => column[i] as number) : Float64Array.from(column);
    return thresholdsOfSorted(sample.sort(), maxBins);
  });
}

/** Bin index of every value: the number of thresholds strictly below it. */
export function binColumn(column: Float64Array, thresholds: Float64Array): Uint8Array {
  const out = new Uint8Array(column.length);
  const t = thresholds.length;
  if (t === 0) return out;
  for (let i = 0; i < column.length; i++) {
    const x = column[i] as number;
    // Branch-free binary search (the loop runs ⌈log₂ t⌉ times whatever x is).
    let base = 0;
    let size = t;
    while (size > 1) {
      const half = size >>> 1;
      base += half * +((thresholds[base + half] as number) < x);
      size -= half;
    }
    out[i] = base + +((thresholds[base] as number) < x);
  }
  return out;
}

function thresholdsOfSorted(sorted: Float64Array, maxBins: number): Float64Array {
  const distinct: number[] = [];
  for (const v of sorted) if (distinct.length === 0 || v !== distinct[distinct.length - 1]) distinct.push(v);
  const out: number[] = [];
  if (distinct.length <= maxBins) {
    for (let k = 1; k < distinct.length; k++) out.push(((distinct[k - 1] as number) + (distinct[k] as number)) * 0.5);
    return Float64Array.from(out);
  }
  const n = sorted.length;
  const step = 100 / maxBins; // numpy linspace: i·step
  for (let k = 1; k < maxBins; k++) {
    const h = (n - 1) * ((k * step) / 100);
    const lo = Math.floor(h);
    const a = sorted[lo] as number;
    // numpy's lerp at t = ½ is b − (b − a)·½; an integral index takes the value itself.
    let threshold = a;
    if (h !== lo) {
      const b = sorted[lo + 1] as number;
      threshold = b - (b - a) * 0.5;
    }
    if (out.length === 0 || threshold !== out[out.length - 1]) out.push(threshold);
  }
  return Float64Array.from(out);
}

/** `k` distinct row indices of `n`, by a partial Fisher–Yates shuffle, in ascending order. */
function sampleWithoutReplacement(n: number, k: number, rng: Rng): Uint32Array {
  const pool = new Uint32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + uniformInt(rng, n - i);
    const t = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = t;
  }
  return pool.slice(0, k).sort();
}
