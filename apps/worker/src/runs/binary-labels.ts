import { badInput, type ColumnValues } from "@fieldtest/db";

export interface BinaryLabelsInput {
  /** Name of the label column, for the error message. */
  column: string;
  /** The label column of the dataset version, one cell per row. */
  values: ColumnValues;
  /** Row ids of the dataset version, to point at a bad row. */
  rowIds: readonly (string | null)[];
  /** The rows to take (e.g. the test rows), ascending indices into `values`. */
  rows: Uint32Array;
}

/** A label cell as 0 or 1 — numbers 0/1 and booleans — or null when it is neither. */
export function toBinaryLabel(value: unknown): 0 | 1 | null {
  if (value === 0 || value === false) return 0;
  if (value === 1 || value === true) return 1;
  return null;
}

/**
 * The labels of `rows` as 0/1, the form core's binary metrics take. Any other value
 * (2, "yes", a missing cell) is a BAD_INPUT error naming the column, how many rows are
 * affected and the first of them.
 */
export function binaryLabels(input: BinaryLabelsInput): Float64Array {
  const { column, values, rowIds, rows } = input;
  const labels = new Float64Array(rows.length);
  let bad = 0;
  let firstBad = -1;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k] as number;
    const label = toBinaryLabel(values[row]);
    if (label === null) {
      if (bad === 0) firstBad = row;
      bad++;
    } else {
      labels[k] = label;
    }
  }
  if (bad > 0) {
    const value = values[firstBad];
    const shown = value === null || value === undefined ? "nothing" : JSON.stringify(value);
    const rowId = rowIds[firstBad] ?? `#${firstBad + 1}`;
    throw badInput(
      "labelColumn",
      `Label column "${column}" must hold 0/1 or true/false, but ${bad === 1 ? "1 row does" : `${bad} rows do`} not: row "${rowId}" holds ${shown}`,
    );
  }
  return labels;
}
