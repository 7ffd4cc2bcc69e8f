import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { chi2Contingency } from "./chi2-contingency.ts";
import { jensenShannon } from "./jensen-shannon.ts";
import { requireNonEmpty, type SideCounts } from "./numeric-sample.ts";
import { psiFromProportions } from "./psi.ts";

/** A categorical column: one category name per row, null (or undefined) = missing. */
export type CategoricalColumn = readonly (string | null | undefined)[];

/** Drift of one categorical column (snake_case: the shape `fieldtest drift --json` prints). */
export interface CategoricalColumnDrift {
  type: "categorical";
  /** `chi2_contingency` on the 2×K table (reference, current) × categories; Yates when K = 2. */
  chi2_statistic: number;
  chi2_pvalue: number;
  /** Over the categories; a category unseen on one side counts there as the 1e-6 floor. */
  psi: number;
  /** Jensen–Shannon distance (base 2) over the categories, from the unfloored proportions. */
  js_distance: number;
  /** null/undefined values per side, left out of every statistic. */
  missing: SideCounts;
  /** Non-missing values per side. */
  n: SideCounts;
}

export interface CategoryCounts {
  /** Every category seen on either side, sorted (JavaScript string order). */
  categories: string[];
  reference: number[];
  current: number[];
  missing: SideCounts;
}

/** Counts per category on each side, over the union of categories. */
export function countCategories(reference: CategoricalColumn, current: CategoricalColumn, prefix = ""): CategoryCounts {
  const ref = tally(reference, `${prefix}reference`);
  const cur = tally(current, `${prefix}current`);
  const categories = [...new Set([...ref.counts.keys(), ...cur.counts.keys()])].sort();
  return {
    categories,
    reference: categories.map((c) => ref.counts.get(c) ?? 0),
    current: categories.map((c) => cur.counts.get(c) ?? 0),
    missing: { reference: ref.missing, current: cur.missing },
  };
}

/**
 * Drift of a categorical column (DESIGN.md): chi-square test of the 2×K table of counts as
 * scipy's `chi2_contingency` defaults (K = 1 → dof 0: statistic 0, p = 1), PSI and JS
 * over the categories. `""` is a category like any other; only null/undefined is missing.
 * Either side with no non-missing value → InvalidInputError (chi-square's expected counts
 * would be 0 there, where scipy raises).
 */
export function categoricalDrift(
  reference: CategoricalColumn,
  current: CategoricalColumn,
  column?: string,
): CategoricalColumnDrift {
  const prefix = column === undefined ? "" : `column "${column}" `;
  const counts = countCategories(reference, current, prefix);
  const n1 = total(counts.reference);
  const n2 = total(counts.current);
  requireNonEmpty(n1, counts.missing.reference, `${prefix}reference`);
  requireNonEmpty(n2, counts.missing.current, `${prefix}current`);
  const chi2 = chi2Contingency([counts.reference, counts.current]);
  const referenceProportions = counts.reference.map((c) => c / n1);
  const currentProportions = counts.current.map((c) => c / n2);
  return {
    type: "categorical",
    chi2_statistic: chi2.statistic,
    chi2_pvalue: chi2.pValue,
    psi: psiFromProportions(referenceProportions, currentProportions),
    js_distance: jensenShannon(referenceProportions, currentProportions),
    missing: counts.missing,
    n: { reference: n1, current: n2 },
  };
}

function tally(column: CategoricalColumn, label: string): { counts: Map<string, number>; missing: number } {
  if (!Array.isArray(column)) {
    throw new InvalidInputError(`${label}: a categorical column must be an array of strings (null = missing)`);
  }
  const counts = new Map<string, number>();
  let missing = 0;
  for (let i = 0; i < column.length; i++) {
    const value = column[i];
    if (value === null || value === undefined) {
      missing++;
    } else if (typeof value === "string") {
      counts.set(value, (counts.get(value) ?? 0) + 1);
    } else {
      throw new InvalidInputError(
        `${label}: row ${i} is a ${typeof value}; categories must be strings (null = missing)`,
      );
    }
  }
  return { counts, missing };
}

function total(counts: readonly number[]): number {
  let sum = 0;
  for (const c of counts) sum += c;
  return sum;
}
