import type { MetricsReport } from "../tasks/metrics-report.ts";
import { formatInterval, formatLevel, formatValue, renderTable } from "./table.ts";

/** The human form of one MetricsReport: a metric/value/interval table, then bootstrap facts and notes. */
export function metricsTable(report: MetricsReport): string[] {
  const withIntervals = report.bootstrap !== null;
  const header = ["metric", "value"];
  if (withIntervals && report.bootstrap) header.push(`${formatLevel(report.bootstrap.level)} interval`);
  const rows = [header];
  for (const [name, value] of Object.entries(report.metrics)) {
    const row = [name, formatValue(value)];
    if (withIntervals) row.push(formatInterval(report.intervals[name]));
    rows.push(row);
  }
  const lines = renderTable(rows);
  if (report.bootstrap) {
    const { resamples, seed, redraws, dropped } = report.bootstrap;
    const redrawn = Object.entries(redraws).filter(([, count]) => count > 0);
    const given = Object.entries(dropped).filter(([, count]) => count > 0);
    let line = `bootstrap: ${resamples} resamples, seed ${seed}, percentile intervals`;
    line += redrawn.length > 0 ? `; redrawn: ${redrawn.map(([m, c]) => `${m} ${c}`).join(", ")}` : "; none redrawn";
    if (given.length > 0) line += `; given up: ${given.map(([m, c]) => `${m} ${c}`).join(", ")}`;
    lines.push(line);
  }
  for (const [name, reason] of Object.entries(report.undefined ?? {})) lines.push(`note: ${name}: ${reason}`);
  return lines;
}
