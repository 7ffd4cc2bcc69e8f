import type { GateResult, ReadinessEvidence } from "@fieldtest/core";
import type { Db } from "@fieldtest/db";
import type { ReportExport } from "./report-export";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A readiness report of one of `teamIds` with its version, policy source and the version's reviews; null when not found. */
export async function loadReportExport(
  db: Db,
  teamIds: readonly string[],
  reportId: string,
): Promise<ReportExport | null> {
  if (!UUID.test(reportId)) return null;
  const report = await db.readinessReport.findFirst({
    where: { id: reportId, teamId: { in: [...teamIds] } },
    include: {
      team: { select: { name: true, slug: true } },
      policyVersion: { select: { version: true, modelId: true, note: true } },
      modelVersion: {
        select: {
          id: true,
          version: true,
          stage: true,
          model: { select: { name: true, task: true } },
          reviews: {
            orderBy: [{ requestedAt: "asc" }, { id: "asc" }],
            select: {
              id: true,
              status: true,
              requestedAt: true,
              requestNote: true,
              decidedAt: true,
              decisionComment: true,
              decisionReportId: true,
              overrideReason: true,
              requestedBy: { select: { name: true } },
              decidedBy: { select: { name: true } },
            },
          },
        },
      },
    },
  });
  if (!report) return null;
  const p = report.policyVersion;
  const policySource = p
    ? `${p.modelId ? "the model's own policy" : "the team's policy for the task"}, version ${p.version}${p.note ? ` (${p.note})` : ""}`
    : "Fieldtest's default policy for the task";
  const { modelVersion } = report;
  return {
    reportId: report.id,
    team: report.team,
    model: modelVersion.model,
    version: { id: modelVersion.id, version: modelVersion.version, stage: modelVersion.stage },
    verdict: report.verdict,
    evaluatedAt: report.createdAt.toISOString(),
    policySource,
    policy: report.policy,
    evidenceHash: report.evidenceHash,
    counts: report.counts as unknown as ReportExport["counts"],
    gates: report.gates as unknown as GateResult[],
    evidence: report.evidence as unknown as ReadinessEvidence,
    reviews: modelVersion.reviews.map((r) => ({
      id: r.id,
      status: r.status,
      requestedBy: r.requestedBy.name,
      requestedAt: r.requestedAt.toISOString(),
      requestNote: r.requestNote,
      decidedBy: r.decidedBy?.name ?? null,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      comment: r.decisionComment,
      overrideReason: r.overrideReason,
      decidedOnThisReport: r.decisionReportId === report.id,
    })),
    exportedAt: new Date().toISOString(),
  };
}
