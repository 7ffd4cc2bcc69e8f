import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { enqueue, getQueue } from "@fieldtest/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "../start-worker.ts";
import { expectedMetrics } from "../testing/expected-metrics.ts";
import { collectLog } from "../testing/log-collector.ts";
import { syntheticRows } from "../testing/synthetic-data.ts";
import { waitFor } from "../testing/wait-for.ts";
import { openWorkerTestContext, type WorkerTestContext } from "../testing/worker-test-context.ts";

const FAST = {
  FIELDTEST_WORKER_CONCURRENCY: 2,
  FIELDTEST_WORKER_LOCK_DURATION_MS: 30_000,
  FIELDTEST_WORKER_STALLED_INTERVAL_MS: 30_000,
  // The sweeper has its own tests; here it only sweeps once at start.
  FIELDTEST_SWEEP_INTERVAL_MS: 600_000,
  FIELDTEST_WORKER_THROTTLE_MS: 0,
  FIELDTEST_CODE_VERSION: "worker-int-test",
};

let ctx: WorkerTestContext;
let worker: RunningWorker;
const logs = collectLog();

beforeAll(async () => {
  ctx = await openWorkerTestContext("processor");
  worker = await startWorker({ db: ctx.db, storage: ctx.storage, prefix: ctx.prefix, env: FAST, log: logs.log });
});

afterAll(async () => {
  await worker?.close();
  await ctx?.close();
});

async function runToEnd(runId: string, prefix = ctx.prefix) {
  await enqueue("benchmarkRun", { runId }, { prefix });
  return waitFor(`run ${runId} to finish`, async () => {
    const run = await ctx.db.evaluationRun.findUniqueOrThrow({ where: { id: runId } });
    return run.status === "succeeded" || run.status === "failed" ? run : undefined;
  });
}

const metricRows = (runId: string) => ctx.db.metricValue.findMany({ where: { runId }, orderBy: { metric: "asc" } });

