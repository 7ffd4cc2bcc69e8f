import { AppError, cancelRun, rerunBenchmarkRun } from "@fieldtest/db";
import { enqueue, getQueue } from "@fieldtest/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeRun, markRunRunning } from "../runs/run-status.ts";
import { type RunningWorker, startWorker } from "../start-worker.ts";
import { collectLog } from "../testing/log-collector.ts";
import { syntheticRows } from "../testing/synthetic-data.ts";
import { waitFor } from "../testing/wait-for.ts";
import { openWorkerTestContext, type WorkerTestContext } from "../testing/worker-test-context.ts";

// Cancel, re-run, and results written once however often a run's job executes.

const FAST = {
  FIELDTEST_WORKER_CONCURRENCY: 2,
  FIELDTEST_WORKER_LOCK_DURATION_MS: 30_000,
  FIELDTEST_WORKER_STALLED_INTERVAL_MS: 30_000,
  FIELDTEST_SWEEP_INTERVAL_MS: 600_000,
  FIELDTEST_WORKER_THROTTLE_MS: 0,
  FIELDTEST_CODE_VERSION: "worker-int-test",
};

let ctx: WorkerTestContext;
let worker: RunningWorker;
const logs = collectLog();

beforeAll(async () => {
  ctx = await openWorkerTestContext("lifecycle");
  worker = await startWorker({ db: ctx.db, storage: ctx.storage, prefix: ctx.prefix, env: FAST, log: logs.log });
});

afterAll(async () => {
  await worker?.close();
  await ctx?.close();
});

const FINAL = new Set(["succeeded", "failed", "cancelled"]);

async function runToEnd(runId: string, prefix = ctx.prefix) {
  await enqueue("benchmarkRun", { runId }, { prefix });
  return waitFor(`run ${runId} to finish`, async () => {
    const run = await ctx.db.evaluationRun.findUniqueOrThrow({ where: { id: runId } });
    return FINAL.has(run.status) ? run : undefined;
  });
}

async function jobDone(runId: string, prefix = ctx.prefix) {
  return waitFor(`job ${runId} to complete`, async () => {
    const job = await getQueue("benchmarkRun", prefix).getJob(runId);
    return (await job?.getState()) === "completed" ? job : undefined;
  });
}

const metricRows = (runId: string) =>
  ctx.db.metricValue.findMany({ where: { runId }, orderBy: [{ slice: "asc" }, { metric: "asc" }] });
const resultRows = (runId: string) => ctx.db.runResult.findMany({ where: { runId }, orderBy: { kind: "asc" } });

/** A run with several result kinds (curves, reliability, confusion, costs, slices, and the private scores). */
function richRun(seed: number) {
  return ctx.createRun({
    rows: syntheticRows(300, seed),
    columns: { segment: (_, i) => ["a", "b"][i % 2] as string },
    split: { kind: "random", testFraction: 0.5 },
    protocol: { costs: { fp: 1, fn: 4 }, sliceColumns: ["segment"], confidence: { level: 0.95, resamples: 100 } },
  });
}

