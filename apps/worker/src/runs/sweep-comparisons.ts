import { type BlobStorage, comparePairOfRuns, type Db, missingProductionPairs } from "@fieldtest/db";
import { errorMessage, type Log } from "../log.ts";
import { refreshReadiness } from "../readiness/refresh-readiness.ts";

/** Pairs computed per sweep: each resamples every shared test row. */
const PER_SWEEP = 5;

/**
 * Computes the paired comparisons with production that readiness reports look up and nobody has
 * computed (after a promotion, or a worker that stopped between a run and its comparison), then
 * judges those candidates again so their reports carry the difference. A pair that fails is
 * logged and tried again next sweep.
 */
export async function sweepComparisons(options: {
  db: Db;
  storage: BlobStorage;
  log: Log;
}): Promise<{ compared: string[] }> {
  const { db, storage, log } = options;
  const compared: string[] = [];
  for (const pair of await missingProductionPairs(db, PER_SWEEP)) {
    try {
      await comparePairOfRuns({ db, storage, runIdA: pair.runIdA, runIdB: pair.runIdB });
      compared.push(pair.runIdB);
      await refreshReadiness(db, pair.teamId, [pair.modelVersionId], log);
    } catch (err) {
      log("sweeper.compare_failed", { runIdA: pair.runIdA, runIdB: pair.runIdB, error: errorMessage(err) });
    }
  }
  return { compared };
}
