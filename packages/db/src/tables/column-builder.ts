import { BOOL, isTrue, MISSING, NUMBER, timestampOf } from "./cell-rules.ts";
import { ChunkedArray } from "./chunked-array.ts";
import { TextAccumulator } from "./text-accumulator.ts";
import { type ColumnData, MISSING_BOOLEAN } from "./typed-table.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The state of a column while it streams in. */
const Kind = {
  /** Only missing cells so far. */
  Empty: 0,
  Number: 1,
  Boolean: 2,
  Timestamp: 3,
  Text: 4,
  /** Looked typed, then a cell did not fit: the column is text, read again from the file's start. */
  Deferred: 5,
  /** Not wanted in this pass. */
  Skipped: 6,
} as const;
type Kind = (typeof Kind)[keyof typeof Kind];

export type ColumnMode = "infer" | "text" | "skip";

/** A nested value (a Parquet list or struct) as the JSON text it is stored as; bigints keep every digit. */
export function jsonText(value: object): string {
  return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v));
}

/** A cell that cannot be stored (e.g. undecodable bytes); the caller adds where it is. */
export class CellError extends Error {}

/**
 * Builds one column cell by cell, inferring its type on the way with the rules of cell-rules.ts:
 * the first present cell proposes number, boolean or timestamp, and the column keeps that type
 * while every present cell fits it. A text cell that does not fit turns the column to text; the
 * cells already stored were converted, so their original text is read again from the file
 * (`Deferred`) — rare, and it keeps memory at typed-array size for the usual case.
 * Typed cells (JSON numbers, Parquet values) take part in the same inference.
 */
export class ColumnBuilder {
  length = 0;
  missing = 0;
  private kind: Kind;
  private numbers: ChunkedArray<Float64Array> | null = null;
  private booleans: ChunkedArray<Uint8Array> | null = null;
  private texts: TextAccumulator | null = null;

  constructor(
    readonly name: string,
    readonly mode: ColumnMode,
  ) {
    this.kind = mode === "skip" ? Kind.Skipped : mode === "text" ? Kind.Text : Kind.Empty;
    if (this.kind === Kind.Text) this.texts = new TextAccumulator(0);
  }

  get deferred(): boolean {
    return this.kind === Kind.Deferred;
  }

  /** Pads with missing cells up to `rows` (a JSON line without this key). */
  padTo(rows: number): void {
    if (this.length < rows) this.addMissing(rows - this.length);
  }

  addMissing(count = 1): void {
    this.length += count;
    this.missing += count;
    switch (this.kind) {
      case Kind.Number:
      case Kind.Timestamp:
        this.numbers?.pushMany(Number.NaN, count);
        break;
      case Kind.Boolean:
        this.booleans?.pushMany(MISSING_BOOLEAN, count);
        break;
      case Kind.Text:
        this.texts?.pushMissing(count);
        break;
    }
  }

  /** A cell as text (CSV, or a JSON string): missing, number, boolean, date or text by its look. */
  text(cell: string): void {
    if (MISSING.has(cell)) {
      this.addMissing();
      return;
    }
    switch (this.kind) {
      case Kind.Number:
        if (NUMBER.test(cell)) this.pushNumber(Number(cell));
        else this.fallBack();
        break;
      case Kind.Boolean:
        if (BOOL.has(cell)) this.pushBoolean(isTrue(cell));
        else this.fallBack();
        break;
      case Kind.Timestamp: {
        const ms = timestampOf(cell);
        if (Number.isNaN(ms)) this.fallBack();
        else this.pushNumber(ms);
        break;
      }
      case Kind.Text:
        this.pushText(cell);
        break;
      case Kind.Empty:
        this.first(cell);
        break;
      default:
        this.length++;
    }
  }

  /** A typed number (JSON number, Parquet numeric); NaN is missing. */
  number(value: number): void {
    if (Number.isNaN(value)) this.addMissing();
    else if (this.kind === Kind.Number) this.pushNumber(value);
    else this.typed(Kind.Number, value, String(value));
  }

  boolean(value: boolean): void {
    if (this.kind === Kind.Boolean) this.pushBoolean(value);
    else this.typed(Kind.Boolean, value ? 1 : 0, value ? "true" : "false");
  }

