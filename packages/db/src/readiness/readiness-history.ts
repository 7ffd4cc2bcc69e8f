import type { Db } from "../client.ts";
import type { ReadinessReport } from "../generated/prisma/client.ts";

/** One report of the series; `counts` and `gates` hold core GateCounts and GateResult[] as written by evaluateReadiness. */
export type ReadinessHistoryEntry = Pick<
  ReadinessReport,
  "id" | "verdict" | "counts" | "createdAt" | "gates" | "policyId"
>;

const MAX_TAKE = 500;

/**
 * A version's readiness reports, newest first ("readiness over time"), at most `take` (1…500).
 * Scoped by team: a version of another team (or none) has no reports here, so the answer is empty.
 */
export async function readinessHistory(options: {
  db: Db;
  teamId: string;
  modelVersionId: string;
  take?: number;
}): Promise<ReadinessHistoryEntry[]> {
  const { db, teamId, modelVersionId } = options;
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!uuid.test(teamId) || !uuid.test(modelVersionId)) return [];
  const take = Math.min(MAX_TAKE, Math.max(1, Math.floor(options.take ?? 50)));
  return db.readinessReport.findMany({
    where: { teamId, modelVersionId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, verdict: true, counts: true, createdAt: true, gates: true, policyId: true },
  });
}
