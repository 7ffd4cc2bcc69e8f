/**
 * Measures, on this machine: loading a stored 1,000,000-row × 5-column table in the v1 (JSON)
 * and v2 (binary) formats, and reading the same rows as CSV, JSON Lines and Parquet uploads.
 * Run: npx tsx packages/db/src/tables/measure-tables.ts [rows] [repeats]
 */
import { createReadStream } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parquetWriteFile } from "hyparquet-writer";
import { type ColumnarTable, decodeTable, encodeTable, numericColumn, stringColumn } from "./columnar-table.ts";
import { readTable, type TableFormat } from "./read-table.ts";

const rows = Number(process.argv[2] ?? 1_000_000);
const repeats = Number(process.argv[3] ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function syntheticColumns() {
  const id = Array.from({ length: rows }, (_, i) => `row-${i}`);
  const day = Float64Array.from({ length: rows }, (_, i) => Date.UTC(2020, 0, 1) + (i % 1461) * 86_400_000);
  const x1 = Float64Array.from({ length: rows }, (_, i) => ((i * 7919) % 10_007) / 10_007);
  const x2 = Float64Array.from({ length: rows }, (_, i) => (i % 977) * 0.125 - 50);
  const label = Float64Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 1 : 0));
  return { id, day, x1, x2, label };
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function main() {
  const dir = await mkdtemp(path.join(tmpdir(), "fieldtest-measure-"));
  try {
    const c = syntheticColumns();
    const table: ColumnarTable = {
      rowCount: rows,
      columns: [
        { name: "id", type: "string", missing: 0 },
        { name: "day", type: "timestamp", missing: 0 },
        { name: "x1", type: "number", missing: 0 },
        { name: "x2", type: "number", missing: 0 },
        { name: "label", type: "number", missing: 0 },
      ],
      values: {
        id: c.id,
        day: Array.from(c.day),
        x1: Array.from(c.x1),
        x2: Array.from(c.x2),
        label: Array.from(c.label),
      },
    };
    const v1File = path.join(dir, "table.json");
    const v2File = path.join(dir, "table.ftcol");
    // v1 exactly as the old encoder wrote it.
    await writeFile(v1File, JSON.stringify({ format: "fieldtest.columnar.v1", ...table }));
    await writeFile(v2File, encodeTable(table));

    const load = (file: string) => async () => {
      const buffer = await readFile(file);
      return decodeTable(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
    };
    // What the worker does after loading: the columns it scores with.
    const loadAndRead = (file: string) => async () => {
      const t = await load(file)();
      stringColumn(t, "id");
      for (const name of ["day", "x1", "x2", "label"]) numericColumn(t, name);
    };
    console.log(`stored table: ${rows.toLocaleString("en-US")} rows × 5 columns, n=${repeats}, median`);
    for (const [label, file] of [
      ["v1 JSON  ", v1File],
      ["v2 binary", v2File],
    ] as const) {
      const size = (await stat(file)).size / 1024 / 1024;
      const decode: number[] = [];
      const full: number[] = [];
      for (let i = 0; i < repeats; i++) {
        decode.push(await time(load(file)));
        full.push(await time(loadAndRead(file)));
      }
      console.log(
        `  ${label} ${size.toFixed(1).padStart(6)} MB  read+decode ${median(decode).toFixed(0).padStart(6)} ms` +
          `  read+decode+columns ${median(full).toFixed(0).padStart(6)} ms   (all: ${decode.map((d) => d.toFixed(0)).join(", ")} / ${full.map((d) => d.toFixed(0)).join(", ")})`,
      );
    }

    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const csvFile = path.join(dir, "upload.csv");
    const jsonlFile = path.join(dir, "upload.jsonl");
    const parquetFile = path.join(dir, "upload.parquet");
    const lines: string[] = ["id,day,x1,x2,label"];
    const jsonl: string[] = [];
    for (let i = 0; i < rows; i++) {
      const day = iso(c.day[i] as number);
      lines.push(`${c.id[i]},${day},${c.x1[i]},${c.x2[i]},${c.label[i]}`);
      jsonl.push(JSON.stringify({ id: c.id[i], day, x1: c.x1[i], x2: c.x2[i], label: c.label[i] }));
    }
    await writeFile(csvFile, `${lines.join("\n")}\n`);
    await writeFile(jsonlFile, `${jsonl.join("\n")}\n`);
    parquetWriteFile({
      filename: parquetFile,
      columnData: [
        { name: "id", data: c.id, type: "STRING" },
        { name: "day", data: Array.from(c.day, (ms) => new Date(ms)), type: "TIMESTAMP" },
        { name: "x1", data: c.x1, type: "DOUBLE" },
        { name: "x2", data: c.x2, type: "DOUBLE" },
        { name: "label", data: c.label, type: "DOUBLE" },
      ],
    });
    console.log(`upload read (stream → columnar table + sha256), n=${repeats}, median`);
    for (const [format, file] of [
      ["csv", csvFile],
      ["jsonl", jsonlFile],
      ["parquet", parquetFile],
    ] as [TableFormat, string][]) {
      const size = (await stat(file)).size / 1024 / 1024;
      const times: number[] = [];
      for (let i = 0; i < repeats; i++) {
        times.push(await time(() => readTable({ body: createReadStream(file), format, stringColumns: ["id"] })));
      }
      const ms = median(times);
      console.log(
        `  ${format.padEnd(8)} ${size.toFixed(1).padStart(6)} MB  ${ms.toFixed(0).padStart(6)} ms  ` +
          `${(size / (ms / 1000)).toFixed(1).padStart(6)} MB/s  ${((rows / ms) * 1000).toFixed(0).padStart(8)} rows/s`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
