// Measures dataset uploads on this machine, for row 8 of `npm run bench` (packages/core/bench/rows/uploads.ts
// runs this script in a child process: core must not import db). Prints one JSON object on stdout.
//   8a: readTable on a CSV file stream (UTF-8 decoding, tokenizing, type inference into typed
//       columns, sha256 and spooling of the raw bytes: an upload before its id checks, blob write
//       and transaction), interleaved with the CSV tokenizer alone over the same file.
//   8b: loading a stored table (read the file + decode) in the v2 binary and the v1 JSON format.
// Run alone: node --expose-gc --import tsx packages/db/bench/upload-throughput.ts [--mb 100] [--reps 5]
import { createReadStream, writeSync } from "node:fs";
import { mkdtemp, open, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { directoryStorage } from "../src/storage/directory-storage.ts";
import {
  type ColumnarTable,
  decodeTable,
  encodeTable,
  numericColumn,
  stringColumn,
} from "../src/tables/columnar-table.ts";
import { CsvTokenizer } from "../src/tables/csv-tokenizer.ts";
import { readTable } from "../src/tables/read-table.ts";
import { encodeTableParts } from "../src/tables/table-codec.ts";
import { DEFAULT_TABLE_LIMITS } from "../src/tables/table-limits.ts";

const { values: args } = parseArgs({
  options: {
    mb: { type: "string", default: "100" },
    reps: { type: "string", default: "5" },
    warmup: { type: "string", default: "1" },
    "load-rows": { type: "string", default: "1000000" },
    dir: { type: "string" },
  },
});
const targetBytes = Number(args.mb) * 1024 * 1024;
const reps = Number(args.reps);
const warmup = Number(args.warmup);
const loadRows = Number(args["load-rows"]);

export interface Timing {
  seconds: number;
  /** CPU seconds (user + system) of this process, worker threads (file I/O) included. */
  cpu: number;
}

export interface UploadBenchOutput {
  csv: { bytes: number; rows: number; readTable: Timing[]; tokenizer: Timing[]; records: number; storeSeconds: number };
  load: { rows: number; v1Bytes: number; v2Bytes: number; v1: Timing[]; v2: Timing[] };
}

const gc = (globalThis as { gc?: () => void }).gc;

async function timed<T>(fn: () => Promise<T>): Promise<{ timing: Timing; result: T }> {
  gc?.();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = await fn();
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  return { timing: { seconds, cpu: (cpu.user + cpu.system) / 1e6 }, result };
}

/** Interleaves the two sides after `warmup` rounds of both, so a change in load hits both alike. */
async function interleave<A, B>(a: () => Promise<A>, b: () => Promise<B>) {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const out = { a: [] as { timing: Timing; result: A }[], b: [] as { timing: Timing; result: B }[] };
  for (let i = 0; i < reps; i++) {
    out.a.push(await timed(a));
    out.b.push(await timed(b));
  }
  return out;
}

/** Rows like a customer table: a text id, a date, two numbers and a 0/1 label (about 45 bytes a row). */
const row = (i: number) =>
  `row-${i},${new Date(Date.UTC(2020, 0, 1) + (i % 1461) * 86_400_000).toISOString().slice(0, 10)},` +
  `${((i * 7919) % 10_007) / 10_007},${(i % 977) * 0.125 - 50},${i % 3 === 0 ? 1 : 0}\n`;

async function writeCsv(file: string): Promise<{ rows: number }> {
  const handle = await open(file, "w");
  try {
    let bytes = 0;
    let rows = 0;
    let text = "id,day,x1,x2,label\n";
    while (bytes + text.length < targetBytes) {
      while (text.length < 1024 * 1024) text += row(rows++);
      bytes += writeSync(handle.fd, text);
      text = "";
    }
    return { rows };
  } finally {
    await handle.close();
  }
}

/** The tokenizer alone: the same file stream and UTF-8 decoding, records only counted. */
async function tokenizeOnly(file: string): Promise<number> {
  let records = 0;
  const tokenizer = new CsvTokenizer(() => {
    records++;
    return true;
  }, DEFAULT_TABLE_LIMITS.maxRecordBytes);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for await (const chunk of createReadStream(file)) tokenizer.push(decoder.decode(chunk as Buffer, { stream: true }));
  tokenizer.push(decoder.decode());
  tokenizer.end();
  return records;
}

function storedTable(rows: number): ColumnarTable {
  return {
    rowCount: rows,
    columns: [
      { name: "id", type: "string", missing: 0 },
      { name: "day", type: "timestamp", missing: 0 },
      { name: "x1", type: "number", missing: 0 },
      { name: "x2", type: "number", missing: 0 },
      { name: "label", type: "number", missing: 0 },
    ],
    values: {
      id: Array.from({ length: rows }, (_, i) => `row-${i}`),
      day: Array.from({ length: rows }, (_, i) => Date.UTC(2020, 0, 1) + (i % 1461) * 86_400_000),
      x1: Array.from({ length: rows }, (_, i) => ((i * 7919) % 10_007) / 10_007),
      x2: Array.from({ length: rows }, (_, i) => (i % 977) * 0.125 - 50),
      label: Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 1 : 0)),
    },
  };
}

/** Read + decode, then the columns the worker scores with. */
async function load(file: string): Promise<number> {
  const buffer = await readFile(file);
  const table = decodeTable(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
  stringColumn(table, "id");
  for (const name of ["day", "x1", "x2", "label"]) numericColumn(table, name);
  return table.rowCount;
}

async function main(): Promise<UploadBenchOutput> {
  const dir = await mkdtemp(path.join(args.dir ?? tmpdir(), "fieldtest-upload-bench-"));
  try {
    const csvFile = path.join(dir, "upload.csv");
    const { rows } = await writeCsv(csvFile);
    const spool = path.join(dir, "spool");
    const read = () =>
      readTable({ body: createReadStream(csvFile), format: "csv", stringColumns: ["id"], tempDir: spool });
    const csv = await interleave(read, () => tokenizeOnly(csvFile));
    const last = csv.a.at(-1)?.result;
    if (!last || last.table.rowCount !== rows)
      throw new Error(`readTable read ${last?.table.rowCount} rows, expected ${rows}`);
    const records = csv.b.at(-1)?.result ?? 0;
    if (records !== rows + 1) throw new Error(`the tokenizer saw ${records} records, expected ${rows + 1}`);
    // What an upload does next, once: encode the table and write it durably (fsync) as a blob.
    const store = await timed(() =>
      directoryStorage(path.join(dir, "storage")).put("datasets/bench.ftcol", encodeTableParts(last.table)),
    );

    const table = storedTable(loadRows);
    const v1File = path.join(dir, "table.json");
    const v2File = path.join(dir, "table.ftcol");
    // v1 exactly as the old encoder wrote it.
    await writeFile(v1File, JSON.stringify({ format: "fieldtest.columnar.v1", ...table }));
    await writeFile(v2File, encodeTable(table));
    const loads = await interleave(
      () => load(v2File),
      () => load(v1File),
    );
    return {
      csv: {
        bytes: (await stat(csvFile)).size,
        rows,
        readTable: csv.a.map((s) => s.timing),
        tokenizer: csv.b.map((s) => s.timing),
        records,
        storeSeconds: store.timing.seconds,
      },
      load: {
        rows: loadRows,
        v1Bytes: (await stat(v1File)).size,
        v2Bytes: (await stat(v2File)).size,
        v2: loads.a.map((s) => s.timing),
        v1: loads.b.map((s) => s.timing),
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

process.stdout.write(`${JSON.stringify(await main())}\n`);
