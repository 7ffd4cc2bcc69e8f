import { AppError } from "../errors.ts";
import { type ReadTableOptions, type ReadTableResult, readTable, type TableFormat } from "../tables/read-table.ts";
import { TableParseError } from "../tables/table-limits.ts";

export type UploadFormat = TableFormat;

/**
 * Runs `read` (readTable, inspectTable, …) on an uploaded file: a malformed file or an exceeded
 * cap becomes BAD_INPUT on the field `file`, with the TableParseError (a TableLimitError names
 * its `limit`) as its cause. The one place that mapping is made.
 */
export async function readingUpload<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof TableParseError) throw new AppError("BAD_INPUT", err.message, { field: "file", cause: err });
    throw err;
  }
}

/** readTable for an upload, its errors mapped by readingUpload. */
export function readUpload(options: ReadTableOptions): Promise<ReadTableResult> {
  return readingUpload(() => readTable(options));
}
