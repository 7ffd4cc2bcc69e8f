import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { NeumaierSum } from "../numerics/neumaier-sum.ts";

/** NannyML's bin count for the calibration check. */
export const EQUAL_COUNT_ECE_BINS = 10;

/**
 * NannyML's `_get_bin_index_edges(length, binCount)`: half-open index ranges [left, right)
 * over rows sorted by probability. When length ≤ 2·binCount the bin count drops to
 * ⌊length/2⌋ (at least 2, else the sample is too small). The width is ⌊length/binCount⌋
 * and the last edge is moved to `length`, so the last bin takes the remainder — and when
 * length/width leaves more than one width over, there are more than binCount bins
 * (length 25, 10 bins: width 2, 12 bins). Reproduced as is.
 */
export function equalCountBinEdges(length: number, binCount: number = EQUAL_COUNT_ECE_BINS): [number, number][] {
  if (!Number.isInteger(length) || length < 0) throw new InvalidInputError(`length must be a count, got ${length}`);
  if (!Number.isInteger(binCount) || binCount < 1) {
    throw new InvalidInputError(`binCount must be a positive integer, got ${binCount}`);
  }
  let bins = binCount;
  if (length <= 2 * bins) {
    bins = Math.floor(length / 2);
    if (bins < 2) {
      throw new InvalidInputError(
        `cannot split ${length} rows into at least 2 equal-count bins of 2 rows; more rows are needed`,
      );
    }
  }
  const width = Math.floor(length / bins);
  const edges: number[] = [];
  for (let e = 0; e <= length; e += width) edges.push(e);
  edges[edges.length - 1] = length;
  const ranges: [number, number][] = [];
  for (let k = 0; k + 1 < edges.length; k++) ranges.push([edges[k] as number, edges[k + 1] as number]);
  return ranges;
}

/**
 * NannyML's `_calculate_expected_calibration_error`: sort rows by probability, cut them
 * into `equalCountBinEdges` ranges and sum (bin size / n)·|mean(p) − mean(y)|.
 * Deviation: NannyML sorts with numpy's unstable quicksort, so rows with equal
 * probabilities straddling an edge fall in an arbitrary order; here the sort is stable
 * (equal probabilities keep the order they are given in), so the value is reproducible.
 * This is not DESIGN.md's `ece` (15 equal-width bins); it is the check's own measure.
 */
export function equalCountEce(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  binCount: number = EQUAL_COUNT_ECE_BINS,
): number {
  const n = probabilities.length;
  if (labels.length !== n) throw new InvalidInputError(`labels and probabilities differ in length`);
  const edges = equalCountBinEdges(n, binCount);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => {
    const pa = probabilities[a] as number;
    const pb = probabilities[b] as number;
    return pa < pb ? -1 : pa > pb ? 1 : a - b;
  });
  const total = new NeumaierSum();
  for (const [left, right] of edges) {
    const sumP = new NeumaierSum();
    const sumY = new NeumaierSum();
    for (let k = left; k < right; k++) {
      const row = order[k] as number;
      sumP.add(probabilities[row] as number);
      sumY.add(labels[row] as number);
    }
    const size = right - left;
    total.add((size / n) * Math.abs(sumP.value() / size - sumY.value() / size));
  }
  return total.value();
}
