import { constants } from "node:buffer";
import type { AsyncBuffer, Compressors, FileMetaData } from "hyparquet";
import { CellError, type ColumnBuilder, jsonText } from "./column-builder.ts";
import type { TableBuilder } from "./table-builder.ts";
import { describeBytes, TableLimitError, type TableLimits, TableParseError } from "./table-limits.ts";

type Values = ArrayLike<unknown>;

export interface ParquetReadOptions {
  /** Read only the first rows (a preview). */
  maxDataRows?: number;
}

/**
 * Reads a Parquet file (any codec, ZSTD included, through hyparquet-compressors) into `builder`
 * one row group at a time, so memory holds the columns being built plus one decoded row group.
 * What the file decodes to is capped (maxDecodedBytes, maxRowGroupDecodedBytes) before anything
 * is decompressed, again while pages decompress, and cell by cell (maxRecordBytes a cell).
 * Returns the file's row count. hyparquet is loaded on first use.
 */
export async function readParquetFile(
  path: string,
  builder: TableBuilder,
  options: ParquetReadOptions = {},
): Promise<{ totalRows: number }> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetSchema } = await import("hyparquet");
  const file = await asyncBufferFromFile(path);
  let metadata: FileMetaData;
  let names: string[];
  try {
    metadata = await parquetMetadataAsync(file);
    names = parquetSchema(metadata).children.map((child) => child.element.name);
  } catch (err) {
    throw new TableParseError(`not a readable Parquet file (${(err as Error).message})`);
  }
  const { limits } = builder;
  const { maxColumns, maxRows } = limits;
  if (names.length > maxColumns) {
    throw new TableLimitError(
      "maxColumns",
      `${names.length.toLocaleString("en-US")} columns exceed the limit of ${maxColumns.toLocaleString("en-US")}`,
    );
  }
  const totalRows = Number(metadata.num_rows);
  if (totalRows === 0) throw new TableParseError("the file has no rows");
  if (options.maxDataRows === undefined && totalRows > maxRows) {
    throw new TableLimitError(
      "maxRows",
      `${totalRows.toLocaleString("en-US")} rows exceed the limit of ${maxRows.toLocaleString("en-US")}`,
    );
  }
  checkDeclaredSizes(metadata, limits);
  const columns = names.map((name, j) => builder.addColumn(name, undefined, `column ${j + 1}`));
  const wanted = columns.filter((c) => c.mode !== "skip");
  const lastRow = Math.min(totalRows, options.maxDataRows ?? totalRows);
  const budget = new DecodeBudget(limits);

  let groupStart = 0;
  for (const group of metadata.row_groups) {
    if (groupStart >= lastRow) break;
    const groupEnd = Math.min(groupStart + Number(group.num_rows), lastRow);
    builder.addRows(groupEnd - groupStart, { row: groupStart + 1 });
    const data = await readGroup({
      file,
      metadata,
      columns: wanted.map((c) => c.name),
      groupStart,
      groupEnd,
      budget,
    });
    for (const column of columns) {
      if (column.mode === "skip") {
        column.padTo(groupEnd);
        continue;
      }
      feed(column, data.get(column.name) as Values, { groupStart, groupEnd, budget });
    }
    groupStart = groupEnd;
  }
  return { totalRows };
}

/**
 * Refuses a file whose footer declares more decoded bytes (the column chunks' uncompressed sizes)
 * than the caps allow, in all or in one row group, before anything is decompressed. The footer
 * can lie; DecodeBudget holds the pages and cells to the same caps as they are decoded.
 */
export function checkDeclaredSizes(metadata: FileMetaData, limits: TableLimits): void {
  const { maxDecodedBytes, maxRowGroupDecodedBytes } = limits;
  let total = 0;
  let groupStart = 0;
  metadata.row_groups.forEach((group, g) => {
    let declared = 0;
    for (const chunk of group.columns) declared += Number(chunk.meta_data?.total_uncompressed_size ?? 0);
    if (declared > maxRowGroupDecodedBytes) {
      throw new TableLimitError(
        "maxRowGroupDecodedBytes",
        `row group ${g + 1} decodes to ${describeBytes(declared)}, more than the limit of ${describeBytes(maxRowGroupDecodedBytes)} a row group`,
        { row: groupStart + 1 },
      );
    }
    total += declared;
    groupStart += Number(group.num_rows);
  });
  if (total > maxDecodedBytes) {
    throw new TableLimitError(
      "maxDecodedBytes",
      `the file decodes to ${describeBytes(total)}, more than the limit of ${describeBytes(maxDecodedBytes)}`,
    );
  }
}

/** The longest string V8 can make: a text column is joined into one. */
const MAX_COLUMN_TEXT = constants.MAX_STRING_LENGTH;

/** What has been decoded so far: decompressed page bytes and the text of cells (in characters). */
class DecodeBudget {
  private pageBytes = 0;
  private textChars = 0;
  private readonly columnChars = new Map<ColumnBuilder, number>();

  constructor(readonly limits: TableLimits) {}

