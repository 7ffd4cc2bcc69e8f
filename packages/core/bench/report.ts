// Printing: the header, the table of medians and verdicts, what each row times, the summary.
import type { RowResult } from "./row-result.ts";
import { formatBytes, formatCount, formatRatio, formatSeconds, formatTarget } from "./stats.ts";

function figure(value: number | null, unit: RowResult["unit"]): string {
  if (value === null) return "—";
  return unit === "bytes" ? formatBytes(value) : formatSeconds(value);
}

function table(rows: string[][]): string {
  const widths = (rows[0] as string[]).map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 1 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(rows[0] as string[]), rule, ...rows.slice(1).map(line)].join("\n");
}

export function resultTable(results: RowResult[]): string {
  const header = ["#", "row", "n", "reps", "TS median", "reference median", "ratio", "target", "result", "CPU ratio"];
  const body = results.map((r) => [
    r.id,
    r.name,
    formatCount(r.n),
    String(r.reps),
    figure(r.tsMedian, r.unit),
    figure(r.referenceMedian, r.unit),
    r.ratio === null ? "—" : formatRatio(r.ratio),
    formatTarget(r.target),
    r.verdict === "FAIL" ? "FAIL <<<" : r.verdict,
    r.cpuRatio === null ? "—" : formatRatio(r.cpuRatio),
  ]);
  return table([header, ...body]);
}

/** Per row: exactly what each side times, then its notes. */
export function legend(results: RowResult[]): string {
  return results
    .map((r) =>
      [
        `[${r.id}] TS:  ${r.tsTimes}`,
        `     ref: ${r.referenceTimes}`,
        ...r.notes.map((note) => `     note: ${note}`),
      ].join("\n"),
    )
    .join("\n");
}

/** "N rows: X pass, Y fail" over the rows with a target, then what else was printed. */
export function summary(results: RowResult[]): string {
  const pass = results.filter((r) => r.verdict === "PASS").length;
  const fail = results.filter((r) => r.verdict === "FAIL").length;
  const info = results.filter((r) => r.verdict === "info").length;
  const skipped = results.filter((r) => r.verdict === "skipped").length;
  const failed = results.filter((r) => r.verdict === "FAIL").map((r) => r.id);
  const lines = [`${pass + fail} rows: ${pass} pass, ${fail} fail`];
  lines.push(
    `(also ${info} informational and ${skipped} skipped rows${failed.length > 0 ? `; FAIL: ${failed.join(", ")}` : ""})`,
  );
  return lines.join("\n");
}
