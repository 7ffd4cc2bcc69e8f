import {
  defaultPolicy,
  evaluateGates,
  type GateResult,
  pairedComparison,
  type ReadinessEvidence,
  randomSplit,
} from "@fieldtest/core";
import {
  AppError,
  assembleReadinessEvidence,
  chunksOf,
  compareRuns,
  compareVersions,
  compareWithProduction,
  createBenchmarkRun,
  evaluateReadiness,
  loadRunScores,
  missingProductionPairs,
  productionComparisonOf,
  type ScoresResult,
  savePredictions,
  storedComparison,
} from "@fieldtest/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepComparisons } from "../runs/sweep-comparisons.ts";
import { collectLog } from "../testing/log-collector.ts";
import { predictionsCsv, type SyntheticRow, syntheticRows } from "../testing/synthetic-data.ts";
import { openWorkerTestContext, type WorkerTestContext } from "../testing/worker-test-context.ts";
import { type BenchmarkRunJob, benchmarkRunProcessor } from "./benchmark-run.ts";

// Two real benchmark runs of two versions on one benchmark version: the worker stores each run's
// per-row scores (private `scores` result), and compareRuns pairs them by row id.

const SEED = 7;
const SPLIT = { kind: "random", testFraction: 0.5 } as const;
const METRICS = ["roc_auc", "accuracy", "brier_score"] as const;

let ctx: WorkerTestContext;
const rows = syntheticRows(400, 21);
// Version B's scores carry more signal than A's (the rows' own scores).
const betterRows: SyntheticRow[] = rows.map((r, i) => ({
  ...r,
  score:
    Math.round(Math.min(1, Math.max(0, 0.15 + 0.7 * Number(r.label) + (((i * 37) % 100) / 100 - 0.5) * 0.5)) * 100) /
    100,
}));
let runA: string;
let runB: string;
let versionA: string;
let versionB: string;

/**
 * Executes a run with the real benchmark-run processor (load → split → score → core → the
 * completion transaction), called directly with its job rather than through a queue.
 */
async function runToEnd(runId: string) {
  const process = benchmarkRunProcessor({
    db: ctx.db,
    storage: ctx.storage,
    log: collectLog().log,
    codeVersion: "worker-int-test",
    throttleMs: 0,
    outbound: null,
  });
  const job = {
    id: runId,
    data: { runId },
    attemptsMade: 0,
    attemptsStarted: 1,
    opts: { attempts: 1 },
    updateProgress: async () => {},
  } as unknown as BenchmarkRunJob;
  await process(job);
  return ctx.db.evaluationRun.findUniqueOrThrow({ where: { id: runId } });
}

