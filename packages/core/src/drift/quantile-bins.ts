import { lowerBound } from "../numerics/lower-bound.ts";

/** The reference quantiles that are PSI's inner bin edges: 10%, 20%, …, 90% (numpy `np.arange(1, 10) / 10`). */
export const PSI_QUANTILE_LEVELS: readonly number[] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
export const PSI_BIN_COUNT = PSI_QUANTILE_LEVELS.length + 1;

/** Positions (0-based order statistics) that numpy's 'linear' quantiles at PSI's levels read, for n values. */
export function edgeOrderPositions(n: number): number[] {
  const positions: number[] = [];
  for (const q of PSI_QUANTILE_LEVELS) {
    const index = (n - 1) * q;
    if (index >= n - 1) positions.push(n - 1);
    else positions.push(Math.floor(index), Math.floor(index) + 1);
  }
  return positions;
}

/**
 * PSI's inner edges as numpy 1.24 `np.quantile(reference, levels)` (method 'linear'):
 * index = (n − 1)·q, γ its fractional part, and numpy's two-sided lerp (a + (b − a)·γ for
 * γ < ½, b − (b − a)·(1 − γ) otherwise), so edges are bit-identical to numpy's. `ordered`
 * must hold the order statistic at every position of `edgeOrderPositions(n)` (a sorted
 * sample does; so does one partially ordered by `selectOrderStatistics`).
 */
export function quantileEdges(ordered: Float64Array): Float64Array {
  const n = ordered.length;
  const edges = new Float64Array(PSI_QUANTILE_LEVELS.length);
  PSI_QUANTILE_LEVELS.forEach((q, e) => {
    const index = (n - 1) * q;
    if (index >= n - 1) {
      edges[e] = ordered[n - 1] as number;
      return;
    }
    const below = Math.floor(index);
    const gamma = index - below;
    const a = ordered[below] as number;
    const b = ordered[below + 1] as number;
    const difference = b - a;
    edges[e] = gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma;
  });
  return edges;
}

/**
 * Counts per bin of an ascending sample, bin = `searchsorted(edges, x, side='right')`
 * (a value equal to an edge goes to the bin above it). O(#edges · log n).
 */
export function binCountsSorted(sorted: Float64Array, edges: Float64Array): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  let previous = 0;
  for (let e = 0; e < edges.length; e++) {
    const below = lowerBound(sorted, edges[e] as number); // values < edge: bins 0…e
    counts[e] = below - previous;
    previous = below;
  }
  counts[edges.length] = sorted.length - previous;
  return counts;
}

/**
 * Counts per bin of a column in any order, bin = `searchsorted(edges, x, side='right')` =
 * the number of edges ≤ x (edges ascending), as nine branch-free comparisons per value.
 * NaN is skipped and counted; `onInfinite(row)` is called for ±Infinity (it should throw).
 */
export function binColumn(
  column: Float64Array,
  edges: Float64Array,
  onInfinite: (row: number) => never,
): { counts: Float64Array; nanCount: number } {
  if (edges.length !== PSI_QUANTILE_LEVELS.length) throw new Error("binColumn expects PSI's nine edges");
  const [e0, e1, e2, e3, e4, e5, e6, e7, e8] = edges as unknown as number[];
  const counts = new Float64Array(PSI_BIN_COUNT);
  let nanCount = 0;
  for (let i = 0; i < column.length; i++) {
    const x = column[i] as number;
    if (x - x !== 0) {
      if (Number.isNaN(x)) {
        nanCount++;
        continue;
      }
      onInfinite(i);
    }
    const bin =
      +(x >= (e0 as number)) +
      +(x >= (e1 as number)) +
      +(x >= (e2 as number)) +
      +(x >= (e3 as number)) +
      +(x >= (e4 as number)) +
      +(x >= (e5 as number)) +
      +(x >= (e6 as number)) +
      +(x >= (e7 as number)) +
      +(x >= (e8 as number));
    counts[bin] = (counts[bin] as number) + 1;
  }
  return { counts, nanCount };
}

/**
 * Counts per bin of values partially ordered by `selectOrderStatistics(values,
 * edgeOrderPositions(n))`, without another pass over them. Each edge lies between the
 * order statistics at its positions p ≤ p + 1, every value left of p is ≤ values[p] and
 * every value right of p + 1 is ≥ values[p + 1], so #(values < edge) = p + 1 — less the
 * values equal to the edge, which can only sit left of p when values[p] equals it (ties):
 * those are counted in the stretch after the nearest selected position holding a smaller value.
 */
export function binCountsSelected(values: Float64Array, edges: Float64Array): Float64Array {
  const n = values.length;
  const selected = [...new Set(edgeOrderPositions(n))].sort((a, b) => a - b);
  const counts = new Float64Array(edges.length + 1);
  let previous = 0;
  PSI_QUANTILE_LEVELS.forEach((q, e) => {
    const index = (n - 1) * q;
    const p = index >= n - 1 ? n - 1 : Math.floor(index);
    const edge = edges[e] as number;
    let below = p + 1;
    if ((values[p] as number) >= edge) {
      let start = 0;
      for (let s = selected.length - 1; s >= 0; s--) {
        const position = selected[s] as number;
        if (position < p && (values[position] as number) < edge) {
          start = position + 1;
          break;
        }
      }
      for (let k = start; k <= p; k++) if (values[k] === edge) below--;
    }
    counts[e] = below - previous;
    previous = below;
  });
  counts[edges.length] = n - previous;
  return counts;
}

/** Counts divided by their total (each count/n, as numpy's `bincount(…) / n`). */
export function proportions(counts: Float64Array, total: number): Float64Array {
  const out = new Float64Array(counts.length);
  for (let k = 0; k < counts.length; k++) out[k] = (counts[k] as number) / total;
  return out;
}
