import { NeumaierSum } from "../numerics/neumaier-sum.ts";

export interface MergedStatistics {
  /** sup |F_ref − F_cur| over the pooled values (before the exact test's rounding to h/lcm). */
  ksStatistic: number;
  /** ∫ |F_ref − F_cur| dx. */
  wasserstein: number;
}

/**
 * Both ECDF statistics from one merge of two ascending, non-empty, NaN-free samples. At each
 * distinct pooled value v, i and j count the values ≤ v on each side (scipy's
 * `searchsorted(side='right')`):
 * - KS: max |i/n1 − j/n2|, bit for bit as `ks_2samp` evaluates it. The search runs on the
 *   exact integer |i·n2 − j·n1| (no division per step); the float is formed only where that
 *   integer reaches its running maximum, and two different integers are ≥ 1/lcm apart, far
 *   more than a rounding error.
 * - Wasserstein-1: Σ |i·n2 − j·n1|·(v_next − v), divided once by n1·n2 at the end
 *   (`wasserstein_distance`'s `_cdf_distance` with p = 1; tied pooled values are
 *   zero-width steps there). Each step's weight is exact, so this is at least as accurate as
 *   scipy's |i/n1 − j/n2| per step; the sum is Neumaier-compensated.
 * O(n1 + n2). Integers stay exact while n1·n2 < 2^53.
 */
export function mergeSortedSamples(a: Float64Array, b: Float64Array): MergedStatistics {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let best = -1;
  let ks = 0;
  const area = new NeumaierSum();
  let value = Math.min(a[0] as number, b[0] as number);
  for (;;) {
    while (i < n1 && (a[i] as number) <= value) i++;
    while (j < n2 && (b[j] as number) <= value) j++;
    const gap = Math.abs(i * n2 - j * n1);
    if (gap >= best) {
      const difference = Math.abs(i / n1 - j / n2);
      ks = gap > best ? difference : Math.max(ks, difference);
      best = gap;
    }
    const nextA = i < n1 ? (a[i] as number) : Number.POSITIVE_INFINITY;
    const nextB = j < n2 ? (b[j] as number) : Number.POSITIVE_INFINITY;
    const next = Math.min(nextA, nextB);
    if (next === Number.POSITIVE_INFINITY) break;
    area.add(gap * (next - value));
    value = next;
  }
  let wasserstein = area.value() / (n1 * n2);
  if (!Number.isFinite(wasserstein)) wasserstein = wassersteinByShares(a, b); // gap·width overflowed
  return { ksStatistic: ks, wasserstein };
}

/**
 * KS statistic alone: the merge above, stopped once one side is used up (from there the
 * ECDF gap only shrinks).
 */
export function ksStatisticSorted(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let best = -1;
  let ks = 0;
  let value = Math.min(a[0] as number, b[0] as number);
  for (;;) {
    while (i < n1 && (a[i] as number) <= value) i++;
    while (j < n2 && (b[j] as number) <= value) j++;
    const gap = Math.abs(i * n2 - j * n1);
    if (gap >= best) {
      const difference = Math.abs(i / n1 - j / n2);
      ks = gap > best ? difference : Math.max(ks, difference);
      best = gap;
    }
    if (i === n1 || j === n2) return ks;
    const nextA = a[i] as number;
    const nextB = b[j] as number;
    value = Math.min(nextA, nextB);
  }
}

/** Wasserstein-1 with the ECDF shares formed per step (scipy's arithmetic), for values so wide that gap·width overflows. */
function wassersteinByShares(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  const area = new NeumaierSum();
  let value = Math.min(a[0] as number, b[0] as number);
  for (;;) {
    while (i < n1 && (a[i] as number) <= value) i++;
    while (j < n2 && (b[j] as number) <= value) j++;
    const nextA = i < n1 ? (a[i] as number) : Number.POSITIVE_INFINITY;
    const nextB = j < n2 ? (b[j] as number) : Number.POSITIVE_INFINITY;
    const next = Math.min(nextA, nextB);
    if (next === Number.POSITIVE_INFINITY) break;
    area.add(Math.abs(i / n1 - j / n2) * (next - value));
    value = next;
  }
  return area.value();
}
