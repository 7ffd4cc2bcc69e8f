import { PAIRED_DECISION_TEXT } from "@fieldtest/core";
import type { RouterOutputs } from "~/server/api/root";
import { formatMetric } from "../../lib/format";

export type Comparison = RouterOutputs["run"]["compare"];
export type PairedMetric = NonNullable<Comparison["paired"]>["metrics"][number];

/** One metric of the difference chart: B − A, and its paired interval when there is one. */
export interface DifferenceRow {
  metric: string;
  /** b − a (null when either run lacks the metric). */
  difference: number | null;
  /** The paired interval of b − a; null without a paired test (no interval is made up here). */
  lower: number | null;
  upper: number | null;
  /** Error-bar extents below and above the point, for Recharts' ErrorBar. */
  error: [number, number] | null;
  decision: string | null;
  pValue: number | null;
  test: string | null;
}

export const TEST_NAMES: Record<PairedMetric["test"], string> = {
  delong: "DeLong",
  mcnemar_exact: "McNemar exact",
  paired_bootstrap_interval: "paired bootstrap interval",
};

/** The chart's rows: from the paired test when present, else the side-by-side point differences. */
export function differenceRows(comparison: Comparison): DifferenceRow[] {
  if (comparison.paired) {
    return comparison.paired.metrics.map((m) => ({
      metric: m.metric,
      difference: m.difference,
      lower: m.lower,
      upper: m.upper,
      error: [Math.max(0, m.difference - m.lower), Math.max(0, m.upper - m.difference)],
      decision: PAIRED_DECISION_TEXT[m.decision],
      pValue: m.pValue,
      test: TEST_NAMES[m.test],
    }));
  }
  return comparison.metrics.map((m) => ({
    metric: m.metric,
    difference: m.difference,
    lower: null,
    upper: null,
    error: null,
    decision: null,
    pValue: null,
    test: null,
  }));
}

export const signed = (v: number) => `${v > 0 ? "+" : v < 0 ? "−" : "±"}${formatMetric(Math.abs(v))}`;

export function formatPValue(p: number | null): string {
  if (p === null) return "—";
  if (p < 1e-4) return "< 0.0001";
  return p.toFixed(4);
}

/** The figure's caption: the conclusion in numbers. */
export function differenceCaption(comparison: Comparison): string {
  const { paired } = comparison;
  if (!paired) {
    const parts = comparison.metrics
      .filter((m) => m.difference !== null)
      .map((m) => `${m.metric} ${signed(m.difference as number)}`);
    return `B − A point differences${parts.length ? `: ${parts.join(", ")}` : ""}. No paired interval: ${
      comparison.unpairedReason ?? "the runs cannot be paired"
    }.`;
  }
  const level = `${Math.round(paired.level * 1000) / 10}%`;
  const parts = paired.metrics.map(
    (m) =>
      `${m.metric} ${signed(m.difference)} [${formatMetric(m.lower)}, ${formatMetric(m.upper)}]${
        m.pValue !== null
          ? `, ${TEST_NAMES[m.test]} p ${m.pValue < 1e-4 ? "< 0.0001" : `= ${m.pValue.toFixed(4)}`}`
          : ""
      } — ${PAIRED_DECISION_TEXT[m.decision]}`,
  );
  return `B − A on ${paired.n.toLocaleString("en-US")} shared rows, ${level} paired bootstrap intervals: ${parts.join("; ")}.`;
}

/** The figure's table and CSV: the same rows as drawn. */
export function differenceTable(rows: readonly DifferenceRow[]) {
  return {
    columns: ["metric", "difference (B − A)", "lower", "upper", "test", "p-value", "decision"],
    rows: rows.map((r) => [r.metric, r.difference, r.lower, r.upper, r.test, r.pValue, r.decision]),
  };
}
