import { stat } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import { CliError } from "../cli-error.ts";
import type { Io } from "../io.ts";
import { createProgress } from "./progress.ts";
import { readCsv } from "./read-csv.ts";
import { readJsonl } from "./read-jsonl.ts";
import { readParquet } from "./read-parquet.ts";
import type { ReaderOptions, TableData } from "./table.ts";

export const INPUT_FORMATS = ["csv", "jsonl", "parquet"] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

const BY_EXTENSION: Record<string, InputFormat> = {
  ".csv": "csv",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".parquet": "parquet",
  ".parq": "parquet",
  ".pq": "parquet",
};

const READERS: Record<InputFormat, (options: ReaderOptions) => Promise<TableData>> = {
  csv: readCsv,
  jsonl: readJsonl,
  parquet: readParquet,
};

export function isInputFormat(value: string): value is InputFormat {
  return (INPUT_FORMATS as readonly string[]).includes(value);
}

/** The format named by --format, or else by the file's extension. */
export function detectFormat(input: string, format: InputFormat | undefined): InputFormat {
  if (format !== undefined) return format;
  const extension = extname(input).toLowerCase();
  const found = BY_EXTENSION[extension];
  if (found !== undefined) return found;
  const hint = extension === ".json" ? " (.json is taken to be one JSON document, not JSON Lines)" : "";
  throw new CliError(
    `cannot tell the format of ${input} from its extension${hint}; name it with --format ${INPUT_FORMATS.join("|")} ` +
      "or use .csv, .jsonl/.ndjson or .parquet",
  );
}

/**
 * Reads the requested columns of `input` (resolved against the caller's directory),
 * with a progress bar on stderr for big files when stderr is a terminal.
 */
export async function readTable(opts: {
  input: string;
  format: InputFormat | undefined;
  requests: ReaderOptions["requests"];
  io: Io;
}): Promise<TableData> {
  const { input, io } = opts;
  const format = detectFormat(input, opts.format);
  const path = resolve(io.cwd, input);
  const size = await fileSize(path, input);
  if (size === 0) throw new CliError(`${input} is empty (0 bytes)`);
  const progress = createProgress({
    target: { write: (text) => io.err(text), isTTY: io.errIsTty },
    label: `reading ${basename(input)}`,
    total: size,
  });
  try {
    return await READERS[format]({
      path,
      display: input,
      requests: opts.requests,
      onProgress: (done) => progress.update(done),
    });
  } catch (error) {
    // An I/O failure after the file was found (permissions, a device error) is still the input's fault.
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (!(error instanceof CliError) && typeof code === "string" && code.startsWith("E")) {
      throw new CliError(`cannot read ${input}: ${(error as Error).message}`);
    }
    throw error;
  } finally {
    progress.finish();
  }
}

async function fileSize(path: string, input: string): Promise<number> {
  try {
    const stats = await stat(path);
    if (stats.isDirectory()) throw new CliError(`cannot read ${input}: it is a directory`);
    return stats.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (error as Error).message;
    throw new CliError(`cannot read ${input}: ${reason} (looked at ${path})`);
  }
}
