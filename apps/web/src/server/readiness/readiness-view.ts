import "server-only";
import type { GateResult } from "@fieldtest/core";
import {
  type Db,
  evaluateReadiness,
  type ReadinessHistoryEntry,
  type ReadinessReport,
  readinessHistory,
} from "@fieldtest/db";
import { type ReportGates, reportChanges } from "./report-changes";

/** A gate as REST and the UI show it. */
export interface ReadinessGateView {
  id: string;
  kind: string;
  description: string;
  status: "pass" | "fail" | "insufficient_evidence";
  observed: number | null;
  interval: [number, number] | null;
  threshold: number | null;
  /** How observed must compare with threshold (">=", "<=", …); null for gates without one. */
  comparator: string | null;
  /** Production's (the champion's) own value for relative gates (observed is then the difference). */
  baseline: number | null;
  /** The n behind observed. */
  evidenceN: number | null;
  reason: string;
  runIds: string[];
}

export interface ReadinessView {
  modelVersionId: string;
  verdict: "ready" | "not_ready" | "insufficient_evidence";
  counts: { pass: number; fail: number; insufficient_evidence: number; total: number };
  gates: ReadinessGateView[];
  evaluatedAt: string;
  reportId: string;
  history: {
    reportId: string;
    verdict: ReadinessView["verdict"];
    counts: ReadinessView["counts"];
    evaluatedAt: string;
    /** What changed from the report before it, in words (reportChanges). */
    changes: string[];
  }[];
}

function gateView(g: GateResult): ReadinessGateView {
  return {
    id: g.id,
    kind: g.kind,
    description: g.description,
    status: g.status,
    observed: g.observed,
    interval: g.interval,
    threshold: g.threshold,
    comparator: g.comparator,
    baseline: g.baseline,
    evidenceN: g.evidenceN,
    reason: g.reason,
    runIds: g.runIds,
  };
}

function reportView(report: ReadinessReport) {
  return {
    verdict: report.verdict,
    counts: report.counts as unknown as ReadinessView["counts"],
    evaluatedAt: report.createdAt.toISOString(),
    reportId: report.id,
  };
}

/**
 * The version's readiness now: its policy evaluated against its latest evidence (a new report
 * only when the evidence changed), with the history of reports. Null when the team has no such version.
 */
export async function readinessView(db: Db, teamId: string, modelVersionId: string): Promise<ReadinessView | null> {
  const report = await evaluateReadiness({ db, teamId, modelVersionId });
  if (!report) return null;
  const history = await readinessHistory({ db, teamId, modelVersionId, take: 50 });
  return {
    modelVersionId,
    ...reportView(report),
    gates: (report.gates as unknown as GateResult[]).map(gateView),
    history: history.map((h, i) => ({
      ...reportView(h as ReadinessReport),
      changes: reportChanges(gatesOf(history[i + 1]), gatesOf(h) as ReportGates),
    })),
  };
}

/** A stored report's policy and gate statuses (history is newest first: the one after is older). */
function gatesOf(entry: ReadinessHistoryEntry | undefined): ReportGates | undefined {
  if (!entry) return undefined;
  const gates = Array.isArray(entry.gates) ? (entry.gates as { id: string; status: string }[]) : [];
  return { policyId: entry.policyId, gates: gates.map((g) => ({ id: g.id, status: g.status })) };
}
