import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { NeumaierSum } from "../numerics/neumaier-sum.ts";
import {
  nonMissingValues,
  requireFloat64Array,
  requireNonEmpty,
  type SideCounts,
  throwInfinite,
} from "./numeric-sample.ts";
import { binColumn, binCountsSelected, edgeOrderPositions, proportions, quantileEdges } from "./quantile-bins.ts";
import { selectOrderStatistics } from "./select-order-statistics.ts";

/** Proportions below this are raised to it (not renormalised) before PSI takes logs. */
export const PSI_FLOOR = 1e-6;

/**
 * Population stability index of two distributions over the same bins or categories:
 * PSI = Σ (cur − ref)·ln(cur/ref) with every proportion floored at 1e-6 and not
 * renormalised (DESIGN.md, "Evaluation semantics"). Every term is ≥ 0.
 */
export function psiFromProportions(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  validateProportions(reference, current, "PSI");
  const sum = new NeumaierSum();
  for (let k = 0; k < reference.length; k++) {
    const r = Math.max(reference[k] as number, PSI_FLOOR);
    const c = Math.max(current[k] as number, PSI_FLOOR);
    sum.add((c - r) * Math.log(c / r));
  }
  return sum.value();
}

export function validateProportions(reference: ArrayLike<number>, current: ArrayLike<number>, what: string): void {
  if (reference.length !== current.length) {
    throw new InvalidInputError(`${what}: the two distributions have ${reference.length} and ${current.length} bins`);
  }
  if (reference.length === 0) throw new InvalidInputError(`${what}: the distributions have no bins`);
  for (const [side, values] of [
    ["reference", reference],
    ["current", current],
  ] as const) {
    for (let k = 0; k < values.length; k++) {
      const v = values[k] as number;
      if (!(v >= 0 && v < Number.POSITIVE_INFINITY)) {
        throw new InvalidInputError(`${what}: ${side} bin ${k} is ${v}; proportions must be finite and >= 0`);
      }
    }
  }
}

export interface PsiResult {
  psi: number;
  /** The nine inner edges: the reference's 10%…90% quantiles (numpy 'linear'). */
  edges: Float64Array;
  /** Share of non-missing values per bin (10 bins), before the PSI floor. */
  referenceProportions: Float64Array;
  currentProportions: Float64Array;
  n: SideCounts;
  missing: SideCounts;
}

/**
 * PSI of a numeric column on 10 reference-quantile bins (DESIGN.md): edges from the
 * reference's 10%…90% quantiles, bin = `searchsorted(edges, x, side='right')`, then
 * `psiFromProportions`. NaN is missing: left out and counted. O(n), no sort: the edges come
 * from a quickselect that also yields the reference's bin counts, and the current column is
 * binned in one pass. Pass the proportions to `jensenShannon` for the JS distance on the
 * same bins.
 */
export function psi(reference: Float64Array, current: Float64Array): PsiResult {
  const ref = nonMissingValues(reference, "reference");
  requireNonEmpty(ref.values.length, ref.missing, "reference");
  requireFloat64Array(current, "current");
  selectOrderStatistics(ref.values, edgeOrderPositions(ref.values.length));
  const edges = quantileEdges(ref.values);
  const cur = binColumn(current, edges, (row) => throwInfinite(current, row, "current"));
  const curN = current.length - cur.nanCount;
  requireNonEmpty(curN, cur.nanCount, "current");
  const referenceProportions = proportions(binCountsSelected(ref.values, edges), ref.values.length);
  const currentProportions = proportions(cur.counts, curN);
  return {
    psi: psiFromProportions(referenceProportions, currentProportions),
    edges,
    referenceProportions,
    currentProportions,
    n: { reference: ref.values.length, current: curN },
    missing: { reference: ref.missing, current: cur.nanCount },
  };
}
