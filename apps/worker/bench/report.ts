// Pure parts of the builtin-run bench: options, medians and the printed table.
import type { BenchCase, Rep } from "./sides.ts";

export const FULL_ROWS = 1_000_000;
export const QUICK_ROWS = 100_000;
export const DEFAULT_REPS = 3;

export interface BuiltinRunOptions {
  rows: number;
  reps: number;
  quick: boolean;
  help: boolean;
  /** Options of the other benches (the root `npm run bench` passes everything to each): ignored here. */
  ignored: string[];
}

export const USAGE = `usage: npm run bench -w @fieldtest/worker -- [--quick] [--reps N]
  --quick   ${QUICK_ROWS.toLocaleString("en-US")} rows instead of ${FULL_ROWS.toLocaleString("en-US")}
  --reps N  timed repetitions per side and case (default ${DEFAULT_REPS}, at least 3)`;

export function parseBuiltinRunOptions(argv: readonly string[]): BuiltinRunOptions {
  const options: BuiltinRunOptions = { rows: FULL_ROWS, reps: DEFAULT_REPS, quick: false, help: false, ignored: [] };
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k] as string;
    if (arg === "--quick") {
      options.quick = true;
      options.rows = QUICK_ROWS;
    } else if (arg === "--help" || arg === "-h") options.help = true;
    else if (arg === "--reps") {
      const reps = Number(argv[++k]);
      if (!Number.isInteger(reps) || reps < 3) throw new Error("--reps takes a whole number ≥ 3");
      options.reps = reps;
    } else if (arg === "--json" || arg === "--only") {
      options.ignored.push(arg);
      k++;
    } else options.ignored.push(arg);
  }
  return options;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of an empty sample");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface CaseResult {
  benchCase: BenchCase;
  rows: number;
  trainRows: number;
  testRows: number;
  fieldtest: Rep[];
  raw: Rep[];
}

function table(rows: string[][]): string {
  const widths = (rows[0] as string[]).map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number)))
      .join("  ")
      .trimEnd();
  return [line(rows[0] as string[]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join(
    "\n",
  );
}

const seconds = (reps: readonly Rep[]) => median(reps.map((r) => r.seconds));
const cpu = (reps: readonly Rep[]) => median(reps.map((r) => r.cpuSeconds));
const rate = (rows: number, s: number) => `${Math.round(rows / s).toLocaleString("en-US")} rows/s`;

/** Fieldtest's throughput over the raw core's (rows/s over rows/s = raw seconds over Fieldtest seconds). */
export function ratio(result: CaseResult): number {
  return seconds(result.raw) / seconds(result.fieldtest);
}

export function resultTable(results: readonly CaseResult[]): string {
  const header = [
    "case",
    "rows",
    "train / test",
    "reps",
    "Fieldtest median",
    "raw median",
    "Fieldtest",
    "raw core",
    "ratio",
    "CPU ratio",
  ];
  const body = results.map((r) => [
    `${r.benchCase.algorithm}, resamples ${r.benchCase.resamples}`,
    r.rows.toLocaleString("en-US"),
    `${r.trainRows.toLocaleString("en-US")} / ${r.testRows.toLocaleString("en-US")}`,
    String(r.fieldtest.length),
    `${seconds(r.fieldtest).toFixed(2)} s`,
    `${seconds(r.raw).toFixed(2)} s`,
    rate(r.rows, seconds(r.fieldtest)),
    rate(r.rows, seconds(r.raw)),
    `${ratio(r).toFixed(2)}×`,
    `${(cpu(r.raw) / cpu(r.fieldtest)).toFixed(2)}×`,
  ]);
  return table([header, ...body]);
}

/** Every rep of a case, wall and CPU seconds, in the order they ran: shows noise the medians hide. */
export function repsLine(result: CaseResult): string {
  const reps = (list: readonly Rep[]) =>
    list.map((r) => `${r.seconds.toFixed(2)}/${r.cpuSeconds.toFixed(2)}`).join(" ");
  return `reps (wall/CPU s): Fieldtest ${reps(result.fieldtest)}; raw ${reps(result.raw)}`;
}
