import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { sortedWithoutNaN } from "./sort-float64.ts";

/** A count per side of a drift comparison. */
export interface SideCounts {
  reference: number;
  current: number;
}

export interface SortedSample {
  /** The non-missing values, ascending from `sortedSample` (a new array; the column is not modified). */
  values: Float64Array;
  /** How many values were NaN (missing) and left out. */
  missing: number;
}

/**
 * Splits a numeric column into its sorted non-missing values and the count of missing
 * ones (NaN). ±Infinity is refused: it has no place in a quantile bin edge or a
 * Wasserstein distance, and passing it through would turn the result into NaN silently.
 * `label` names the column and side in error messages.
 */
export function sortedSample(column: Float64Array, label: string): SortedSample {
  requireFloat64Array(column, label);
  const { values, nanCount } = sortedWithoutNaN(column);
  // ±Infinity sorts to the ends: one look at each end validates the whole column.
  if (
    values.length > 0 &&
    (values[0] === Number.NEGATIVE_INFINITY || values[values.length - 1] === Number.POSITIVE_INFINITY)
  ) {
    throwOnInfinity(column, label);
  }
  return { values, missing: nanCount };
}

/** The non-missing values of a numeric column in row order (a copy), validated as `sortedSample` does. */
export function nonMissingValues(column: Float64Array, label: string): SortedSample {
  requireFloat64Array(column, label);
  const values = new Float64Array(column.length);
  let count = 0;
  for (let i = 0; i < column.length; i++) {
    const x = column[i] as number;
    if (x - x === 0) {
      values[count++] = x; // finite
    } else if (!Number.isNaN(x)) {
      throwOnInfinity(column, label); // ±Infinity (NaN is missing)
    }
  }
  return { values: values.subarray(0, count), missing: column.length - count };
}

export function requireFloat64Array(column: Float64Array, label: string): void {
  if (!(column instanceof Float64Array)) {
    throw new InvalidInputError(`${label}: a numeric column must be a Float64Array (NaN = missing)`);
  }
}

function throwOnInfinity(column: Float64Array, label: string): never {
  throwInfinite(
    column,
    column.findIndex((x) => x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY),
    label,
  );
}

export function throwInfinite(column: Float64Array, row: number, label: string): never {
  throw new InvalidInputError(`${label}: row ${row} is ${column[row]}; numeric values must be finite or NaN (missing)`);
}

/** Refuses an empty sample (every statistic here is undefined on zero values). */
export function requireNonEmpty(count: number, missing: number, label: string): void {
  if (count === 0) {
    const why = missing > 0 ? `all ${missing} values are missing` : "it has no values";
    throw new InvalidInputError(`${label}: cannot compare distributions, ${why}`);
  }
}
