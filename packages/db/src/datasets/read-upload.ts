import { AppError } from "../errors.ts";
import { type ReadTableOptions, type ReadTableResult, readTable, type TableFormat } from "../tables/read-table.ts";
import { TableParseError } from "../tables/table-limits.ts";

export type UploadFormat = TableFormat;

/**
 * readTable for an upload: a malformed file or an exceeded cap is BAD_INPUT on the field `file`,
 * with the TableParseError (a TableLimitError names its `limit`) as its cause.
 */
export async function readUpload(options: ReadTableOptions): Promise<ReadTableResult> {
  try {
    return await readTable(options);
  } catch (err) {
    if (err instanceof TableParseError) throw new AppError("BAD_INPUT", err.message, { field: "file", cause: err });
    throw err;
  }
}
