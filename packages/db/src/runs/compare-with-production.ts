import type { Db } from "../client.ts";
import type { BlobStorage } from "../storage/storage.ts";
import { comparePairOfRuns, type PairedOutcome, storedComparison } from "./compare-runs.ts";

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

/** A candidate's readiness pair with no stored comparison yet (see missingProductionPairs). */
export interface MissingPair {
  runIdA: string;
  runIdB: string;
  modelVersionId: string;
  teamId: string;
}

/**
 * The pairs the readiness report would look up but nobody has computed: for each live candidate
 * (not retired, not production) of a model with a production version, its latest succeeded
 * benchmark run (as loadBenchmarkEvidence picks it) against production's latest succeeded run on
 * that benchmark version, with no run_comparison row. They arise after a promotion (a new
 * production) or when the worker stopped between a run and its comparison. Oldest first.
 */
export async function missingProductionPairs(db: Db, limit: number): Promise<MissingPair[]> {
  return db.$queryRaw<MissingPair[]>`
    SELECT p.id::text AS "runIdA", c.id::text AS "runIdB", v.id::text AS "modelVersionId", m."teamId"::text AS "teamId"
    FROM model_version v
    JOIN model m ON m.id = v."modelId"
    JOIN model_version pv ON pv."modelId" = v."modelId" AND pv.stage = 'production' AND pv.id <> v.id
    JOIN LATERAL (
      SELECT r.id, r."benchmarkId", r."finishedAt" FROM evaluation_run r
      WHERE r."modelVersionId" = v.id AND r.kind = 'benchmark' AND r.status = 'succeeded' AND r."benchmarkId" IS NOT NULL
      ORDER BY r."finishedAt" DESC NULLS LAST, r."createdAt" DESC, r.id DESC LIMIT 1
    ) c ON true
    JOIN LATERAL (
      SELECT r.id FROM evaluation_run r
      WHERE r."modelVersionId" = pv.id AND r."benchmarkId" = c."benchmarkId" AND r.kind = 'benchmark' AND r.status = 'succeeded'
      ORDER BY r."finishedAt" DESC NULLS LAST, r."createdAt" DESC, r.id DESC LIMIT 1
    ) p ON true
    WHERE v.stage NOT IN ('retired', 'production')
      AND NOT EXISTS (SELECT 1 FROM run_comparison rc WHERE rc."runAId" = p.id AND rc."runBId" = c.id)
    ORDER BY c."finishedAt" ASC NULLS LAST
    LIMIT ${limit}`;
}

/**
 * The stored comparison of a candidate's run with production's latest run on the same benchmark
 * version — the pair its readiness report judges on — or null: the run's version is production,
 * its model has none, production never ran this benchmark, or the pair is not computed yet. The
 * caller has checked the run is the viewer's.
 */
export async function productionComparisonOf(
  db: Db,
  runId: string,
): Promise<(PairedOutcome & { runId: string; version: string }) | null> {
  const run = await db.evaluationRun.findUnique({
    where: { id: runId },
    select: { benchmarkId: true, modelVersion: { select: { id: true, modelId: true, stage: true } } },
  });
  if (!run?.benchmarkId || run.modelVersion.stage === "production") return null;
  const production = await db.modelVersion.findFirst({
    where: { modelId: run.modelVersion.modelId, stage: "production", id: { not: run.modelVersion.id } },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    select: { id: true, version: true },
  });
  if (!production) return null;
  const theirs = await latestRunOn(db, production.id, run.benchmarkId);
  if (!theirs) return null;
  const stored = await storedComparison(db, theirs.id, runId);
  return stored ? { ...stored, runId: theirs.id, version: production.version } : null;
}
