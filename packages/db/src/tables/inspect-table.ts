import type { FileMetaData } from "hyparquet";
import { ByteMeter } from "./byte-meter.ts";
import type { ColumnInfo } from "./columnar-table.ts";
import { parseTextStream, textTableParser } from "./parse-text-table.ts";
import { checkDeclaredSizes, readParquetFile } from "./read-parquet.ts";
import { assembleTable, newBuilder, type TableFormat } from "./read-table.ts";
import { withSpoolFile } from "./spool-file.ts";
import type { BuiltColumns, TableBuilder } from "./table-builder.ts";
import { TableLimitError, type TableLimits, TableParseError, tableLimits } from "./table-limits.ts";
import { isMissingAt, MISSING_BOOLEAN, type TypedTable } from "./typed-table.ts";

export interface InspectTableOptions {
  body: AsyncIterable<Uint8Array>;
  format: TableFormat;
  /** Rows read to infer types and count missing cells (default 1,000). */
  maxRows?: number;
  /** Bytes of a CSV or JSON Lines file read at most (default 1 MB). Parquet is read to its footer. */
  maxBytes?: number;
  /** Rows returned as a sample (default 10). */
  sampleRows?: number;
  limits?: Partial<TableLimits>;
  stringColumns?: readonly string[];
  tempDir?: string;
}

export type SampleCell = string | number | boolean | null;

export interface TableInspection {
  /** Types and missing counts inferred from the rows read. */
  columns: ColumnInfo[];
  rowsRead: number;
  /** Rows in the whole file when known: a Parquet footer says, a text file only when read to its end. */
  totalRows: number | null;
  /** Whether every row of the file was read (the types are then final). */
  complete: boolean;
  /** The first rows; timestamps as ISO 8601 text. */
  sample: Record<string, SampleCell>[];
}

/**
 * Reads just the beginning of an upload (the first 1,000 rows or 1 MB of a CSV or JSON Lines
 * stream; a Parquet file's footer and first rows) and says what its columns look like, for a
 * confirmation step before the upload proper. Malformed rows and caps are reported as
 * `readTable` reports them. Nothing is stored.
 */
export async function inspectTable(options: InspectTableOptions): Promise<TableInspection> {
  const limits = tableLimits(options.limits);
  const maxRows = options.maxRows ?? 1_000;
  const sampleRows = options.sampleRows ?? 10;
  if (options.format === "parquet") return inspectParquet(options, limits, maxRows, sampleRows);

  const format = options.format;
  const kept: Uint8Array[] = [];
  const meter = new ByteMeter({ maxBytes: limits.maxBytes, keep: kept, stopAfter: options.maxBytes ?? 1024 * 1024 });
  const read = async (source: AsyncIterable<Uint8Array>, only?: ReadonlySet<string>) => {
    const builder = newBuilder({ format, stringColumns: options.stringColumns }, limits, only);
    const parser = textTableParser(format, builder, maxRows);
    await parseTextStream(source, parser, () => meter.truncated);
    parser.check();
    return { built: builder.finish(), stopped: parser.stopped };
  };
  const { built, stopped } = await read(meter.read(options.body));
  const again = built.deferred.length > 0 ? (await read(replay(kept), new Set(built.deferred))).built : null;
  const complete = !meter.truncated && !stopped;
  return describe(assembleTable(built, again), complete ? built.rowCount : null, complete, sampleRows);
}

async function inspectParquet(
  options: InspectTableOptions,
  limits: TableLimits,
  maxRows: number,
  sampleRows: number,
): Promise<TableInspection> {
  return withSpoolFile({ tempDir: options.tempDir, fileName: "upload.parquet" }, async (spool) => {
    const meter = new ByteMeter({ maxBytes: limits.maxBytes, spool: spool.handle });
    // The footer is at the end: the whole file is spooled, then only its first rows are read.
    await meter.drain(options.body);
    if (meter.bytes === 0) throw new TableParseError("the file is empty (0 bytes)");
    const read = async (only?: ReadonlySet<string>): Promise<{ built: BuiltColumns; totalRows: number }> => {
      const builder: TableBuilder = newBuilder(
        { format: "parquet", stringColumns: options.stringColumns },
        limits,
        only,
      );
      const { totalRows } = await readParquetFile(spool.path, builder, { maxDataRows: maxRows });
      return { built: builder.finish(), totalRows };
    };
    const { built, totalRows } = await read();
    const again = built.deferred.length > 0 ? (await read(new Set(built.deferred))).built : null;
    return describe(assembleTable(built, again), totalRows, totalRows <= maxRows, sampleRows);
  });
}

async function* replay(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

function describe(table: TypedTable, totalRows: number | null, complete: boolean, sampleRows: number): TableInspection {
  const sample: Record<string, SampleCell>[] = [];
  for (let i = 0; i < Math.min(sampleRows, table.rowCount); i++) {
    const row: Record<string, SampleCell> = {};
    for (const { name } of table.columns) {
      const data = table.column(name);
      if (isMissingAt(data, i)) row[name] = null;
      else if (data.type === "string") row[name] = data.strings.at(i);
      else if (data.type === "boolean") row[name] = data.values[i] !== MISSING_BOOLEAN && data.values[i] === 1;
      else if (data.type === "timestamp") row[name] = new Date(data.values[i] as number).toISOString();
      else row[name] = data.values[i] as number;
    }
    sample.push(row);
  }
  return { columns: table.columns, rowsRead: table.rowCount, totalRows, complete, sample };
}

/**
 * Says what a Parquet file's columns are from its footer alone (the metadata, its 4-byte length
 * and the closing "PAR1"), as a browser can send it without the whole file: types from the
 * schema (dates and timestamps by their logical or converted type), no missing counts and no
 * sample. The upload proper still checks every row.
 */
export async function inspectParquetFooter(footer: Uint8Array): Promise<TableInspection> {
  const { parquetMetadata, parquetSchema } = await import("hyparquet");
  const limits = tableLimits();
  let metadata: FileMetaData;
  let columns: ColumnInfo[];
  try {
    metadata = parquetMetadata(footer);
    columns = parquetSchema(metadata).children.map(({ element }) => ({
      name: element.name,
      type: parquetColumnType(element),
      missing: 0,
    }));
  } catch (err) {
    throw new TableParseError(`not a readable Parquet footer (${(err as Error).message})`);
  }
  if (columns.length > limits.maxColumns) {
    throw new TableLimitError(
      "maxColumns",
      `${columns.length.toLocaleString("en-US")} columns exceed the limit of ${limits.maxColumns.toLocaleString("en-US")}`,
    );
  }
  // A file the upload would refuse for what it decodes to is refused now, before it is sent.
  checkDeclaredSizes(metadata, limits);
  return { columns, rowsRead: 0, totalRows: Number(metadata.num_rows), complete: false, sample: [] };
}

type ParquetElement = {
  type?: string;
  converted_type?: string;
  logical_type?: { type: string };
};

function parquetColumnType(element: ParquetElement): ColumnInfo["type"] {
  const logical = element.logical_type?.type;
  const converted = element.converted_type;
  if (logical === "DATE" || logical === "TIMESTAMP" || converted === "DATE" || converted?.startsWith("TIMESTAMP")) {
    return "timestamp";
  }
  if (element.type === "BOOLEAN") return "boolean";
  if (element.type === "INT32" || element.type === "INT64" || element.type === "FLOAT" || element.type === "DOUBLE") {
    return "number";
  }
  return "string";
}
