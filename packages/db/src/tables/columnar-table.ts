import { TypedTable } from "./typed-table.ts";

/**
 * The columnar form in which dataset versions and prediction uploads are stored.
 * Missing cells are `null`; timestamp columns hold epoch milliseconds.
 */
export type ColumnType = "number" | "string" | "boolean" | "timestamp";

export interface ColumnInfo {
  name: string;
  type: ColumnType;
  /** How many cells of this column are missing (empty or NA). */
  missing: number;
}

export type ColumnValues = (number | null)[] | (string | null)[] | (boolean | null)[];

export interface ColumnarTable {
  rowCount: number;
  columns: ColumnInfo[];
  values: Record<string, ColumnValues>;
}

export { decodeTable, encodeTable, encodeTableParts, TABLE_FILE_EXTENSION } from "./table-codec.ts";

/**
 * A column's values as numbers (NaN for missing; booleans 1/0); throws when the column is absent
 * or holds text. For a typed table (a v2 blob) this is a copy of the stored Float64 values:
 * nothing is boxed, and the caller may change the copy freely.
 */
export function numericColumn(table: ColumnarTable, name: string): Float64Array {
  const info = table.columns.find((c) => c.name === name);
  if (!info) throw new Error(`column "${name}" does not exist`);
  if (table instanceof TypedTable) {
    const data = table.column(name);
    if (data.type === "string") {
      const first = data.strings.missing.indexOf(0);
      // A column with no cells at all reads as all-missing numbers, as boxed tables do.
      if (first === -1) return new Float64Array(table.rowCount).fill(Number.NaN);
      throw new Error(`column "${name}" is not numeric (row ${first + 1} holds "${data.strings.at(first)}")`);
    }
    if (data.type === "boolean") return Float64Array.from(data.values, (v) => (v === 2 ? Number.NaN : v));
    return data.values.slice();
  }
  const values = table.values[name] ?? [];
  const out = new Float64Array(table.rowCount);
  for (let i = 0; i < table.rowCount; i++) {
    const v = values[i];
    if (v === null || v === undefined) out[i] = Number.NaN;
    else if (typeof v === "number") out[i] = v;
    else if (typeof v === "boolean") out[i] = v ? 1 : 0;
    else throw new Error(`column "${name}" is not numeric (row ${i + 1} holds "${v}")`);
  }
  return out;
}

/** A column's values as strings (null for missing), e.g. row ids. */
export function stringColumn(table: ColumnarTable, name: string): (string | null)[] {
  const info = table.columns.find((c) => c.name === name);
  if (!info) throw new Error(`column "${name}" does not exist`);
  if (table instanceof TypedTable) {
    const data = table.column(name);
    if (data.type === "string") return data.strings.toArray();
  }
  const values = table.values[name] ?? [];
  return Array.from({ length: table.rowCount }, (_, i) => {
    const v = values[i];
    return v === null || v === undefined ? null : String(v);
  });
}