describe("results are written once", () => {
  it("when the same job runs twice", async () => {
    const { run } = await richRun(51);
    const first = await runToEnd(run.id);
    expect(first.status).toBe("succeeded");
    const results = await resultRows(run.id);
    const metrics = await metricRows(run.id);
    expect(results.map((r) => r.kind)).toEqual(["curves", "reliability", "confusion", "costs", "slices", "scores"]);

    await (await getQueue("benchmarkRun", ctx.prefix).getJob(run.id))?.remove();
    await enqueue("benchmarkRun", { runId: run.id }, { prefix: ctx.prefix });
    const job = await jobDone(run.id);

    expect(job.returnvalue).toBe("already-finished");
    expect(await resultRows(run.id)).toEqual(results);
    expect(await metricRows(run.id)).toEqual(metrics);
  });

  it("when two executions of a run overlap", async () => {
    const overlapLogs = collectLog();
    const slow = { ...FAST, FIELDTEST_WORKER_THROTTLE_MS: 30 };
    const prefixes = [ctx.newPrefix(), ctx.newPrefix()];
    const workers = await Promise.all(
      prefixes.map((prefix) =>
        startWorker({ db: ctx.db, storage: ctx.storage, prefix, env: slow, log: overlapLogs.log }),
      ),
    );
    try {
      const { run } = await richRun(52);
      await Promise.all(prefixes.map((prefix) => enqueue("benchmarkRun", { runId: run.id }, { prefix })));
      for (const prefix of prefixes) await jobDone(run.id, prefix);

      expect(overlapLogs.of("run.started", run.id)).toHaveLength(2);
      expect(overlapLogs.of("run.succeeded", run.id)).toHaveLength(1);
      const kinds = (await resultRows(run.id)).map((r) => r.kind);
      expect(kinds).toEqual(["curves", "reliability", "confusion", "costs", "slices", "scores"]);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });
});

describe("cancel", () => {
  it("a queued run: its job is skipped when it starts, and nothing is written", async () => {
    const { run } = await richRun(53);
    const cancelled = await cancelRun({ db: ctx.db, teamIds: [ctx.teamId], runId: run.id });
    expect(cancelled).toMatchObject({ status: "cancelled" });
    expect(cancelled.cancelledAt).toBeInstanceOf(Date);

    await enqueue("benchmarkRun", { runId: run.id }, { prefix: ctx.prefix });
    const job = await jobDone(run.id);

    expect(job.returnvalue).toBe("already-finished");
    expect(logs.of("run.started", run.id)).toEqual([]);
    expect(await ctx.db.evaluationRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      status: "cancelled",
      attempts: 0,
      progress: 0,
    });
    expect(await metricRows(run.id)).toEqual([]);
    expect(await resultRows(run.id)).toEqual([]);
  });

  it("a running run: the worker stops between chunks and writes no results", async () => {
    const slowLogs = collectLog();
    const prefix = ctx.newPrefix();
    const slow = await startWorker({
      db: ctx.db,
      storage: ctx.storage,
      prefix,
      env: { ...FAST, FIELDTEST_WORKER_THROTTLE_MS: 150 },
      log: slowLogs.log,
    });
    try {
      const { run } = await richRun(54);
      await enqueue("benchmarkRun", { runId: run.id }, { prefix });
      await waitFor("the run to be part-way", async () => {
        const row = await ctx.db.evaluationRun.findUniqueOrThrow({ where: { id: run.id } });
        return row.status === "running" && row.progress > 0.1 && row.progress < 0.5;
      });

      await cancelRun({ db: ctx.db, teamIds: [ctx.teamId], runId: run.id });
      const job = await jobDone(run.id, prefix);

      expect(job.returnvalue).toBe("cancelled");
      expect(slowLogs.of("run.cancelled", run.id)).toHaveLength(1);
      expect(slowLogs.of("run.succeeded", run.id)).toEqual([]);
      const row = await ctx.db.evaluationRun.findUniqueOrThrow({ where: { id: run.id } });
      expect(row.status).toBe("cancelled");
      expect(row.progress).toBeLessThan(0.8);
      expect(await metricRows(run.id)).toEqual([]);
      expect(await resultRows(run.id)).toEqual([]);
    } finally {
      await slow.close();
    }
  });

  it("never turns succeeded when a stale execution completes after the cancel", async () => {
    const { run } = await richRun(55);
    expect(await markRunRunning(ctx.db, run)).toBe(true);
    await cancelRun({ db: ctx.db, teamIds: [ctx.teamId], runId: run.id });

    const completed = await completeRun(ctx.db, {
      runId: run.id,
      modelVersionId: run.modelVersionId,
      values: [{ metric: "accuracy", value: 0.9, n: 10 }],
      results: [{ kind: "confusion", data: { threshold: 0.5, tp: 1, fp: 1, tn: 1, fn: 1, n: 4 } }],
      codeVersion: "stale",
    });

    expect(completed).toBe(false);
    expect((await ctx.db.evaluationRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("cancelled");
    expect(await metricRows(run.id)).toEqual([]);
    expect(await resultRows(run.id)).toEqual([]);
  });

  it("refuses a run that already ended (CONFLICT) and another team's run (NOT_FOUND)", async () => {
    const { run } = await richRun(56);
    expect((await runToEnd(run.id)).status).toBe("succeeded");
    await expect(cancelRun({ db: ctx.db, teamIds: [ctx.teamId], runId: run.id })).rejects.toMatchObject({
      code: "CONFLICT",
      field: "runId",
      message: "The run has already succeeded",
    });
    const { run: other } = await richRun(57);
    await expect(cancelRun({ db: ctx.db, teamIds: [], runId: other.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await ctx.db.evaluationRun.findUniqueOrThrow({ where: { id: other.id } })).status).toBe("queued");
  });
});

describe("re-run", () => {
  it("is a new run with the same frozen config that computes the same results", async () => {
    const { run } = await richRun(58);
    expect((await runToEnd(run.id)).status).toBe("succeeded");

    const again = await rerunBenchmarkRun({
      db: ctx.db,
      teamIds: [ctx.teamId],
      runId: run.id,
      userId: ctx.userId,
      codeVersion: "rerun-test",
    });

    expect(again.id).not.toBe(run.id);
    expect(again).toMatchObject({
      status: "queued",
      rerunOfId: run.id,
      config: run.config,
      configHash: run.configHash,
      seed: run.seed,
      datasetHash: run.datasetHash,
      benchmarkId: run.benchmarkId,
      modelVersionId: run.modelVersionId,
    });
    expect((await runToEnd(again.id)).status).toBe("succeeded");
    const values = (rows: Awaited<ReturnType<typeof metricRows>>) =>
      rows.map((m) => ({ metric: m.metric, slice: m.slice, value: m.value, lower: m.lower, upper: m.upper, n: m.n }));
    expect(values(await metricRows(again.id))).toEqual(values(await metricRows(run.id)));
    expect((await resultRows(again.id)).map((r) => r.data)).toEqual((await resultRows(run.id)).map((r) => r.data));
  });

  it("re-runs a cancelled run", async () => {
    const { run } = await richRun(59);
    await cancelRun({ db: ctx.db, teamIds: [ctx.teamId], runId: run.id });
    const again = await rerunBenchmarkRun({
      db: ctx.db,
      teamIds: [ctx.teamId],
      runId: run.id,
      userId: ctx.userId,
      codeVersion: "rerun-test",
    });
    expect((await runToEnd(again.id)).status).toBe("succeeded");
  });

  it("refuses a run still queued, another team's run, and a run whose predictions are gone", async () => {
    const rerun = (runId: string, teamIds = [ctx.teamId]) =>
      rerunBenchmarkRun({ db: ctx.db, teamIds, runId, userId: ctx.userId, codeVersion: "rerun-test" });
    const { run } = await richRun(60);
    const before = await ctx.db.evaluationRun.count();
    await expect(rerun(run.id)).rejects.toMatchObject({ code: "CONFLICT", field: "runId" });
    await expect(rerun(run.id, [])).rejects.toMatchObject({ code: "NOT_FOUND", field: "runId" });

    expect((await runToEnd(run.id)).status).toBe("succeeded");
    // Predictions are write-once per version and dataset version; a deleted upload is what can still change.
    await ctx.db.predictions.deleteMany({ where: { modelVersionId: run.modelVersionId } });
    const refused = await rerun(run.id).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "CONFLICT", field: "runId" });
    expect((refused as Error).message).toBe(
      "Version 1's predictions for dataset version 1 are gone since this run; start a new run of the benchmark instead",
    );
    expect(await ctx.db.evaluationRun.count()).toBe(before);
  });
});
