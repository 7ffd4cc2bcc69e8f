import { type Db, evaluateReadiness } from "@fieldtest/db";
import { errorMessage, type Log } from "../log.ts";

/**
 * New evidence makes a new readiness report (DESIGN.md "ReadinessReport"): called after a shadow
 * look for the evaluation's versions. (A succeeded benchmark run's report is made when the
 * version's readiness is next read — REST, the model page — so the run's job ends with the run.)
 * A failure is logged, never fails the job that produced the evidence (the report is made again
 * the next time the version's readiness is asked for).
 */
export async function refreshReadiness(db: Db, teamId: string, versionIds: readonly string[], log: Log): Promise<void> {
  for (const modelVersionId of versionIds) {
    try {
      const report = await evaluateReadiness({ db, teamId, modelVersionId });
      if (report) log("readiness.evaluated", { modelVersionId, reportId: report.id, verdict: report.verdict });
    } catch (err) {
      log("readiness.error", { modelVersionId, error: errorMessage(err) });
    }
  }
}
