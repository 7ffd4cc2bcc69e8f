// Measures the input readers: rows/s reading 2 of 4 numeric columns of a 10^6-row file,
// as CSV (fast path), CSV with a quoted column (fallback parser), JSON Lines and Parquet
// (ZSTD). Run: npm run bench:read -w @fieldtest/cli -- [rows] [runs]
// (or npx tsx packages/cli/bench/read-speed.ts [rows] [runs]); default 10^6 rows, 5 runs.
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ColumnRequest } from "../src/input/column-request.ts";
import { readTable } from "../src/input/read-table.ts";
import type { Io } from "../src/io.ts";
import { writeZstdParquet } from "../test/fixtures/write-zstd-parquet.ts";

const rows = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 5);

const dir = mkdtempSync(join(tmpdir(), "fieldtest-read-speed-"));
try {
  // Deterministic data: an LCG, so every run of the bench reads the same bytes.
  let state = 12345;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  const y = new Float64Array(rows);
  const p = new Float64Array(rows);
  const q = new Float64Array(rows);
  const x = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    y[i] = next() < 0.3 ? 1 : 0;
    p[i] = Math.round(next() * 1e6) / 1e6;
    q[i] = Math.round(next() * 1e6) / 1e6;
    x[i] = Math.round(next() * 1e4) / 100;
  }
  const csvLines = ["id,y,p,q,x"];
  const quotedLines = ["id,y,p,q,note"];
  const jsonLines: string[] = [];
  for (let i = 0; i < rows; i++) {
    csvLines.push(`${i},${y[i]},${p[i]},${q[i]},${x[i]}`);
    quotedLines.push(`${i},${y[i]},${p[i]},${q[i]},"a, b"`);
    jsonLines.push(JSON.stringify({ id: i, y: y[i], p: p[i], q: q[i], x: x[i] }));
  }
  const files = {
    csv: join(dir, "data.csv"),
    "csv (quoted column)": join(dir, "quoted.csv"),
    jsonl: join(dir, "data.jsonl"),
    parquet: join(dir, "data.parquet"),
  };
  writeFileSync(files.csv, `${csvLines.join("\n")}\n`);
  writeFileSync(files["csv (quoted column)"], `${quotedLines.join("\n")}\n`);
  writeFileSync(files.jsonl, `${jsonLines.join("\n")}\n`);
  writeZstdParquet(files.parquet, [
    { name: "y", data: y, type: "DOUBLE" },
    { name: "p", data: p, type: "DOUBLE" },
    { name: "q", data: q, type: "DOUBLE" },
    { name: "x", data: x, type: "DOUBLE" },
  ]);

  const requests: ColumnRequest[] = [
    { name: "y", role: "label", option: "--label", kind: { type: "binary-label", context: "--task binary" } },
    { name: "p", role: "score", option: "--score", kind: { type: "probability" } },
  ];
  const io: Io = { out() {}, err() {}, errIsTty: false, cwd: dir };
  console.log(`node ${process.version}, ${rows} rows, 2 of 4-5 columns read, ${runs} runs each (median)`);
  for (const [name, path] of Object.entries(files)) {
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const table = await readTable({ input: path, format: undefined, requests, io });
      times.push(performance.now() - t0);
      if (table.rows !== rows) throw new Error(`${name}: read ${table.rows} rows`);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(runs / 2)] as number;
    const mb = statSync(path).size / 1e6;
    console.log(
      `${name.padEnd(20)} ${mb.toFixed(1).padStart(6)} MB  median ${median.toFixed(0).padStart(5)} ms  ` +
        `${(((rows / median) * 1000) / 1e6).toFixed(2)} M rows/s  (min ${times[0]?.toFixed(0)} ms, max ${times.at(-1)?.toFixed(0)} ms)`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
