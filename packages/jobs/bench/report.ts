// Pure parts of the dispatch bench: medians, the ratio and its verdict, and the printed table.

/** Fieldtest's layer must reach at least this share of raw BullMQ's throughput (issue 4). */
export const TARGET_RATIO = 0.8;

export type Verdict = "PASS" | "FAIL" | "info";

/** Median of a non-empty sample (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of an empty sample");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** PASS when the throughput ratio (Fieldtest / raw) is at least `target`; "info" without a target. */
export function verdict(ratio: number, target: number | null): Verdict {
  if (target === null) return "info";
  return ratio >= target ? "PASS" : "FAIL";
}

/** Jobs per second of one timed rep. */
export function jobsPerSecond(n: number, seconds: number): number {
  if (!(seconds > 0)) throw new RangeError(`a rep must take a positive time, got ${seconds} s`);
  return n / seconds;
}

/** "12,345 jobs/s". */
export function formatRate(rate: number): string {
  return `${Math.round(rate).toLocaleString("en-US")} jobs/s`;
}

export interface BenchRow {
  name: string;
  n: number;
  /** Jobs/s of each timed rep, first enqueue to last completion. */
  rates: number[];
  /** Jobs/s of the producer call(s) alone in each rep. */
  enqueueRates: number[];
  /** CPU microseconds of the measuring process per job, each rep (steadier than wall time on a shared machine). */
  cpuPerJob: number[];
  /** This row's median over the raw row's median; null for the raw row itself. */
  ratio: number | null;
  target: number | null;
}

export function rowVerdict(row: BenchRow): Verdict | "—" {
  return row.ratio === null ? "—" : verdict(row.ratio, row.target);
}

/** A row of figures, the reference row first: its ratio is null. */
export function buildRow(options: {
  name: string;
  n: number;
  rates: number[];
  enqueueRates: number[];
  cpuPerJob: number[];
  reference?: number[];
  target?: number | null;
}): BenchRow {
  const { reference, target = null } = options;
  return {
    name: options.name,
    n: options.n,
    rates: options.rates,
    enqueueRates: options.enqueueRates,
    cpuPerJob: options.cpuPerJob,
    ratio: reference ? median(options.rates) / median(reference) : null,
    target: reference ? target : null,
  };
}

function table(rows: string[][]): string {
  const widths = (rows[0] as string[]).map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(rows[0] as string[]), rule, ...rows.slice(1).map(line)].join("\n");
}

export function resultTable(rows: readonly BenchRow[]): string {
  const header = ["row", "n", "reps", "median", "min–max", "enqueue median", "CPU/job", "ratio", "target", "result"];
  const body = rows.map((r) => {
    const v = rowVerdict(r);
    return [
      r.name,
      r.n.toLocaleString("en-US"),
      String(r.rates.length),
      formatRate(median(r.rates)),
      `${Math.round(Math.min(...r.rates)).toLocaleString("en-US")}–${Math.round(Math.max(...r.rates)).toLocaleString("en-US")}`,
      formatRate(median(r.enqueueRates)),
      `${median(r.cpuPerJob).toFixed(0)} µs`,
      r.ratio === null ? "1 (reference)" : `${r.ratio.toFixed(2)}×`,
      r.target === null ? "—" : `≥ ${r.target.toFixed(2)}×`,
      v === "FAIL" ? "FAIL <<<" : v,
    ];
  });
  return table([header, ...body]);
}

/** The order of the sides in rep `rep`: rotated by one each rep, so that no side always runs first. */
export function rotation<T>(rep: number, sides: readonly T[]): T[] {
  const k = sides.length === 0 ? 0 : rep % sides.length;
  return [...sides.slice(k), ...sides.slice(0, k)];
}