  /**
   * hyparquet's decompressors, each refusing a page whose declared size would take the row group
   * or the file past its cap before allocating it (the output buffer is that size, also for ZSTD).
   */
  async compressors(groupStart: number): Promise<Compressors> {
    const { compressors, decompressZstd } = await import("hyparquet-compressors");
    const { snappyUncompress } = await import("hyparquet");
    const base: Compressors = {
      ...compressors,
      SNAPPY:
        compressors.SNAPPY ??
        ((input, length) => {
          const out = new Uint8Array(length);
          snappyUncompress(input, out);
          return out;
        }),
      ZSTD: (input, length) => decompressZstd(input, new Uint8Array(length)),
    };
    const { maxDecodedBytes, maxRowGroupDecodedBytes } = this.limits;
    let groupBytes = 0;
    const guarded: Compressors = {};
    for (const [codec, decompress] of Object.entries(base) as [keyof Compressors, Compressors["GZIP"]][]) {
      if (!decompress) continue;
      guarded[codec] = (input, length) => {
        groupBytes += length;
        this.pageBytes += length;
        if (groupBytes > maxRowGroupDecodedBytes) {
          throw new TableLimitError(
            "maxRowGroupDecodedBytes",
            `a row group decompresses to more than the limit of ${describeBytes(maxRowGroupDecodedBytes)}`,
            { row: groupStart + 1 },
          );
        }
        if (this.pageBytes > maxDecodedBytes) {
          throw new TableLimitError(
            "maxDecodedBytes",
            `the file decompresses to more than the limit of ${describeBytes(maxDecodedBytes)}`,
            { row: groupStart + 1 },
          );
        }
        return decompress(input, length);
      };
    }
    return guarded;
  }

  /** Counts one text cell of `column` (a dictionary repeats one string on many rows: each counts). */
  text(column: ColumnBuilder, chars: number, row: number): void {
    this.textChars += chars;
    const columnChars = (this.columnChars.get(column) ?? 0) + chars;
    this.columnChars.set(column, columnChars);
    const { maxDecodedBytes } = this.limits;
    if (this.textChars > maxDecodedBytes) {
      throw new TableLimitError(
        "maxDecodedBytes",
        `the file's text decodes to more than the limit of ${describeBytes(maxDecodedBytes)}`,
        { row },
      );
    }
    if (columnChars > MAX_COLUMN_TEXT) {
      throw new TableLimitError(
        "maxDecodedBytes",
        `column "${column.name}" holds more than ${MAX_COLUMN_TEXT.toLocaleString("en-US")} characters of text, more than one column can hold`,
        { row },
      );
    }
  }
}

/** UTF-8 bytes of a string, computed only when it could be over `max` (characters never outnumber bytes). */
function overBytes(text: string, max: number): boolean {
  if (text.length * 3 <= max) return false;
  return text.length > max || Buffer.byteLength(text) > max;
}

function feed(
  column: ColumnBuilder,
  values: Values,
  at: { groupStart: number; groupEnd: number; budget: DecodeBudget },
): void {
  const { groupStart, budget } = at;
  const maxCell = budget.limits.maxRecordBytes;
  const n = at.groupEnd - groupStart;
  let i = 0;
  try {
    for (; i < n; i++) {
      let value = values[i];
      if (typeof value === "object" && value !== null && !(value instanceof Date) && !(value instanceof Uint8Array)) {
        value = jsonText(value);
      }
      if (typeof value === "string" || value instanceof Uint8Array) {
        const row = groupStart + i + 1;
        const size = typeof value === "string" ? value.length : value.byteLength;
        if (typeof value === "string" ? overBytes(value, maxCell) : size > maxCell) {
          throw new TableLimitError(
            "maxRecordBytes",
            `a cell of column "${column.name}" is longer than the limit of ${describeBytes(maxCell)}`,
            { row },
          );
        }
        budget.text(column, size, row);
      }
      column.value(value);
    }
  } catch (err) {
    if (err instanceof CellError) throw new TableParseError(err.message, { row: groupStart + i + 1 });
    throw err;
  }
}

async function readGroup(opts: {
  file: AsyncBuffer;
  metadata: FileMetaData;
  columns: string[];
  groupStart: number;
  groupEnd: number;
  budget: DecodeBudget;
}): Promise<Map<string, Values>> {
  const { groupStart, groupEnd } = opts;
  const result = new Map<string, Values>();
  if (opts.columns.length === 0) return result;
  const chunks = new Map<string, { rowStart: number; data: Values }[]>();
  const [{ parquetRead }, compressors] = await Promise.all([import("hyparquet"), opts.budget.compressors(groupStart)]);
  try {
    await parquetRead({
      file: opts.file,
      metadata: opts.metadata,
      columns: opts.columns,
      rowStart: groupStart,
      rowEnd: groupEnd,
      compressors,
      onChunk({ columnName, columnData, rowStart }) {
        const list = chunks.get(columnName) ?? [];
        list.push({ rowStart, data: columnData });
        chunks.set(columnName, list);
      },
    });
  } catch (err) {
    if (err instanceof TableParseError) throw err;
    throw new TableParseError(`cannot decode the file (${(err as Error).message})`, { row: groupStart + 1 });
  }
  for (const name of opts.columns) {
    const list = chunks.get(name) ?? [];
    const first = list[0];
    if (
      list.length === 1 &&
      first !== undefined &&
      first.rowStart === groupStart &&
      first.data.length >= groupEnd - groupStart
    ) {
      result.set(name, first.data);
      continue;
    }
    // Several pages, or pages reaching outside the range: place each value by its absolute row.
    const merged: unknown[] = new Array(groupEnd - groupStart);
    for (const { rowStart, data } of list) {
      for (let i = 0; i < data.length; i++) {
        const at = rowStart - groupStart + i;
        if (at >= 0 && at < merged.length) merged[at] = data[i];
      }
    }
    result.set(name, merged);
  }
  return result;
}
