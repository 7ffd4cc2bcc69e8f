import type { ColumnarTable, ColumnInfo, ColumnType, ColumnValues } from "./columnar-table.ts";

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

/**
 * A text column: every cell is a slice of one string. `offsets` (rowCount + 1 entries) are
 * UTF-16 code-unit offsets into that string, so reading a cell is a substring, not a decode;
 * `missing[i]` is 1 for a missing cell. The string is decoded from UTF-8 only when first read.
 */
export class StringData {
  #text: string | undefined;
  #utf8: Uint8Array | undefined;

  constructor(
    readonly offsets: Uint32Array,
    readonly missing: Uint8Array,
    content: { text: string } | { utf8: Uint8Array },
  ) {
    if ("text" in content) this.#text = content.text;
    else this.#utf8 = content.utf8;
  }

  static fromValues(values: readonly (string | null | undefined)[]): StringData {
    const offsets = new Uint32Array(values.length + 1);
    const missing = new Uint8Array(values.length);
    let chars = 0;
    values.forEach((v, i) => {
      if (v === null || v === undefined) missing[i] = 1;
      else chars += v.length;
      offsets[i + 1] = chars;
    });
    return new StringData(offsets, missing, { text: values.filter((v) => typeof v === "string").join("") });
  }

  get length(): number {
    return this.missing.length;
  }

  get text(): string {
    this.#text ??= utf8Decoder.decode(this.#utf8);
    return this.#text;
  }

  /** The UTF-8 bytes of all cells (encoded on demand, not kept). */
  utf8(): Uint8Array {
    return this.#utf8 ?? utf8Encoder.encode(this.#text);
  }

  at(i: number): string | null {
    if (this.missing[i] === 1) return null;
    return this.text.slice(this.offsets[i], this.offsets[i + 1]);
  }

  toArray(): (string | null)[] {
    const text = this.text;
    const out = new Array<string | null>(this.length);
    for (let i = 0; i < out.length; i++) {
      out[i] = this.missing[i] === 1 ? null : text.slice(this.offsets[i], this.offsets[i + 1]);
    }
    return out;
  }
}

/** Boolean cells: 0 false, 1 true, 2 missing. */
export const MISSING_BOOLEAN = 2;

/** A column's cells in typed form: numbers and timestamps (epoch ms) with NaN for missing. */
export type ColumnData =
  | { type: "number" | "timestamp"; values: Float64Array }
  | { type: "boolean"; values: Uint8Array }
  | { type: "string"; strings: StringData };

/**
 * A columnar table held in typed arrays (as parsed, or as read from a v2 blob). `values`
 * (the boxed view of ColumnarTable) is built per column on first access; `numericColumn` and
 * `stringColumn` read the typed arrays directly.
 */
export class TypedTable implements ColumnarTable {
  readonly values: Record<string, ColumnValues>;

  constructor(
    readonly rowCount: number,
    readonly columns: ColumnInfo[],
    readonly data: ReadonlyMap<string, ColumnData>,
  ) {
    const values: Record<string, ColumnValues> = {};
    for (const { name } of columns) {
      let boxed: ColumnValues | undefined;
      Object.defineProperty(values, name, {
        enumerable: true,
        get: () => {
          boxed ??= boxColumn(this.column(name));
          return boxed;
        },
      });
    }
    this.values = values;
  }

  column(name: string): ColumnData {
    const data = this.data.get(name);
    if (!data) throw new Error(`column "${name}" does not exist`);
    return data;
  }
}

function boxColumn(data: ColumnData): ColumnValues {
  switch (data.type) {
    case "string":
      return data.strings.toArray();
    case "boolean":
      return Array.from(data.values, (v) => (v === MISSING_BOOLEAN ? null : v === 1));
    default:
      return Array.from(data.values, (v) => (Number.isNaN(v) ? null : v));
  }
}

/** Whether cell `i` of a column is missing. */
export function isMissingAt(data: ColumnData, i: number): boolean {
  switch (data.type) {
    case "string":
      return data.strings.missing[i] === 1;
    case "boolean":
      return data.values[i] === MISSING_BOOLEAN;
    default:
      return Number.isNaN(data.values[i] as number);
  }
}

/** The index of the first missing cell, or -1. */
export function firstMissingRow(data: ColumnData, rowCount: number): number {
  for (let i = 0; i < rowCount; i++) if (isMissingAt(data, i)) return i;
  return -1;
}

/** The typed form of any ColumnarTable (a TypedTable is returned as it is). */
export function toTypedTable(table: ColumnarTable): TypedTable {
  if (table instanceof TypedTable) return table;
  const data = new Map<string, ColumnData>();
  for (const info of table.columns) {
    const values = (table.values[info.name] ?? []) as readonly unknown[];
    data.set(info.name, typedColumn(info.name, info.type, values, table.rowCount));
  }
  return new TypedTable(
    table.rowCount,
    table.columns.map((c) => ({ ...c })),
    data,
  );
}

function typedColumn(name: string, type: ColumnType, values: readonly unknown[], rowCount: number): ColumnData {
  const wrong = (i: number) =>
    new Error(`column "${name}" (${type}) holds ${JSON.stringify(values[i])} in row ${i + 1}`);
  if (type === "string") {
    const cells = Array.from({ length: rowCount }, (_, i) => {
      const v = values[i];
      if (v === null || v === undefined) return null;
      if (typeof v !== "string") throw wrong(i);
      return v;
    });
    return { type, strings: StringData.fromValues(cells) };
  }
  if (type === "boolean") {
    const out = new Uint8Array(rowCount);
    for (let i = 0; i < rowCount; i++) {
      const v = values[i];
      if (v === null || v === undefined) out[i] = MISSING_BOOLEAN;
      else if (typeof v === "boolean") out[i] = v ? 1 : 0;
      else throw wrong(i);
    }
    return { type, values: out };
  }
  const out = new Float64Array(rowCount);
  for (let i = 0; i < rowCount; i++) {
    const v = values[i];
    if (v === null || v === undefined) out[i] = Number.NaN;
    else if (typeof v === "number") out[i] = v;
    else throw wrong(i);
  }
  return { type, values: out };
}