describe("benchmark-run processor", () => {
  it("computes core's metrics on the random split's test rows and ends at progress 1", async () => {
    const rows = syntheticRows(400, 11);
    const split = { kind: "random", testFraction: 0.25 } as const;
    const { run } = await ctx.createRun({ rows, split, seed: 5, metrics: ["roc_auc", "accuracy"], threshold: 0.5 });
    const progress: number[] = [];
    worker.workers[0]?.on("progress", (job, value) => {
      if (job.id === run.id) progress.push(value as number);
    });

    const done = await runToEnd(run.id);

    expect(done).toMatchObject({ status: "succeeded", progress: 1, error: null, attempts: 1 });
    expect(done.startedAt).toBeInstanceOf(Date);
    expect(done.finishedAt?.getTime()).toBeGreaterThanOrEqual(done.startedAt?.getTime() ?? Number.NaN);
    const expected = expectedMetrics({ rows, split, seed: 5, metrics: ["roc_auc", "accuracy"], threshold: 0.5 });
    const stored = await metricRows(run.id);
    expect(stored.map((m) => ({ metric: m.metric, value: m.value, n: m.n, slice: m.slice }))).toEqual(
      expected.map((e) => ({ ...e, slice: "" })).sort((a, b) => a.metric.localeCompare(b.metric)),
    );
    expect(stored.every((m) => m.n === 100 && m.modelVersionId === run.modelVersionId)).toBe(true);

    expect(progress.length).toBeGreaterThan(5);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    const job = await getQueue("benchmarkRun", ctx.prefix).getJob(run.id);
    expect(await job?.getState()).toBe("completed");
    expect(job?.returnvalue).toBe("succeeded");
    expect(logs.of("run.succeeded", run.id)).toHaveLength(1);
  });

  it("uses the temporal split's cutoff", async () => {
    const rows = syntheticRows(300, 12);
    const split = { kind: "temporal", cutoff: "2024-02-15" } as const;
    const { run } = await ctx.createRun({ rows, split, metrics: ["accuracy", "roc_auc"], threshold: 0.4 });

    const done = await runToEnd(run.id);

    expect(done.status).toBe("succeeded");
    const expected = expectedMetrics({ rows, split, seed: 7, metrics: ["accuracy", "roc_auc"], threshold: 0.4 });
    const stored = await metricRows(run.id);
    expect(Object.fromEntries(stored.map((m) => [m.metric, m.value]))).toEqual(
      Object.fromEntries(expected.map((e) => [e.metric, e.value])),
    );
    expect(stored[0]?.n).toBe(rows.filter((r) => r.day >= "2024-02-15").length);
  });

  it("writes one set of metrics when the same job runs twice", async () => {
    const rows = syntheticRows(200, 13);
    const { run } = await ctx.createRun({ rows, split: { kind: "random", testFraction: 0.5 } });
    const first = await runToEnd(run.id);
    const before = await metricRows(run.id);

    // The same job again (as after a redelivery): remove the finished job so BullMQ accepts the id anew.
    await (await getQueue("benchmarkRun", ctx.prefix).getJob(run.id))?.remove();
    await enqueue("benchmarkRun", { runId: run.id }, { prefix: ctx.prefix });
    await waitFor("the second job to complete", async () => {
      const job = await getQueue("benchmarkRun", ctx.prefix).getJob(run.id);
      return (await job?.getState()) === "completed";
    });

    const after = await ctx.db.evaluationRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(await metricRows(run.id)).toEqual(before);
    expect(before).toHaveLength(2);
    expect(after).toMatchObject({ status: "succeeded", attempts: first.attempts, finishedAt: first.finishedAt });
    expect(logs.of("run.succeeded", run.id)).toHaveLength(1);
    expect(logs.of("run.skipped", run.id)).toHaveLength(1);
  });

  it("writes one set of metrics when two executions of a run overlap", async () => {
    // Two queues (prefixes) each hold a job for the same run, and each has a slowed worker: both
    // executions are in flight at once, like a stalled job retried while its first attempt still runs.
    const otherPrefix = ctx.newPrefix();
    const slow = { ...FAST, FIELDTEST_WORKER_THROTTLE_MS: 40 };
    const overlapLogs = collectLog();
    const a = await startWorker({
      db: ctx.db,
      storage: ctx.storage,
      prefix: otherPrefix,
      env: slow,
      log: overlapLogs.log,
    });
    const thirdPrefix = ctx.newPrefix();
    const b = await startWorker({
      db: ctx.db,
      storage: ctx.storage,
      prefix: thirdPrefix,
      env: slow,
      log: overlapLogs.log,
    });
    try {
      const { run } = await ctx.createRun({
        rows: syntheticRows(300, 14),
        split: { kind: "random", testFraction: 0.5 },
      });
      await Promise.all([
        enqueue("benchmarkRun", { runId: run.id }, { prefix: otherPrefix }),
        enqueue("benchmarkRun", { runId: run.id }, { prefix: thirdPrefix }),
      ]);
      for (const prefix of [otherPrefix, thirdPrefix]) {
        await waitFor(`the job on ${prefix} to complete`, async () => {
          const job = await getQueue("benchmarkRun", prefix).getJob(run.id);
          return (await job?.getState()) === "completed";
        });
      }

      // Both executions got past the start and neither failed: the second completion found the run succeeded.
      expect(overlapLogs.of("run.started", run.id)).toHaveLength(2);
      expect(overlapLogs.of("run.retrying", run.id)).toEqual([]);
      expect(overlapLogs.of("run.succeeded", run.id)).toHaveLength(1);
      expect(overlapLogs.of("run.skipped", run.id)).toMatchObject([
        { reason: "finished by another attempt meanwhile" },
      ]);
      expect(await metricRows(run.id)).toHaveLength(2);
      expect(await ctx.db.evaluationRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
        status: "succeeded",
        attempts: 2,
        progress: 1,
      });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  describe("data the protocol cannot be executed on fails the run with a readable error, without retries", () => {
    async function expectFailedRun(runId: string, message: string | RegExp) {
      const done = await runToEnd(runId);
      expect(done.status).toBe("failed");
      expect(done.error).toMatch(message);
      expect(done.finishedAt).toBeInstanceOf(Date);
      expect(await metricRows(runId)).toEqual([]);
      const job = await getQueue("benchmarkRun", ctx.prefix).getJob(runId);
      await waitFor("the job to fail", async () => (await job?.getState()) === "failed");
      expect(job?.attemptsMade).toBe(1);
      expect(done.attempts).toBe(1);
    }

    it("labels that are not 0/1", async () => {
      const rows = syntheticRows(100, 15).map((r, i) => (i === 3 ? { ...r, label: 2 } : r));
      const { run } = await ctx.createRun({ rows, split: { kind: "random", testFraction: 0.99 } });
      await expectFailedRun(
        run.id,
        'Label column "label" must hold 0/1 or true/false, but 1 row does not: row "row-00003" holds 2',
      );
    });

    it("labels that are words", async () => {
      const rows = syntheticRows(50, 16).map((r) => ({ ...r, label: r.label === 1 ? "yes" : "no" }));
      const { run } = await ctx.createRun({ rows, split: { kind: "random", testFraction: 0.5 } });
      await expectFailedRun(
        run.id,
        /^Label column "label" must hold 0\/1 or true\/false, but 25 rows do not: row "row-\d+" holds "(yes|no)"$/,
      );
    });

    it("predictions missing for test rows", async () => {
      const rows = syntheticRows(100, 17);
      const { run } = await ctx.createRun({
        rows,
        predictedRows: rows.filter((r) => r.day < "2024-02-20"),
        split: { kind: "temporal", cutoff: "2024-02-01" },
      });
      const missing = rows.filter((r) => r.day >= "2024-02-20").length;
      const test = rows.filter((r) => r.day >= "2024-02-01").length;
      await expectFailedRun(
        run.id,
        `Predictions are missing for ${missing} of ${test} test rows (row ids "row-00084", "row-00085", "row-00086", "row-00087", "row-00088", …); upload a score for every row of the dataset version`,
      );
    });

    it("one class only in the test split (roc_auc undefined)", async () => {
      const rows = syntheticRows(100, 18).map((r) => (r.day >= "2024-02-01" ? { ...r, label: 0 } : r));
      const { run } = await ctx.createRun({ rows, split: { kind: "temporal", cutoff: "2024-02-01" } });
      await expectFailedRun(
        run.id,
        /^The test split \(\d+ rows\) cannot be scored: roc_auc is undefined: only one class present in labels \(all \d+ labels are 0\)$/,
      );
    });

    it("a stored file that is missing", async () => {
      const { run, datasetVersion } = await ctx.createRun({
        rows: syntheticRows(60, 19),
        split: { kind: "random", testFraction: 0.5 },
      });
      await rm(path.join(ctx.storageDir, datasetVersion.storageKey));
      await expectFailedRun(
        run.id,
        `The stored file of dataset version 1 is missing from storage (${datasetVersion.storageKey})`,
      );
    });
  });

  it("retries an unexpected error, then fails the run with a message that leaks no internals", async () => {
    const { run } = await ctx.createRun({ rows: syntheticRows(60, 20), split: { kind: "random", testFraction: 0.5 } });
    const predictions = await ctx.db.predictions.findFirstOrThrow({ where: { modelVersionId: run.modelVersionId } });
    await writeFile(path.join(ctx.storageDir, predictions.storageKey), "{ this is not a stored table");

    const done = await runToEnd(run.id);

    expect(done.status).toBe("failed");
    expect(done.error).toBe(
      `The run failed unexpectedly 3 times and was given up; the worker's log has the details (run ${run.id})`,
    );
    expect(done.attempts).toBe(3);
    expect(await metricRows(run.id)).toEqual([]);
    expect(logs.of("run.retrying", run.id)).toHaveLength(2);
    expect(logs.of("run.failed", run.id)[0]?.error).toMatch(/^SyntaxError/);
  });
});
