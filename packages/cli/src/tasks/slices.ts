import type { CategoryColumn } from "../input/column-request.ts";

export interface SliceRows {
  /** The slice column's value. */
  value: string;
  /** Row indices of the slice, ascending. */
  rows: Uint32Array;
}

/** Groups rows by the slice column, slices ordered by value (code-unit order), so the order never depends on the file. */
export function sliceRows(column: CategoryColumn): SliceRows[] {
  const counts = new Uint32Array(column.levels.length);
  for (let i = 0; i < column.codes.length; i++) {
    const code = column.codes[i] as number;
    counts[code] = (counts[code] as number) + 1;
  }
  const rows = column.levels.map((_, code) => new Uint32Array(counts[code] as number));
  const filled = new Uint32Array(column.levels.length);
  for (let i = 0; i < column.codes.length; i++) {
    const code = column.codes[i] as number;
    const at = filled[code] as number;
    (rows[code] as Uint32Array)[at] = i;
    filled[code] = at + 1;
  }
  return column.levels
    .map((value, code) => ({ value, rows: rows[code] as Uint32Array }))
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** The values of `column` at `rows`. */
export function pick(column: Float64Array, rows: Uint32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = column[rows[i] as number] as number;
  return out;
}
