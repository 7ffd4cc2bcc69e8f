import { parseDecimal } from "./parse-decimal.ts";

/** What a column must hold; every value is checked as it is read, so errors name the row. */
export type ColumnKind =
  /** Any finite number. */
  | { type: "number" }
  /** 0 or 1 (binary labels); booleans count as 1/0. */
  | { type: "binary-label"; context: string }
  /** A finite number in [0, 1]. */
  | { type: "probability" }
  /** A class: one of `classes` by name, or its 0-based index; stored as the index. */
  | { type: "class"; classes: readonly string[] }
  /** Any non-empty text (slices); stored as codes into a list of levels. */
  | { type: "category" }
  /**
   * A number or a text, missing allowed (an empty cell, a JSON/Parquet null): numeric while
   * every value is a number (NaN = missing), text (null = missing) from the first that is not.
   */
  | { type: "number-or-text" };

export interface ColumnRequest {
  /** Column name in the file. */
  name: string;
  /** What the column is for, in messages ("label", "score", "score-a", …). */
  role: string;
  /** The flag that named the column ("--label"), for a missing-column message. */
  option: string;
  kind: ColumnKind;
}

export interface NumericColumn {
  type: "numeric";
  values: Float64Array;
}

export interface CategoryColumn {
  type: "category";
  /** Index into `levels` per row. */
  codes: Int32Array;
  /** Distinct values in order of first appearance. */
  levels: string[];
}

/** Text values, null = missing (kind "number-or-text" once a value is not a number). */
export interface TextColumn {
  type: "text";
  values: (string | null)[];
}

export type ColumnData = NumericColumn | CategoryColumn | TextColumn;

/** A number-or-text column as text: numbers written canonically (`String(x)`), missing stays null. */
export function asText(column: NumericColumn | TextColumn): (string | null)[] {
  if (column.type === "text") return column.values;
  return Array.from(column.values, (x) => (Number.isNaN(x) ? null : String(x)));
}

/**
 * Accumulates one requested column. `pushText` takes a CSV cell, `pushValue` a typed
 * value from JSON Lines or Parquet; both return a problem (without the location, which
 * only the reader knows) or undefined when the value was stored.
 */
export interface ColumnBuilder {
  pushText(raw: string): string | undefined;
  pushValue(value: unknown): string | undefined;
  finish(): ColumnData;
}

export function createColumnBuilder(request: ColumnRequest, capacity = 1024): ColumnBuilder {
  switch (request.kind.type) {
    case "category":
      return new CategoryBuilder(request, capacity);
    case "class":
      return new ClassBuilder(request, request.kind.classes, capacity);
    case "number-or-text":
      return new NumberOrTextBuilder(capacity);
    default:
      return new NumericBuilder(request, capacity);
  }
}

/** `role column "name"`, the subject of every value problem. */
function subject(request: ColumnRequest): string {
  return `${request.role} column "${request.name}"`;
}

function describeText(raw: string): string {
  const trimmed = raw.trim();
  return trimmed === "" ? "an empty value" : JSON.stringify(trimmed);
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "no value (null)";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return `the date ${Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString()}`;
  return `a ${Array.isArray(value) ? "list" : typeof value}`;
}

class GrowableFloat64 {
  values: Float64Array;
  length = 0;

  constructor(capacity: number) {
    this.values = new Float64Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = value;
  }

  /** The filled part; shares the buffer when the capacity was exact. */
  take(): Float64Array {
    return this.length === this.values.length ? this.values : this.values.slice(0, this.length);
  }
}

class NumericBuilder implements ColumnBuilder {
  private readonly column: GrowableFloat64;
  private readonly kind: "number" | "binary-label" | "probability";

  constructor(
    private readonly request: ColumnRequest,
    capacity: number,
  ) {
    this.column = new GrowableFloat64(capacity);
    this.kind = request.kind.type as "number" | "binary-label" | "probability";
  }

  pushText(raw: string): string | undefined {
    const value = parseDecimal(raw);
    if (Number.isNaN(value)) return this.invalid(describeText(raw));
    return this.accept(value);
  }

  pushValue(value: unknown): string | undefined {
    if (typeof value === "number") {
      if (!Number.isFinite(value)) return this.invalid(String(value));
      return this.accept(value);
    }
    if (typeof value === "bigint") return this.accept(Number(value));
    if (typeof value === "boolean") return this.accept(value ? 1 : 0);
    return this.invalid(describeValue(value));
  }

  finish(): ColumnData {
    return { type: "numeric", values: this.column.take() };
  }

  private accept(value: number): string | undefined {
    if (this.kind === "binary-label") {
      if (value !== 0 && value !== 1) return this.invalid(String(value));
    } else if (this.kind === "probability") {
      if (!(value >= 0 && value <= 1))
        return `${subject(this.request)} must be a probability in [0, 1], found ${value}`;
    }
    this.column.push(value);
    return undefined;
  }

