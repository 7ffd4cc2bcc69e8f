import type { AsyncBuffer, FileMetaData } from "hyparquet";
import { CliError } from "../cli-error.ts";
import { type ColumnBuilder, createColumnBuilder } from "./column-request.ts";
import { bindColumns, type ReaderOptions, type TableData, valueError } from "./table.ts";

type Values = ArrayLike<unknown>;

/**
 * Reads the requested columns of a Parquet file (any codec, ZSTD included, through
 * hyparquet-compressors) one row group at a time, so memory holds the typed output
 * columns plus one decoded row group, never the whole file. INT64 becomes a double,
 * BOOLEAN 1/0; a null is bad input for the row it is on. hyparquet is imported on first
 * use, so commands that read CSV or JSON Lines do not pay for loading it.
 */
export async function readParquet(options: ReaderOptions): Promise<TableData> {
  const { display } = options;
  const { asyncBufferFromFile, parquetMetadataAsync, parquetSchema } = await import("hyparquet");
  const file = await asyncBufferFromFile(options.path);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new CliError(`${display} is not a readable Parquet file: ${(error as Error).message}`);
  }
  const names = parquetSchema(metadata).children.map((child) => child.element.name);
  const { requests } = bindColumns(names, options);
  const rows = Number(metadata.num_rows);
  if (rows === 0) throw new CliError(`${display} has no rows`);

  const builders = requests.map((request) => createColumnBuilder(request, rows));
  const requested = requests.map((r) => r.name);
  const distinct = [...new Set(requested)];
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const groupRows = Number(group.num_rows);
    const groupEnd = groupStart + groupRows;
    const data = await readGroup({ file, metadata, columns: distinct, groupStart, groupEnd, display });
    const perRequest = requested.map((name) => data.get(name) as Values);
    for (let i = 0; i < groupRows; i++) {
      for (let c = 0; c < builders.length; c++) {
        const problem = (builders[c] as ColumnBuilder).pushValue((perRequest[c] as Values)[i]);
        if (problem !== undefined) throw valueError(display, `row ${groupStart + i + 1}`, problem);
      }
    }
    groupStart = groupEnd;
    options.onProgress?.(Math.round((file.byteLength * groupStart) / rows));
  }
  return { rows, columns: builders.map((b) => b.finish()) };
}

async function readGroup(opts: {
  file: AsyncBuffer;
  metadata: FileMetaData;
  columns: string[];
  groupStart: number;
  groupEnd: number;
  display: string;
}): Promise<Map<string, Values>> {
  const { groupStart, groupEnd } = opts;
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
  } catch (error) {
    throw new CliError(
      `${opts.display}: cannot decode rows ${groupStart + 1}–${groupEnd}: ${(error as Error).message}`,
    );
  }
  const result = new Map<string, Values>();
  for (const name of opts.columns) {
    const list = chunks.get(name) ?? [];
    const first = list[0];
    if (list.length === 1 && first !== undefined && first.rowStart === groupStart) {
      result.set(name, first.data);
      continue;
    }
    // Several pages: place each by its absolute row.
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
