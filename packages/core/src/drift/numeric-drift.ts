import { jensenShannon } from "./jensen-shannon.ts";
import { ksPValue } from "./ks-two-sample.ts";
import { mergeSortedSamples } from "./merge-sorted-samples.ts";
import { requireNonEmpty, type SideCounts, sortedSample } from "./numeric-sample.ts";
import { psiFromProportions } from "./psi.ts";
import { binCountsSorted, proportions, quantileEdges } from "./quantile-bins.ts";

/** Drift of one numeric column (snake_case: the shape `fieldtest drift --json` prints). */
export interface NumericColumnDrift {
  type: "numeric";
  /** `ks_2samp` statistic (exact mode reports it on the h/lcm lattice, as scipy). */
  ks_statistic: number;
  ks_pvalue: number;
  wasserstein: number;
  psi: number;
  /** Jensen–Shannon distance (base 2) on PSI's bins, from the unfloored proportions. */
  js_distance: number;
  /** NaN values per side, left out of every statistic. */
  missing: SideCounts;
  /** Non-missing values per side: the sample sizes of the statistics. */
  n: SideCounts;
}

/**
 * Every numeric drift statistic of DESIGN.md from one sort per side: the two sorted samples
 * give KS and Wasserstein in a single merge, the PSI edges by indexing the sorted
 * reference, and the bin counts by nine binary searches per side. `column` names the
 * column in error messages. Either side with no non-missing value → InvalidInputError.
 */
export function numericDrift(reference: Float64Array, current: Float64Array, column?: string): NumericColumnDrift {
  const prefix = column === undefined ? "" : `column "${column}" `;
  const ref = sortedSample(reference, `${prefix}reference`);
  const cur = sortedSample(current, `${prefix}current`);
  requireNonEmpty(ref.values.length, ref.missing, `${prefix}reference`);
  requireNonEmpty(cur.values.length, cur.missing, `${prefix}current`);
  const n1 = ref.values.length;
  const n2 = cur.values.length;
  const merged = mergeSortedSamples(ref.values, cur.values);
  const ks = ksPValue({ statistic: merged.ksStatistic, n1, n2 });
  const edges = quantileEdges(ref.values);
  const referenceProportions = proportions(binCountsSorted(ref.values, edges), n1);
  const currentProportions = proportions(binCountsSorted(cur.values, edges), n2);
  return {
    type: "numeric",
    ks_statistic: ks.statistic,
    ks_pvalue: ks.pValue,
    wasserstein: merged.wasserstein,
    psi: psiFromProportions(referenceProportions, currentProportions),
    js_distance: jensenShannon(referenceProportions, currentProportions),
    missing: { reference: ref.missing, current: cur.missing },
    n: { reference: n1, current: n2 },
  };
}