beforeAll(async () => {
  ctx = await openWorkerTestContext("compare");
  const { run, datasetVersion } = await ctx.createRun({
    rows,
    split: SPLIT,
    seed: SEED,
    metrics: [...METRICS],
    protocol: { confidence: { level: 0.95, resamples: 200 } },
  });
  runA = run.id;
  versionA = run.modelVersionId;
  const { modelId } = await ctx.db.modelVersion.findUniqueOrThrow({ where: { id: versionA } });
  const second = await ctx.db.modelVersion.create({
    data: { modelId, version: "2", endpointKind: "offline", createdById: ctx.userId, lastChangedById: ctx.userId },
  });
  versionB = second.id;
  await savePredictions({
    db: ctx.db,
    storage: ctx.storage,
    teamId: ctx.teamId,
    modelVersionId: versionB,
    datasetVersionId: datasetVersion.id,
    body: chunksOf(predictionsCsv(betterRows)),
    format: "csv",
    userId: ctx.userId,
  });
  const b = await createBenchmarkRun({
    db: ctx.db,
    teamId: ctx.teamId,
    benchmarkId: run.benchmarkId as string,
    modelVersionId: versionB,
    userId: ctx.userId,
    codeVersion: "worker-int-test",
  });
  runB = b.id;
  const [doneA, doneB] = await Promise.all([runToEnd(runA), runToEnd(runB)]);
  expect(doneA.status).toBe("succeeded");
  expect(doneB.status).toBe("succeeded");
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

/** The test rows of the split, ascending, as core draws them. */
function testRows(): SyntheticRow[] {
  const { test } = randomSplit({ n: rows.length, testFraction: SPLIT.testFraction, seed: SEED });
  return Array.from(test, (i) => rows[i] as SyntheticRow);
}

describe("paired comparison of two benchmark runs", () => {
  it("stores each run's per-row test scores in a private result, written with the run", async () => {
    const result = await ctx.db.runResult.findUniqueOrThrow({ where: { runId_kind: { runId: runA, kind: "scores" } } });
    const data = result.data as unknown as ScoresResult;
    const test = testRows();
    expect(data).toMatchObject({ task: "binary_classification", n: test.length });
    expect(data.key).toBe(`run-scores/${data.sha256}.ftcol`);
    const scores = await loadRunScores(ctx.storage, data);
    expect(scores.rowIds).toEqual(test.map((r) => r.id));
    expect([...scores.labels]).toEqual(test.map((r) => Number(r.label)));
    expect([...scores.scores]).toEqual(test.map((r) => r.score));
  });

  it("compares two runs of one benchmark version on the same rows, as core's pairedComparison does", async () => {
    const result = await compareRuns({
      db: ctx.db,
      storage: ctx.storage,
      teamIds: [ctx.teamId],
      runIdA: runA,
      runIdB: runB,
    });

    expect(result.unpairedReason).toBeNull();
    expect(result.a.id).toBe(runA);
    expect(result.b.modelVersion.version).toBe("2");
    const test = testRows();
    const byId = new Map(betterRows.map((r) => [r.id, r.score]));
    const expected = pairedComparison({
      labels: Float64Array.from(test, (r) => Number(r.label)),
      scoresA: Float64Array.from(test, (r) => r.score),
      scoresB: Float64Array.from(test, (r) => byId.get(r.id) as number),
      metrics: [...METRICS],
      threshold: 0.5,
      level: 0.95,
      resamples: 200,
    });
    expect(result.paired).toEqual(expected);
    const auc = result.paired?.metrics.find((m) => m.metric === "roc_auc");
    expect(auc).toMatchObject({ test: "delong", decision: "b_better" });
    expect(result.paired?.metrics.find((m) => m.metric === "accuracy")?.test).toBe("mcnemar_exact");
    // The paired point differences are the stored metric values' differences.
    for (const m of result.paired?.metrics ?? []) {
      const side = result.metrics.find((s) => s.metric === m.metric);
      expect(side?.a?.value).toBeCloseTo(m.a, 12);
      expect(side?.b?.value).toBeCloseTo(m.b, 12);
      expect(m.lower).toBeLessThanOrEqual(m.difference);
      expect(m.upper).toBeGreaterThanOrEqual(m.difference);
    }
    // Config rows: the versions differ, the split does not.
    expect(result.config.find((r) => r.key === "modelVersionId")?.same).toBe(false);
    expect(result.config.find((r) => r.key === "split.testFraction")).toMatchObject({ a: "0.5", b: "0.5", same: true });
  });

  it("compares two versions through their latest runs on the benchmark version both ran", async () => {
    const result = await compareVersions({
      db: ctx.db,
      storage: ctx.storage,
      teamIds: [ctx.teamId],
      versionIdA: versionA,
      versionIdB: versionB,
    });
    expect(result.a.id).toBe(runA);
    expect(result.b.id).toBe(runB);
    expect(result.paired).not.toBeNull();
    expect(result.benchmark.id).toBe(result.a.benchmark?.id);
  });

  it("falls back to side by side when the runs ran different benchmark versions", async () => {
    const { run } = await ctx.createRun({ rows, split: { kind: "random", testFraction: 0.4 }, seed: SEED });
    expect((await runToEnd(run.id)).status).toBe("succeeded");
    const result = await compareRuns({
      db: ctx.db,
      storage: ctx.storage,
      teamIds: [ctx.teamId],
      runIdA: runA,
      runIdB: run.id,
    });
    expect(result.paired).toBeNull();
    expect(result.unpairedReason).toMatch(/different benchmark versions/);
    expect(result.metrics.find((m) => m.metric === "roc_auc")?.b?.n).toBe(160);
  });

  it("refuses another team's run as NOT_FOUND, and an unfinished run", async () => {
    const other = await ctx.db.team.create({ data: { slug: `compare-other-${runA.slice(0, 8)}`, name: "Other team" } });
    try {
      const call = (teamIds: string[], runIdA: string, runIdB: string) =>
        compareRuns({ db: ctx.db, storage: ctx.storage, teamIds, runIdA, runIdB });
      await expect(call([other.id], runA, runB)).rejects.toMatchObject({ code: "NOT_FOUND", field: "runIdA" });
      await expect(
        compareVersions({
          db: ctx.db,
          storage: ctx.storage,
          teamIds: [other.id],
          versionIdA: versionA,
          versionIdB: versionB,
        }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
      // A run moved to the other team is out of reach for this team's viewer.
      const { run } = await ctx.createRun({ rows, split: SPLIT, seed: SEED });
      await ctx.db.evaluationRun.update({ where: { id: run.id }, data: { teamId: other.id } });
      await expect(call([ctx.teamId], runA, run.id)).rejects.toMatchObject({ code: "NOT_FOUND", field: "runIdB" });
      await expect(call([other.id], run.id, runA)).rejects.toBeInstanceOf(AppError);
      // Queued (never enqueued): not comparable.
      const { run: queued } = await ctx.createRun({ rows, split: SPLIT, seed: SEED });
      await expect(call([ctx.teamId], runA, queued.id)).rejects.toMatchObject({ code: "BAD_INPUT", field: "runIdB" });
    } finally {
      await ctx.db.team.delete({ where: { id: other.id } });
    }
  });
});

describe("the paired comparison with production, for the readiness report", () => {
  it("is stored once by the worker when a candidate's run succeeds, and decides the relative benchmark gate", async () => {
    // Version A goes to production; a new run of candidate B makes the worker compare the two.
    await ctx.db.modelVersion.update({ where: { id: versionA }, data: { stage: "production" } });
    const { benchmarkId } = await ctx.db.evaluationRun.findUniqueOrThrow({ where: { id: runA } });
    const next = await createBenchmarkRun({
      db: ctx.db,
      teamId: ctx.teamId,
      benchmarkId: benchmarkId as string,
      modelVersionId: versionB,
      userId: ctx.userId,
      codeVersion: "worker-int-test",
    });
    expect((await runToEnd(next.id)).status).toBe("succeeded");

    // A = production's latest run there, B = the candidate's run: stored once, the same as compareRuns'.
    const stored = await storedComparison(ctx.db, runA, next.id);
    expect(stored?.unpairedReason).toBeNull();
    const viaPage = await compareRuns({
      db: ctx.db,
      storage: ctx.storage,
      teamIds: [ctx.teamId],
      runIdA: runA,
      runIdB: next.id,
    });
    expect(viaPage.paired).toEqual(stored?.paired);
    expect(await ctx.db.runComparison.count({ where: { runAId: runA, runBId: next.id } })).toBe(1);
    // A production run compares with each candidate: computing again finds the stored pair.
    expect(await compareWithProduction({ db: ctx.db, storage: ctx.storage, runId: runA })).toEqual([[runA, next.id]]);
    expect(await ctx.db.runComparison.count({ where: { runAId: runA, runBId: next.id } })).toBe(1);

    // The readiness report reads it: the gate relative to production observes the paired difference.
    const report = await evaluateReadiness({ db: ctx.db, teamId: ctx.teamId, modelVersionId: versionB });
    const auc = stored?.paired?.metrics.find((m) => m.metric === "roc_auc");
    const gate = ((report?.gates ?? []) as unknown as GateResult[]).find(
      (g) => g.id === "benchmark-roc-auc-vs-production",
    );
    expect(auc).toBeDefined();
    expect(gate?.observed).toBeCloseTo(auc?.difference as number, 12);
    expect(gate?.interval).toEqual([auc?.lower, auc?.upper]);
    // The default policy wants 1,000 labelled rows: on these 200 the gate waits, with the interval shown.
    expect(gate).toMatchObject({ status: "insufficient_evidence", evidenceN: 200 });
    expect(gate?.reason).toMatch(/only 200 of 1,000/);
    // With enough rows it decides on that interval: B is clearly better than production (its lower
    // bound is above 0), far above the −0.01 non-inferiority margin.
    expect(auc?.lower).toBeGreaterThan(0);
    const assembled = await assembleReadinessEvidence({ db: ctx.db, teamId: ctx.teamId, modelVersionId: versionB });
    const policy = defaultPolicy("binary_classification");
    const relaxed = {
      ...policy,
      gates: policy.gates.map((g) => (g.id === "benchmark-roc-auc-vs-production" ? { ...g, minN: 100 } : g)),
    };
    const judged = evaluateGates({
      policy: relaxed,
      evidence: assembled?.evidence as ReadinessEvidence,
      now: new Date(),
    });
    expect(judged.gates.find((g) => g.id === "benchmark-roc-auc-vs-production")?.status).toBe("pass");
  });
});

describe("pairs nobody computed yet", () => {
  it("after a promotion, the sweeper computes the pair readiness looks up and judges the candidate again", async () => {
    // B (whose latest run is the last test's) becomes production; A is a candidate again.
    await ctx.db.modelVersion.update({ where: { id: versionA }, data: { stage: "shadow" } });
    await ctx.db.modelVersion.update({ where: { id: versionB }, data: { stage: "production" } });
    const latestB = await ctx.db.evaluationRun.findFirstOrThrow({
      where: { modelVersionId: versionB, status: "succeeded" },
      orderBy: [{ finishedAt: "desc" }, { createdAt: "desc" }],
    });
    const missing = (await missingProductionPairs(ctx.db, 100)).filter((p) => p.modelVersionId === versionA);
    expect(missing).toEqual([{ runIdA: latestB.id, runIdB: runA, modelVersionId: versionA, teamId: ctx.teamId }]);
    expect(await productionComparisonOf(ctx.db, runA)).toBeNull();

    const logs = collectLog();
    const { compared } = await sweepComparisons({ db: ctx.db, storage: ctx.storage, log: logs.log });
    expect(compared).toContain(runA);
    expect((await missingProductionPairs(ctx.db, 100)).filter((p) => p.modelVersionId === versionA)).toEqual([]);

    // The run page's Δ and the readiness gate read that same pair: A − production(B) is negative.
    const pair = await productionComparisonOf(ctx.db, runA);
    expect(pair).toMatchObject({ runId: latestB.id, unpairedReason: null });
    const auc = pair?.paired?.metrics.find((m) => m.metric === "roc_auc");
    expect(auc?.upper).toBeLessThan(0);
    const report = await ctx.db.readinessReport.findFirstOrThrow({
      where: { modelVersionId: versionA },
      orderBy: { createdAt: "desc" },
    });
    const gate = (report.gates as unknown as GateResult[]).find((g) => g.id === "benchmark-roc-auc-vs-production");
    expect(gate?.observed).toBeCloseTo(auc?.difference as number, 12);
    // B is production now: its own run has no pair with itself.
    expect(await productionComparisonOf(ctx.db, latestB.id)).toBeNull();
  });
});
