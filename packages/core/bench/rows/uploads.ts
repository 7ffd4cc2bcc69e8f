// Row 8 (informational): dataset uploads. Core must not import @fieldtest/db (the import rule), so
// packages/db/bench/upload-throughput.ts measures in a child process of its own, as row 4 runs
// the CLI, and prints JSON that becomes these rows.
//   8a: readTable on a CSV file stream vs the CSV tokenizer alone over the same file.
//   8b: loading a stored table: v2 binary vs v1 JSON.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { BenchContext } from "../context.ts";
import { measuredRow, type RowResult, type RowSpec, skippedRow } from "../row-result.ts";
import { formatRatio, formatSeconds, median } from "../stats.ts";

interface Timing {
  seconds: number;
  cpu: number;
}

/** What packages/db/bench/upload-throughput.ts prints (its UploadBenchOutput). */
interface UploadBenchOutput {
  csv: { bytes: number; rows: number; readTable: Timing[]; tokenizer: Timing[]; records: number; storeSeconds: number };
  load: { rows: number; v1Bytes: number; v2Bytes: number; v1: Timing[]; v2: Timing[] };
}

const MiB = 2 ** 20;
const sides = (ts: Timing[], reference: Timing[]) => ({
  ts: ts.map((t) => t.seconds),
  reference: reference.map((t) => t.seconds),
  tsCpu: ts.map((t) => t.cpu),
  referenceCpu: reference.map((t) => t.cpu),
});

export async function uploadRows(ctx: BenchContext): Promise<RowResult[]> {
  const { plan } = ctx;
  const script = resolve(ctx.benchDir, "..", "..", "db", "bench", "upload-throughput.ts");
  const mb = plan.sizes.uploadCsvMb;
  const read: RowSpec = {
    id: "8a",
    name: `upload read of a ${mb} MiB CSV vs the CSV tokenizer alone`,
    tsTimes:
      "in a child process (node --import tsx packages/db/bench/upload-throughput.ts): readTable({ body: createReadStream(F.csv), format: 'csv', stringColumns: ['id'] }): UTF-8 decoding, tokenizing, type inference into typed columns, sha256 and spooling of the raw bytes to a temp file on the same disk; what an upload does before its id checks, blob write and database transaction",
    referenceTimes:
      "the same child process: the same file stream and UTF-8 decoding into CsvTokenizer with a record handler that only counts (no columns, no hash, no spool)",
    n: 0,
    target: null,
  };
  const load: RowSpec = {
    id: "8b",
    name: "stored table load: v2 binary vs v1 JSON",
    tsTimes:
      "readFile + decodeTable of the v2 binary blob, then stringColumn(id) and numericColumn of the 4 others (what the worker does)",
    referenceTimes: "the same with the table in the v1 JSON format (as the old encoder wrote it)",
    n: plan.sizes.storedTableRows,
    target: null,
  };
  if (!existsSync(script)) return [skippedRow(read, `${script} not found`), skippedRow(load, `${script} not found`)];

  const args = ["--expose-gc", "--import", "tsx", script, "--mb", String(mb), "--reps", String(plan.reps.upload)];
  args.push("--warmup", String(plan.warmup), "--load-rows", String(plan.sizes.storedTableRows), "--dir", ctx.tmpDir);
  const run = spawnSync(process.execPath, args, {
    cwd: resolve(ctx.benchDir, "..", "..", ".."),
    encoding: "utf8",
    maxBuffer: 16 << 20,
  });
  if (run.status !== 0) throw new Error(`upload-throughput.ts exited ${run.status}: ${run.stderr.trim()}`);
  const out = JSON.parse(run.stdout) as UploadBenchOutput;

  const { csv } = out;
  const size = csv.bytes / MiB;
  const readMbps = size / median(csv.readTable.map((t) => t.seconds));
  const tokenizerMbps = size / median(csv.tokenizer.map((t) => t.seconds));
  const loaded = out.load;
  return [
    measuredRow({ ...read, n: csv.rows }, sides(csv.readTable, csv.tokenizer), [
      `throughput: readTable ${readMbps.toFixed(1)} MiB/s, tokenizer alone ${tokenizerMbps.toFixed(1)} MiB/s; readTable reaches ${formatRatio(readMbps / tokenizerMbps)} of the tokenizer's throughput`,
      `both read the same ${csv.rows.toLocaleString("en-US")} rows of ${size.toFixed(1)} MiB (F.csv: id, day, x1, x2, label)`,
      `then storing the table once (encodeTableParts + fsynced blob write): ${formatSeconds(csv.storeSeconds)}`,
      "informational: the issue sets no target; what readTable adds to the tokenizer is type inference and column building, sha256 and the spool write",
    ]),
    measuredRow(load, sides(loaded.v2, loaded.v1), [
      `sizes: v2 ${(loaded.v2Bytes / MiB).toFixed(1)} MiB, v1 ${(loaded.v1Bytes / MiB).toFixed(1)} MiB; 5 columns (text id, date, 2 numbers, 0/1 label)`,
    ]),
  ];
}
