import type { ColumnarTable } from "./columnar-table.ts";
import { textTableParser } from "./parse-text-table.ts";
import { assembleTable, newBuilder } from "./read-table.ts";
import { type TableLimits, tableLimits } from "./table-limits.ts";

export { TableLimitError, TableParseError } from "./table-limits.ts";

/** @deprecated use TableLimits */
export type CsvLimits = Pick<TableLimits, "maxColumns" | "maxRows">;

export interface ParseCsvOptions {
  limits?: Partial<TableLimits>;
  /** Columns kept as text whatever they look like (row ids: "007" must not become 7). */
  stringColumns?: readonly string[];
}

/**
 * Parses CSV text with a header row into a columnar table, inferring each column's type (the
 * same reader as streamed uploads, for text already in memory). A malformed row (wrong field
 * count, broken quoting) is reported with its line number.
 */
export function parseCsvTable(text: string, options: ParseCsvOptions = {}): ColumnarTable {
  const limits = tableLimits(options.limits);
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const read = (only?: ReadonlySet<string>) => {
    const builder = newBuilder({ format: "csv", stringColumns: options.stringColumns }, limits, only);
    const parser = textTableParser("csv", builder);
    parser.push(source);
    parser.end(false);
    parser.check();
    return builder.finish();
  };
  const first = read();
  return assembleTable(first, first.deferred.length > 0 ? read(new Set(first.deferred)) : null);
}
