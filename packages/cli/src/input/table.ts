import { createReadStream } from "node:fs";
import { CliError } from "../cli-error.ts";
import type { ColumnData, ColumnRequest } from "./column-request.ts";

/** The requested columns of a file, in request order, all of length `rows`. */
export interface TableData {
  rows: number;
  columns: ColumnData[];
}

export interface ReaderOptions {
  /** Absolute path to open. */
  path: string;
  /** The path as the user wrote it, for messages. */
  display: string;
  /** The columns to keep, or a choice made from the file's columns once they are known. */
  requests: readonly ColumnRequest[] | ((available: readonly string[]) => readonly ColumnRequest[]);
  /** Called now and then with the bytes consumed so far (of the file's size). */
  onProgress?: (bytesDone: number) => void;
}

/**
 * Finds each requested column among the file's columns. A missing or ambiguous column is
 * bad input: the message names the flag and lists the columns there are.
 */
export function bindColumns(
  available: readonly string[],
  options: ReaderOptions,
): { requests: readonly ColumnRequest[]; indices: number[] } {
  const requests = typeof options.requests === "function" ? options.requests(available) : options.requests;
  const indices = requests.map((request) => {
    const first = available.indexOf(request.name);
    if (first === -1) {
      const listed = available.length > 0 ? available.join(", ") : "(none)";
      throw new CliError(
        `${options.display}: no column "${request.name}" (${request.option}); the columns are: ${listed}`,
      );
    }
    if (available.indexOf(request.name, first + 1) !== -1) {
      throw new CliError(`${options.display}: column "${request.name}" (${request.option}) appears more than once`);
    }
    return first;
  });
  return { requests, indices };
}

/** A problem with one value: `data.csv, row 3 (line 4): label column "y" must be 0 or 1, found 2`. */
export function valueError(display: string, where: string, problem: string): CliError {
  return new CliError(`${display}, ${where}: ${problem}`);
}

/** Feeds a text file to an incremental parser in 1 MB chunks, reporting bytes read, then ends it. */
export async function streamText(
  options: ReaderOptions,
  parser: { push(chunk: string): void; end(): TableData },
): Promise<TableData> {
  const stream = createReadStream(options.path, { highWaterMark: 1 << 20 });
  stream.setEncoding("utf8");
  for await (const chunk of stream) {
    parser.push(chunk as string);
    options.onProgress?.(stream.bytesRead);
  }
  return parser.end();
}
