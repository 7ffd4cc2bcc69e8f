import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { type CategoricalColumn, type CategoricalColumnDrift, categoricalDrift } from "./categorical-drift.ts";
import { type NumericColumnDrift, numericDrift } from "./numeric-drift.ts";

/** Float64Array (NaN = missing) → numeric; array of strings (null = missing) → categorical. */
export type DriftColumn = Float64Array | CategoricalColumn;
export type ColumnDrift = NumericColumnDrift | CategoricalColumnDrift;

export interface DriftReportOptions {
  reference: Readonly<Record<string, DriftColumn>>;
  current: Readonly<Record<string, DriftColumn>>;
  /** Columns to compare, in this order; default every reference column. Each must exist on both sides. */
  columns?: readonly string[];
}

export interface DriftReport {
  columns: Record<string, ColumnDrift>;
}

/**
 * Drift of every requested column between a reference and a current data set (DESIGN.md,
 * "Evaluation semantics"): numeric columns get KS, Wasserstein, PSI and JS; categorical
 * ones chi-square, PSI and JS; each reports its missing counts and sample sizes. A column
 * absent from a side, typed differently on the two sides, or with no non-missing value
 * on a side → InvalidInputError naming it. Columns are independent: O(n log n) each.
 */
export function driftReport(options: DriftReportOptions): DriftReport {
  const { reference, current } = options;
  const names = options.columns ?? Object.keys(reference);
  if (names.length === 0) throw new InvalidInputError("drift: no columns to compare");
  const seen = new Set<string>();
  const columns: Record<string, ColumnDrift> = {};
  for (const name of names) {
    if (seen.has(name)) throw new InvalidInputError(`drift: column "${name}" is listed twice`);
    seen.add(name);
    const ref = columnOf(reference, name, "reference");
    const cur = columnOf(current, name, "current");
    const refNumeric = ref instanceof Float64Array;
    const curNumeric = cur instanceof Float64Array;
    if (refNumeric !== curNumeric) {
      throw new InvalidInputError(
        `drift: column "${name}" is ${refNumeric ? "numeric" : "categorical"} in the reference but ${curNumeric ? "numeric" : "categorical"} in the current data`,
      );
    }
    columns[name] =
      ref instanceof Float64Array
        ? numericDrift(ref, cur as Float64Array, name)
        : categoricalDrift(ref, cur as CategoricalColumn, name);
  }
  return { columns };
}

function columnOf(data: Readonly<Record<string, DriftColumn>>, name: string, side: string): DriftColumn {
  if (!Object.hasOwn(data, name))
    throw new InvalidInputError(`drift: column "${name}" is missing from the ${side} data`);
  const column = data[name];
  if (!(column instanceof Float64Array) && !Array.isArray(column)) {
    throw new InvalidInputError(
      `drift: column "${name}" in the ${side} data must be a Float64Array (numeric) or an array of strings (categorical)`,
    );
  }
  return column;
}
