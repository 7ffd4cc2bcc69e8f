import { ChunkedArray } from "./chunked-array.ts";
import { ColumnBuilder, type ColumnMode } from "./column-builder.ts";
import { TableLimitError, type TableLimits, type TableLocation, TableParseError } from "./table-limits.ts";
import type { ColumnData } from "./typed-table.ts";

export interface TableBuilderOptions {
  limits: TableLimits;
  /** Columns kept as text whatever they look like (row ids: "007" must not become 7). */
  stringColumns?: Iterable<string>;
  /** Build only these columns, all as text (a second pass for columns that turned out to be text). */
  only?: ReadonlySet<string>;
  /** Where rows are located in messages: physical lines (text formats) or row numbers (Parquet). */
  unit: "line" | "row";
  /** The line of the first data row when nothing is skipped (2 below a CSV header, 1 in JSON Lines). */
  firstLine?: number;
}

export interface BuiltColumns {
  rowCount: number;
  columns: { name: string; data: ColumnData | null; missing: number }[];
  /** Columns that turned to text after typed cells were stored: read them again with `only`. */
  deferred: string[];
}

/** Columns by name, rows counted against the caps, and where each row sits in the file. */
export class TableBuilder {
  readonly columns: ColumnBuilder[] = [];
  private readonly byName = new Map<string, ColumnBuilder>();
  private readonly asText: Set<string>;
  rowCount = 0;
  /** Line of each row, kept only once rows and lines stop matching (blank lines, quoted line breaks). */
  private lines: ChunkedArray<Uint32Array> | null = null;

  constructor(private readonly options: TableBuilderOptions) {
    this.asText = new Set(options.stringColumns ?? []);
  }

  get limits(): TableLimits {
    return this.options.limits;
  }

  column(name: string): ColumnBuilder | undefined {
    return this.byName.get(name);
  }

  /** Adds a column; refuses empty and duplicate names and more columns than the cap. */
  addColumn(
    name: string,
    at: TableLocation | undefined,
    describe = `column ${this.columns.length + 1}`,
  ): ColumnBuilder {
    if (name === "") throw new TableParseError(`${describe} has an empty name`, at);
    if (this.byName.has(name)) throw new TableParseError(`duplicate column name "${name}"`, at);
    const { maxColumns } = this.options.limits;
    if (this.columns.length >= maxColumns) {
      throw new TableLimitError(
        "maxColumns",
        `more than ${maxColumns.toLocaleString("en-US")} columns (the limit)`,
        at,
      );
    }
    const { only } = this.options;
    const mode: ColumnMode = only ? (only.has(name) ? "text" : "skip") : this.asText.has(name) ? "text" : "infer";
    // No padding here: a JSON line adds its new keys after starting its row, and pads them itself.
    const column = new ColumnBuilder(name, mode);
    this.columns.push(column);
    this.byName.set(name, column);
    return column;
  }

  /** Starts a row found on `line` (text formats) and returns its index. */
  startRow(line: number): number {
    this.addRows(1, { line });
    const row = this.rowCount - 1;
    if (this.lines) this.lines.push(line);
    else if (line !== row + (this.options.firstLine ?? 1)) {
      this.lines = new ChunkedArray(Uint32Array);
      for (let i = 0; i < row; i++) this.lines.push(i + (this.options.firstLine ?? 1));
      this.lines.push(line);
    }
    return row;
  }

  /** Counts `count` more rows against the caps. */
  addRows(count: number, at?: TableLocation): void {
    const { maxRows, maxCells } = this.options.limits;
    const rows = this.rowCount + count;
    if (rows > maxRows) {
      throw new TableLimitError("maxRows", `more than ${maxRows.toLocaleString("en-US")} rows (the limit)`, at);
    }
    if (rows * Math.max(1, this.columns.length) > maxCells) {
      throw new TableLimitError(
        "maxCells",
        `more than ${maxCells.toLocaleString("en-US")} cells (rows × columns, the limit)`,
        at,
      );
    }
    this.rowCount = rows;
  }

  /** Where each row (0-based) is, for messages: "line 12" or "row 11". Call once, when done. */
  locator(): (row: number) => string {
    if (this.options.unit === "row") return (row) => `row ${row + 1}`;
    const first = this.options.firstLine ?? 1;
    const lines = this.lines?.toArray();
    return (row) => `line ${lines ? lines[row] : row + first}`;
  }

  finish(): BuiltColumns {
    const deferred: string[] = [];
    const columns = this.columns.map((column) => {
      column.padTo(this.rowCount);
      if (column.mode === "skip") return { name: column.name, data: null, missing: 0 };
      if (column.deferred) {
        deferred.push(column.name);
        return { name: column.name, data: null, missing: 0 };
      }
      return { name: column.name, data: column.finish(), missing: column.missing };
    });
    return { rowCount: this.rowCount, columns, deferred };
  }
}