  /** A typed point in time (a Parquet DATE or TIMESTAMP) in epoch ms. */
  timestamp(ms: number): void {
    if (Number.isNaN(ms)) this.addMissing();
    else if (this.kind === Kind.Timestamp) this.pushNumber(ms);
    else this.typed(Kind.Timestamp, ms, new Date(ms).toISOString());
  }

  /** Any decoded value (JSON Lines, Parquet). Nested values are stored as their JSON text. */
  value(value: unknown): void {
    if (value === null || value === undefined) {
      this.addMissing();
      return;
    }
    switch (typeof value) {
      case "string":
        this.text(value);
        break;
      case "number":
        this.number(value);
        break;
      case "boolean":
        this.boolean(value);
        break;
      case "bigint":
        // Row ids keep every digit; a numeric column gets the nearest double.
        if (this.kind === Kind.Text) this.text(value.toString());
        else this.number(Number(value));
        break;
      case "object":
        if (value instanceof Date) this.timestamp(value.getTime());
        else if (value instanceof Uint8Array) this.text(this.decodeBytes(value));
        else this.text(jsonText(value));
        break;
      default:
        throw new CellError(`column "${this.name}" holds a value of type ${typeof value}`);
    }
  }

  finish(): ColumnData {
    switch (this.kind) {
      case Kind.Number:
      case Kind.Timestamp:
        return { type: this.kind === Kind.Number ? "number" : "timestamp", values: this.take(this.numbers) };
      case Kind.Boolean:
        return { type: "boolean", values: this.take(this.booleans) };
      case Kind.Text:
        return { type: "string", strings: (this.texts as TextAccumulator).finish() };
      case Kind.Empty:
        return { type: "string", strings: new TextAccumulator(this.length).finish() };
      default:
        throw new Error(`column "${this.name}" has no values in this pass`);
    }
  }

  private decodeBytes(bytes: Uint8Array): string {
    try {
      return utf8.decode(bytes);
    } catch {
      throw new CellError(`column "${this.name}" holds bytes that are not UTF-8 text`);
    }
  }

  private take<T extends Float64Array | Uint8Array>(array: ChunkedArray<T> | null): T {
    if (!array) throw new Error(`column "${this.name}" has no values`);
    return array.toArray();
  }

  /** The first present cell decides which type the column may have. */
  private first(cell: string): void {
    if (NUMBER.test(cell)) {
      this.become(Kind.Number);
      this.pushNumber(Number(cell));
      return;
    }
    if (BOOL.has(cell)) {
      this.become(Kind.Boolean);
      this.pushBoolean(isTrue(cell));
      return;
    }
    const ms = timestampOf(cell);
    if (!Number.isNaN(ms)) {
      this.become(Kind.Timestamp);
      this.pushNumber(ms);
      return;
    }
    this.become(Kind.Text);
    this.pushText(cell);
  }

  private typed(kind: Kind, stored: number, asText: string): void {
    switch (this.kind) {
      case Kind.Empty:
        this.become(kind);
        if (kind === Kind.Boolean) this.pushBoolean(stored === 1);
        else this.pushNumber(stored);
        break;
      case Kind.Text:
        this.pushText(asText);
        break;
      case Kind.Deferred:
      case Kind.Skipped:
        this.length++;
        break;
      default:
        this.fallBack();
    }
  }

  /** Leaves Empty: the missing cells so far are stored in the new form. */
  private become(kind: Kind): void {
    const prefix = this.length;
    this.kind = kind;
    if (kind === Kind.Number || kind === Kind.Timestamp) {
      this.numbers = new ChunkedArray(Float64Array);
      this.numbers.pushMany(Number.NaN, prefix);
    } else if (kind === Kind.Boolean) {
      this.booleans = new ChunkedArray(Uint8Array);
      this.booleans.pushMany(MISSING_BOOLEAN, prefix);
    } else if (kind === Kind.Text) {
      this.texts = new TextAccumulator(prefix);
    }
  }

  private fallBack(): void {
    this.kind = Kind.Deferred;
    this.numbers = null;
    this.booleans = null;
    this.length++;
  }

  private pushNumber(value: number): void {
    this.length++;
    this.numbers?.push(value);
  }

  private pushText(cell: string): void {
    this.length++;
    this.texts?.push(cell);
  }

  private pushBoolean(value: boolean): void {
    this.length++;
    this.booleans?.push(value ? 1 : 0);
  }
}
