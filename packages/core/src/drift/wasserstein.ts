import { mergeSortedSamples } from "./merge-sorted-samples.ts";
import { requireNonEmpty, type SideCounts, sortedSample } from "./numeric-sample.ts";

export interface WassersteinResult {
  /** W1 = ∫ |F_ref − F_cur| dx, in the column's units. */
  distance: number;
  n: SideCounts;
  missing: SideCounts;
}

/**
 * Wasserstein-1 (earth mover's) distance between two samples with equal weights, as scipy
 * 1.10.1 `wasserstein_distance(reference, current)` (STATISTICS.md §3). NaN is missing:
 * left out and counted. Either side empty after that → InvalidInputError.
 */
export function wasserstein1(reference: Float64Array, current: Float64Array): WassersteinResult {
  const ref = sortedSample(reference, "reference");
  const cur = sortedSample(current, "current");
  requireNonEmpty(ref.values.length, ref.missing, "reference");
  requireNonEmpty(cur.values.length, cur.missing, "current");
  return {
    distance: mergeSortedSamples(ref.values, cur.values).wasserstein,
    n: { reference: ref.values.length, current: cur.values.length },
    missing: { reference: ref.missing, current: cur.missing },
  };
}
