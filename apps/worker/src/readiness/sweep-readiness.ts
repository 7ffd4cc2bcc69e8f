import type { Db } from "@fieldtest/db";
import type { Log } from "../log.ts";
import { refreshReadiness } from "./refresh-readiness.ts";

/** Versions judged per sweep: a backlog (a fresh demo, a bulk import) is worked off over several sweeps. */
const PER_SWEEP = 25;

/**
 * Keeps readiness current where nobody is looking yet: a live version (not retired) whose latest
 * succeeded benchmark run finished after its latest report — or that has no report at all — is
 * judged again (refreshReadiness), so the portfolio and webhooks see its verdict without anyone
 * opening the version first. The benchmark run's own job still ends with the run.
 */
export async function sweepReadiness(options: { db: Db; log: Log }): Promise<{ evaluated: string[] }> {
  const { db, log } = options;
  const due = await db.$queryRaw<{ id: string; teamId: string }[]>`
    SELECT v.id::text AS id, m."teamId"::text AS "teamId"
    FROM model_version v
    JOIN model m ON m.id = v."modelId"
    JOIN LATERAL (
      SELECT max(r."finishedAt") AS finished FROM evaluation_run r
      WHERE r."modelVersionId" = v.id AND r.kind = 'benchmark' AND r.status = 'succeeded'
    ) run ON run.finished IS NOT NULL
    LEFT JOIN LATERAL (
      SELECT max(rr."createdAt") AS judged FROM readiness_report rr WHERE rr."modelVersionId" = v.id
    ) report ON true
    WHERE v.stage <> 'retired' AND (report.judged IS NULL OR report.judged < run.finished)
    ORDER BY run.finished ASC
    LIMIT ${PER_SWEEP}`;
  const byTeam = new Map<string, string[]>();
  for (const row of due) byTeam.set(row.teamId, [...(byTeam.get(row.teamId) ?? []), row.id]);
  for (const [teamId, versionIds] of byTeam) await refreshReadiness(db, teamId, versionIds, log);
  return { evaluated: due.map((d) => d.id) };
}
