import { InvalidInputError } from "../errors/invalid-input-error.ts";

/**
 * One feature of a builtin model's input, as a column. Numbers and timestamps (epoch ms) use
 * NaN for a missing cell; booleans are 0, 1 or NaN; strings use null for a missing cell.
 */
export type FeatureColumn =
  | { name: string; type: "number" | "boolean" | "timestamp"; values: Float64Array }
  | { name: string; type: "string"; values: readonly (string | null)[] };

export type FeatureType = FeatureColumn["type"];

/** The common row count of `columns`; refuses unknown types, bad cells, duplicate names and ragged columns. */
export function validateFeatureColumns(columns: readonly FeatureColumn[], what: string): number {
  const names = new Set<string>();
  let rows = -1;
  for (const column of columns) {
    if (typeof column.name !== "string" || column.name.length === 0) {
      throw new InvalidInputError(`${what}: every feature needs a non-empty name`);
    }
    if (names.has(column.name)) throw new InvalidInputError(`${what}: feature "${column.name}" appears twice`);
    names.add(column.name);
    const length = column.values.length;
    if (rows === -1) rows = length;
    else if (length !== rows) {
      throw new InvalidInputError(
        `${what}: feature "${column.name}" has ${length} rows, the first feature has ${rows}`,
      );
    }
    validateCells(column, what);
  }
  return Math.max(rows, 0);
}

function validateCells(column: FeatureColumn, what: string): void {
  const where = (i: number) => `${what}: feature "${column.name}" row ${i}`;
  switch (column.type) {
    case "string":
      if (!Array.isArray(column.values))
        throw new InvalidInputError(`${what}: feature "${column.name}" must be an array`);
      column.values.forEach((v, i) => {
        if (v !== null && typeof v !== "string") throw new InvalidInputError(`${where(i)} is not a string or null`);
      });
      return;
    case "boolean":
      requireFloat64(column, what);
      column.values.forEach((v, i) => {
        if (v !== 0 && v !== 1 && !Number.isNaN(v)) {
          throw new InvalidInputError(`${where(i)} is ${v}; a boolean feature holds 0, 1 or NaN (missing)`);
        }
      });
      return;
    case "number":
    case "timestamp":
      requireFloat64(column, what);
      column.values.forEach((v, i) => {
        if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) {
          throw new InvalidInputError(`${where(i)} is infinite; use NaN for a missing value`);
        }
      });
      return;
    default:
      throw new InvalidInputError(
        `${what}: feature "${(column as { name: string }).name}" has unknown type "${String((column as { type: unknown }).type)}"`,
      );
  }
}

function requireFloat64(column: FeatureColumn, what: string): void {
  if (!(column.values instanceof Float64Array)) {
    throw new InvalidInputError(`${what}: feature "${column.name}" (${column.type}) must be a Float64Array`);
  }
}
