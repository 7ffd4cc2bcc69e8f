import type { Db } from "../client.ts";
import type { BlobStorage } from "../storage/storage.ts";
import { comparePairOfRuns } from "./compare-runs.ts";

/** The latest succeeded benchmark run of a version on one benchmark version, or null. */
async function latestRunOn(db: Db, modelVersionId: string, benchmarkId: string) {
  return db.evaluationRun.findFirst({
    where: { modelVersionId, benchmarkId, kind: "benchmark", status: "succeeded" },
    orderBy: [{ finishedAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
}

/**
 * After a benchmark run succeeds: the paired comparisons the readiness report's gates relative
 * to production read, computed now so that no page view waits for the resampling. A candidate's
 * run is compared with production's latest run on the same benchmark version (A = production,
 * B = candidate); a production version's run with each live candidate's latest run there. Each
 * pair is computed once (run_comparison). Returns the pairs, as [runA, runB].
 */
export async function compareWithProduction(input: {
  db: Db;
  storage: BlobStorage;
  runId: string;
}): Promise<[string, string][]> {
  const { db, storage } = input;
  const run = await db.evaluationRun.findUnique({
    where: { id: input.runId },
    select: {
      id: true,
      kind: true,
      status: true,
      benchmarkId: true,
      modelVersion: { select: { id: true, modelId: true, stage: true } },
    },
  });
  if (run?.kind !== "benchmark" || run.status !== "succeeded" || !run.benchmarkId) return [];
  const { benchmarkId, modelVersion } = run;
  const others = await db.modelVersion.findMany({
    where: { modelId: modelVersion.modelId, id: { not: modelVersion.id }, stage: { not: "retired" } },
    select: { id: true, stage: true },
  });
  const pairs: [string, string][] = [];
  if (modelVersion.stage === "production") {
    for (const candidate of others.filter((v) => v.stage !== "production")) {
      const theirs = await latestRunOn(db, candidate.id, benchmarkId);
      if (theirs) pairs.push([run.id, theirs.id]);
    }
  } else {
    const production = others.find((v) => v.stage === "production");
    const theirs = production ? await latestRunOn(db, production.id, benchmarkId) : null;
    if (theirs) pairs.push([theirs.id, run.id]);
  }
  for (const [runIdA, runIdB] of pairs) await comparePairOfRuns({ db, storage, runIdA, runIdB });
  return pairs;
}
