import type { AsyncBuffer, FileMetaData } from "hyparquet";
import { CellError, type ColumnBuilder } from "./column-builder.ts";
import type { TableBuilder } from "./table-builder.ts";
import { TableLimitError, TableParseError } from "./table-limits.ts";

type Values = ArrayLike<unknown>;

export interface ParquetReadOptions {
  /** Read only the first rows (a preview). */
  maxDataRows?: number;
}

/**
 * Reads a Parquet file (any codec, ZSTD included, through hyparquet-compressors) into `builder`
 * one row group at a time, so memory holds the columns being built plus one decoded row group.
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
  const { maxColumns, maxRows } = builder.limits;
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
  const columns = names.map((name, j) => builder.addColumn(name, undefined, `column ${j + 1}`));
  const wanted = columns.filter((c) => c.mode !== "skip");
  const lastRow = Math.min(totalRows, options.maxDataRows ?? totalRows);

  let groupStart = 0;
  for (const group of metadata.row_groups) {
    if (groupStart >= lastRow) break;
    const groupEnd = Math.min(groupStart + Number(group.num_rows), lastRow);
    builder.addRows(groupEnd - groupStart, { row: groupStart + 1 });
    const data = await readGroup({ file, metadata, columns: wanted.map((c) => c.name), groupStart, groupEnd });
    for (const column of columns) {
      if (column.mode === "skip") {
        column.padTo(groupEnd);
        continue;
      }
      feed(column, data.get(column.name) as Values, groupStart, groupEnd);
    }
    groupStart = groupEnd;
  }
  return { totalRows };
}

function feed(column: ColumnBuilder, values: Values, groupStart: number, groupEnd: number): void {
  const n = groupEnd - groupStart;
  let i = 0;
  try {
    for (; i < n; i++) column.value(values[i]);
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
}): Promise<Map<string, Values>> {
  const { groupStart, groupEnd } = opts;
  const result = new Map<string, Values>();
  if (opts.columns.length === 0) return result;
  const chunks = new Map<string, { rowStart: number; data: Values }[]>();
  const [{ parquetRead }, { compressors }] = await Promise.all([import("hyparquet"), import("hyparquet-compressors")]);
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
