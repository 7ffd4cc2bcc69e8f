import { createReadStream } from "node:fs";
import { ByteMeter } from "./byte-meter.ts";
import type { ColumnInfo } from "./columnar-table.ts";
import { parseTextStream, textTableParser } from "./parse-text-table.ts";
import { readParquetFile } from "./read-parquet.ts";
import { withSpoolFile } from "./spool-file.ts";
import { type BuiltColumns, TableBuilder } from "./table-builder.ts";
import { type TableLimits, TableParseError, tableLimits } from "./table-limits.ts";
import { type ColumnData, TypedTable } from "./typed-table.ts";

export const TABLE_FORMATS = ["csv", "jsonl", "parquet"] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export interface ReadTableOptions {
  /** The file as it arrives: a request body, a file stream. Read once, never held whole. */
  body: AsyncIterable<Uint8Array>;
  format: TableFormat;
  limits?: Partial<TableLimits>;
  /** Columns kept as text whatever they look like (row ids). */
  stringColumns?: readonly string[];
  /** Where the upload is spooled while it is read, created when missing (default: the OS temp directory). */
  tempDir?: string;
}

export interface ReadTableResult {
  table: TypedTable;
  /** Hex sha256 of the raw bytes, exactly as received. */
  sha256: string;
  byteLength: number;
  /** Where a row (0-based) is in the file, for messages: "line 12" (text) or "row 11" (Parquet). */
  where: (row: number) => string;
}

/**
 * Reads an uploaded CSV, JSON Lines or Parquet stream into a typed columnar table, hashing the
 * raw bytes in the same pass. The bytes are spooled to a temporary file, deleted before this
 * returns: Parquet is read from it row group by row group (its footer comes last), and a text
 * column that turns out to be text only after typed-looking cells is read again from it. A
 * malformed row or an exceeded cap throws a TableParseError naming the line (row) or the limit.
 */
export async function readTable(options: ReadTableOptions): Promise<ReadTableResult> {
  const limits = tableLimits(options.limits);
  const fileName = `upload.${options.format}`;
  return withSpoolFile({ tempDir: options.tempDir, fileName }, async (spool) => {
    const meter = new ByteMeter({ maxBytes: limits.maxBytes, spool: spool.handle });
    const builder = newBuilder(options, limits);
    if (options.format === "parquet") {
      // Spooled and hashed; read once the footer is there.
      await meter.drain(options.body);
    } else {
      const parser = textTableParser(options.format, builder);
      await parseTextStream(meter.read(options.body), parser);
      parser.check();
    }
    if (meter.bytes === 0) throw new TableParseError("the file is empty (0 bytes)");
    if (options.format === "parquet") await readParquetFile(spool.path, builder);

    const first = builder.finish();
    const where = builder.locator();
    let second: BuiltColumns | null = null;
    if (first.deferred.length > 0) {
      // Rare: columns that looked typed and then were not. Their cells are read again as text.
      const again = newBuilder(options, limits, new Set(first.deferred));
      if (options.format === "parquet") await readParquetFile(spool.path, again);
      else {
        const parser = textTableParser(options.format, again);
        await parseTextStream(createReadStream(spool.path), parser);
      }
      second = again.finish();
    }
    return { table: assembleTable(first, second), sha256: meter.sha256(), byteLength: meter.bytes, where };
  });
}

export function newBuilder(
  options: { format: TableFormat; stringColumns?: readonly string[] },
  limits: TableLimits,
  only?: ReadonlySet<string>,
): TableBuilder {
  return new TableBuilder({
    limits,
    stringColumns: options.stringColumns,
    only,
    unit: options.format === "parquet" ? "row" : "line",
    firstLine: options.format === "csv" ? 2 : 1,
  });
}

/** The table from a first pass, with the columns a second pass read as text put in their place. */
export function assembleTable(first: BuiltColumns, second: BuiltColumns | null): TypedTable {
  const columns: ColumnInfo[] = [];
  const data = new Map<string, ColumnData>();
  for (const column of first.columns) {
    const built = column.data ? column : second?.columns.find((c) => c.name === column.name);
    if (!built?.data) throw new Error(`column "${column.name}" was not read`);
    columns.push({ name: column.name, type: built.data.type, missing: built.missing });
    data.set(column.name, built.data);
  }
  return new TypedTable(first.rowCount, columns, data);
}