  private invalid(found: string): string {
    const kind = this.request.kind;
    const wanted =
      kind.type === "binary-label"
        ? `must be 0 or 1 (${kind.context})`
        : kind.type === "probability"
          ? "must be a probability in [0, 1]"
          : "must be a finite number";
    return `${subject(this.request)} ${wanted}, found ${found}`;
  }
}

class ClassBuilder implements ColumnBuilder {
  private readonly column: GrowableFloat64;
  private readonly byName: Map<string, number>;

  constructor(
    private readonly request: ColumnRequest,
    private readonly classes: readonly string[],
    capacity: number,
  ) {
    this.column = new GrowableFloat64(capacity);
    this.byName = new Map(classes.map((name, index) => [name, index]));
  }

  pushText(raw: string): string | undefined {
    const text = raw.trim();
    const index = this.byName.get(text) ?? (/^\d+$/.test(text) ? Number(text) : -1);
    if (index >= 0 && index < this.classes.length) {
      this.column.push(index);
      return undefined;
    }
    return this.invalid(describeText(raw));
  }

  pushValue(value: unknown): string | undefined {
    if (typeof value === "string") return this.pushText(value);
    if ((typeof value === "number" && Number.isInteger(value)) || typeof value === "bigint") {
      const index = this.byName.get(String(value)) ?? Number(value);
      if (index >= 0 && index < this.classes.length) {
        this.column.push(index);
        return undefined;
      }
    }
    return this.invalid(describeValue(value));
  }

  finish(): ColumnData {
    return { type: "numeric", values: this.column.take() };
  }

  private invalid(found: string): string {
    const k = this.classes.length;
    return `${subject(this.request)} must name a class (${this.classes.join(", ")}) or give its index 0–${k - 1}, found ${found}`;
  }
}

class CategoryBuilder implements ColumnBuilder {
  private codes: Int32Array;
  private length = 0;
  private readonly index = new Map<string, number>();
  private readonly levels: string[] = [];

  constructor(
    private readonly request: ColumnRequest,
    capacity: number,
  ) {
    this.codes = new Int32Array(Math.max(16, capacity));
  }

  pushText(raw: string): string | undefined {
    const text = raw.trim();
    if (text === "") return `${subject(this.request)} is empty; every row needs a value`;
    this.store(text);
    return undefined;
  }

  pushValue(value: unknown): string | undefined {
    if (typeof value === "string") return this.pushText(value);
    if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") {
      this.store(String(value));
      return undefined;
    }
    return `${subject(this.request)} must be text or a number, found ${describeValue(value)}`;
  }

  finish(): ColumnData {
    const codes = this.length === this.codes.length ? this.codes : this.codes.slice(0, this.length);
    return { type: "category", codes, levels: this.levels };
  }

  private store(text: string): void {
    let code = this.index.get(text);
    if (code === undefined) {
      code = this.levels.length;
      this.levels.push(text);
      this.index.set(text, code);
    }
    if (this.length === this.codes.length) {
      const bigger = new Int32Array(this.codes.length * 2);
      bigger.set(this.codes);
      this.codes = bigger;
    }
    this.codes[this.length++] = code;
  }
}

/**
 * Keeps numbers in a Float64Array while every value is one; at the first text, switches to
 * text and writes the earlier numbers canonically (`String(x)`), so `1.0` and `1` become
 * one category. Missing values are never an error here: drift counts and reports them.
 */
class NumberOrTextBuilder implements ColumnBuilder {
  private readonly numbers: GrowableFloat64;
  private texts: (string | null)[] | undefined;

  constructor(capacity: number) {
    this.numbers = new GrowableFloat64(capacity);
  }

  pushText(raw: string): string | undefined {
    const text = raw.trim();
    if (text === "") return this.push(null);
    const value = parseDecimal(text);
    return this.push(Number.isNaN(value) ? text : value);
  }

  pushValue(value: unknown): string | undefined {
    if (value === null || value === undefined) return this.push(null);
    if (typeof value === "number") return this.push(Number.isFinite(value) ? value : String(value));
    if (typeof value === "bigint") return this.push(Number(value));
    if (typeof value === "string") return this.pushText(value);
    if (typeof value === "boolean") return this.push(String(value));
    if (value instanceof Date) return this.push(Number.isNaN(value.getTime()) ? null : value.toISOString());
    return `column must hold numbers or text, found ${describeValue(value)}`;
  }

  finish(): ColumnData {
    if (this.texts !== undefined) return { type: "text", values: this.texts };
    return { type: "numeric", values: this.numbers.take() };
  }

  private push(value: number | string | null): undefined {
    if (this.texts === undefined && typeof value === "string") {
      this.texts = asText({ type: "numeric", values: this.numbers.values.subarray(0, this.numbers.length) });
    }
    if (this.texts !== undefined) this.texts.push(typeof value === "number" ? String(value) : value);
    else this.numbers.push(value === null ? Number.NaN : (value as number));
    return undefined;
  }
}
