// Relative, not "~/", for values: the unit tests run under vitest, which has no "~" alias
// (type-only imports are erased, so they may use it).

import type { RouterOutputs } from "~/server/api/root";
import { formatCount, formatMetric } from "../../lib/format";

export type Readiness = RouterOutputs["readiness"]["byVersion"];
export type ReadinessGate = Readiness["gates"][number];
export type ReadinessReportSummary = Readiness["history"][number];
export type Verdict = Readiness["verdict"];
export type GateStatus = ReadinessGate["status"];
export type GateCounts = Readiness["counts"];

export const VERDICT_LABEL: Record<Verdict, string> = {
  ready: "Ready",
  not_ready: "Not ready",
  insufficient_evidence: "Insufficient evidence",
};

export const GATE_STATUS_LABEL: Record<GateStatus, string> = {
  pass: "pass",
  fail: "fail",
  insufficient_evidence: "insufficient",
};

/** The status token of a verdict: ready = pass, not ready = fail, insufficient stays insufficient. */
export function verdictStatus(verdict: Verdict): GateStatus {
  if (verdict === "ready") return "pass";
  if (verdict === "not_ready") return "fail";
  return "insufficient_evidence";
}

/** "6 pass · 1 fail · 2 insufficient"; "no gates" when the policy has none. */
export function countsLabel(counts: GateCounts): string {
  if (counts.total === 0) return "no gates";
  return `${formatCount(counts.pass)} pass · ${formatCount(counts.fail)} fail · ${formatCount(counts.insufficient_evidence)} insufficient`;
}

const STATUS_ORDER: Record<GateStatus, number> = { fail: 0, insufficient_evidence: 1, pass: 2 };

/** Gates as the review reads them: fail → insufficient → pass, policy order kept within a status. */
export function sortGates<G extends { status: GateStatus }>(gates: readonly G[]): G[] {
  return gates
    .map((g, i) => ({ g, i }))
    .sort((a, b) => STATUS_ORDER[a.g.status] - STATUS_ORDER[b.g.status] || a.i - b.i)
    .map(({ g }) => g);
}

/** A gate number: integers as counts, others with the metrics' fixed decimals; missing is "—", never 0. */
export function formatGateNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return Number.isInteger(value) ? formatCount(value) : formatMetric(value);
}

/** "0.812 [0.790, 0.830]", "0.812" without an interval, "—" without a value. */
export function formatObserved(observed: number | null, interval: readonly [number, number] | null): string {
  const value = formatGateNumber(observed);
  if (observed === null || !interval) return value;
  return `${value} [${formatGateNumber(interval[0])}, ${formatGateNumber(interval[1])}]`;
}

/** Verdicts on the chart's y axis, worst at the bottom. */
export const VERDICT_LEVEL: Record<Verdict, number> = { not_ready: 0, insufficient_evidence: 1, ready: 2 };
export const LEVEL_VERDICT: readonly Verdict[] = ["not_ready", "insufficient_evidence", "ready"];

export interface HistoryRow {
  reportId: string;
  /** Report time, epoch ms (the chart's x). */
  t: number;
  level: number;
  verdict: Verdict;
  pass: number;
  fail: number;
  insufficient: number;
  total: number;
}

/**
 * History (newest first, as the API returns it) as chart rows, oldest first; reports whose time
 * does not parse are dropped rather than drawn at the epoch.
 */
export function historyRows(history: readonly ReadinessReportSummary[]): HistoryRow[] {
  return history
    .map((h) => ({
      reportId: h.reportId,
      t: Date.parse(h.evaluatedAt),
      level: VERDICT_LEVEL[h.verdict],
      verdict: h.verdict,
      pass: h.counts.pass,
      fail: h.counts.fail,
      insufficient: h.counts.insufficient_evidence,
      total: h.counts.total,
    }))
    .filter((r) => Number.isFinite(r.t))
    .sort((a, b) => a.t - b.t);
}

/** The chart's conclusion in words, with numbers (its figcaption). */
export function historyCaption(rows: readonly HistoryRow[]): string {
  if (rows.length === 0) return "No readiness reports yet.";
  const latest = rows[rows.length - 1] as HistoryRow;
  const tally = LEVEL_VERDICT.map((v) => ({ v, n: rows.filter((r) => r.verdict === v).length }))
    .filter((x) => x.n > 0)
    .map((x) => `${x.n} ${VERDICT_LABEL[x.v].toLowerCase()}`)
    .join(", ");
  const reports = rows.length === 1 ? "1 report" : `${rows.length} reports`;
  let changes = 0;
  for (let i = 1; i < rows.length; i++) if (rows[i]?.verdict !== rows[i - 1]?.verdict) changes++;
  const changed =
    changes === 0 ? "verdict unchanged" : `verdict changed ${changes === 1 ? "once" : `${changes} times`}`;
  return `${reports} (${tally}); ${changed}; latest: ${VERDICT_LABEL[latest.verdict]} with ${latest.pass} of ${latest.total} gates passing.`;
}
