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

const FORMAT = "fieldtest.columnar.v1";

export function encodeTable(table: ColumnarTable): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ format: FORMAT, ...table }));
}

export function decodeTable(bytes: Uint8Array): ColumnarTable {
  const parsed = JSON.parse(new TextDecoder().decode(bytes)) as ColumnarTable & { format?: string };
  if (parsed.format !== FORMAT) throw new Error(`unknown table format: ${String(parsed.format)}`);
  return { rowCount: parsed.rowCount, columns: parsed.columns, values: parsed.values };
}

/** A column's values as numbers (NaN for missing); throws when the column is absent or not numeric. */
export function numericColumn(table: ColumnarTable, name: string): Float64Array {
  const info = table.columns.find((c) => c.name === name);
  if (!info) throw new Error(`column "${name}" does not exist`);
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
  const values = table.values[name] ?? [];
  return Array.from({ length: table.rowCount }, (_, i) => {
    const v = values[i];
    return v === null || v === undefined ? null : String(v);
  });
}
