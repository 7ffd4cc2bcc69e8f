import { parse } from "csv-parse/sync";
import type { ColumnarTable, ColumnInfo, ColumnType, ColumnValues } from "./columnar-table.ts";

export class TableParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = "TableParseError";
  }
}

export interface CsvLimits {
  maxColumns: number;
  maxRows: number;
}

const DEFAULT_LIMITS: CsvLimits = { maxColumns: 500, maxRows: 2_000_000 };
const MISSING = new Set(["", "NA", "N/A", "NaN", "nan", "null", "NULL"]);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const BOOL = new Set(["true", "false", "TRUE", "FALSE", "True", "False"]);

const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/;

/** Dates and date-times without a zone are read as UTC, so a split is the same on every machine. */
function parseUtcTimestamp(cell: string): number {
  if (cell.length === 10) return Date.parse(`${cell}T00:00:00Z`);
  const iso = cell.replace(" ", "T");
  return Date.parse(HAS_ZONE.test(iso) ? iso : `${iso}Z`);
}

function inferType(cells: string[]): ColumnType {
  let numeric = true;
  let date = true;
  let bool = true;
  let seen = 0;
  for (const c of cells) {
    if (MISSING.has(c)) continue;
    seen++;
    if (numeric && !NUMBER.test(c)) numeric = false;
    if (date && !(DATE.test(c) && !Number.isNaN(parseUtcTimestamp(c)))) date = false;
    if (bool && !BOOL.has(c)) bool = false;
    if (!numeric && !date && !bool) return "string";
  }
  if (seen === 0) return "string";
  if (numeric) return "number";
  if (bool) return "boolean";
  if (date) return "timestamp";
  return "string";
}

function convert(cells: string[], type: ColumnType): { values: ColumnValues; missing: number } {
  let missing = 0;
  const values = cells.map((c) => {
    if (MISSING.has(c)) {
      missing++;
      return null;
    }
    switch (type) {
      case "number":
        return Number(c);
      case "boolean":
        return c.toLowerCase() === "true";
      case "timestamp":
        return parseUtcTimestamp(c);
      default:
        return c;
    }
  });
  return { values: values as ColumnValues, missing };
}

/**
 * Parses CSV text with a header row into a columnar table, inferring each column's type.
 * A malformed row (wrong field count, broken quoting) is reported with its line number.
 */
export interface ParseCsvOptions {
  limits?: CsvLimits;
  /** Columns kept as text whatever they look like (row ids: "007" must not become 7). */
  stringColumns?: readonly string[];
}

export function parseCsvTable(text: string, options: ParseCsvOptions = {}): ColumnarTable {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const asText = new Set(options.stringColumns ?? []);
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, trim: true });
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw new TableParseError(
      (e.message ?? "malformed CSV").replace(/^Invalid Record Length: /, "").replace(/,? ?on line \d+$/, ""),
      e.lines,
    );
  }
  const header = records[0];
  if (!header || header.length === 0) throw new TableParseError("the file is empty: expected a header row");
  if (header.length > limits.maxColumns) {
    throw new TableParseError(`${header.length} columns exceed the limit of ${limits.maxColumns}`, 1);
  }
  const names = new Set<string>();
  for (const [i, name] of header.entries()) {
    if (name === "") throw new TableParseError(`column ${i + 1} has an empty name`, 1);
    if (names.has(name)) throw new TableParseError(`duplicate column name "${name}"`, 1);
    names.add(name);
  }
  const rows = records.slice(1);
  if (rows.length === 0) throw new TableParseError("the file has a header but no rows");
  if (rows.length > limits.maxRows)
    throw new TableParseError(`${rows.length} rows exceed the limit of ${limits.maxRows}`);

  const columns: ColumnInfo[] = [];
  const values: Record<string, ColumnValues> = {};
  header.forEach((name, j) => {
    const cells = rows.map((r) => r[j] ?? "");
    const type = asText.has(name) ? "string" : inferType(cells);
    const converted = convert(cells, type);
    columns.push({ name, type, missing: converted.missing });
    values[name] = converted.values;
  });
  return { rowCount: rows.length, columns, values };
}
