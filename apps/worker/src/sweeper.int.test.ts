import { enqueue, getQueue } from "@fieldtest/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "./start-worker.ts";
import { MAX_RUN_ATTEMPTS, sweepLostRuns } from "./sweeper.ts";
import { collectLog } from "./testing/log-collector.ts";
import { syntheticRows } from "./testing/synthetic-data.ts";
import { waitFor } from "./testing/wait-for.ts";
import { openWorkerTestContext, type WorkerTestContext } from "./testing/worker-test-context.ts";

const ENV = {
  FIELDTEST_WORKER_CONCURRENCY: 2,
  FIELDTEST_WORKER_LOCK_DURATION_MS: 30_000,
  FIELDTEST_WORKER_STALLED_INTERVAL_MS: 30_000,
  FIELDTEST_SWEEP_INTERVAL_MS: 300,
  FIELDTEST_WORKER_THROTTLE_MS: 0,
  FIELDTEST_CODE_VERSION: "worker-int-test",
};

let ctx: WorkerTestContext;
const logs = collectLog();

beforeAll(async () => {
  ctx = await openWorkerTestContext("sweeper");
});

afterAll(async () => {
  await ctx?.close();
});

const newRun = async (labels: "good" | "bad" = "good") => {
  const rows = syntheticRows(80, 31).map((r) => (labels === "bad" ? { ...r, label: 3 } : r));
  return (await ctx.createRun({ rows, split: { kind: "random", testFraction: 0.5 } })).run;
};

const runRow = (id: string) => ctx.db.evaluationRun.findUniqueOrThrow({ where: { id } });

const finished = (id: string) =>
  waitFor(`run ${id} to finish`, async () => {
    const run = await runRow(id);
    return run.status === "succeeded" || run.status === "failed" ? run : undefined;
  });

async function withWorker(test: (worker: RunningWorker) => Promise<void>) {
  const worker = await startWorker({ db: ctx.db, storage: ctx.storage, prefix: ctx.prefix, env: ENV, log: logs.log });
  try {
    await test(worker);
  } finally {
    await worker.close();
  }
}

describe("sweeper", () => {
  it("enqueues runs that have no job — at start and later — and they finish", async () => {
    // Rows only, no job: what the demo seed writes, or a web request that died between insert and enqueue.
    const beforeStart = await newRun();
    await withWorker(async () => {
      const afterStart = await newRun();
      for (const run of [beforeStart, afterStart]) {
        expect(await finished(run.id)).toMatchObject({ status: "succeeded", progress: 1, attempts: 1 });
        expect(logs.of("sweeper.enqueued", run.id)).toMatchObject([{ jobState: "missing", runStatus: "queued" }]);
        expect(await ctx.db.metricValue.count({ where: { runId: run.id } })).toBe(2);
      }
    });
  });

  it("enqueues again a run whose job completed while the row stayed unfinished", async () => {
    await withWorker(async () => {
      const run = await newRun();
      await enqueue("benchmarkRun", { runId: run.id }, { prefix: ctx.prefix });
      await finished(run.id);
      // The result was lost (e.g. a database restored from a backup taken mid-run), the job says done.
      await ctx.db.metricValue.deleteMany({ where: { runId: run.id } });
      await ctx.db.evaluationRun.update({
        where: { id: run.id },
        data: { status: "running", progress: 0.5, finishedAt: null },
      });

      const again = await waitFor("the run to succeed again", async () => {
        const row = await runRow(run.id);
        return row.status === "succeeded" ? row : undefined;
      });
      expect(again).toMatchObject({ attempts: 2, progress: 1 });
      expect(logs.of("sweeper.enqueued", run.id)).toMatchObject([{ jobState: "completed", runStatus: "running" }]);
      expect(await ctx.db.metricValue.count({ where: { runId: run.id } })).toBe(2);
    });
  });

  it("enqueues again a run whose job failed while the row stayed unfinished", async () => {
    await withWorker(async () => {
      const run = await newRun("bad");
      await enqueue("benchmarkRun", { runId: run.id }, { prefix: ctx.prefix });
      expect((await finished(run.id)).status).toBe("failed");
      // The job failed, but the row never heard of it.
      await ctx.db.evaluationRun.update({
        where: { id: run.id },
        data: { status: "queued", error: null, finishedAt: null },
      });

      const again = await waitFor("the run to fail again", async () => {
        const row = await runRow(run.id);
        return row.status === "failed" ? row : undefined;
      });
      expect(again.attempts).toBe(2);
      expect(again.error).toMatch(/^Label column "label" must hold 0\/1/);
      expect(logs.of("sweeper.enqueued", run.id)).toMatchObject([{ jobState: "failed", runStatus: "queued" }]);
    });
  });

  it("leaves a run alone while its job waits, and leaves finished runs alone", async () => {
    const prefix = ctx.newPrefix(); // no worker listens here: the job stays waiting
    const waiting = await newRun();
    await enqueue("benchmarkRun", { runId: waiting.id }, { prefix });
    const done = await newRun();
    await ctx.db.evaluationRun.update({ where: { id: done.id }, data: { status: "succeeded" } });
    const job = await getQueue("benchmarkRun", prefix).getJob(waiting.id);

    const result = await sweepLostRuns({ db: ctx.db, prefix, log: logs.log });

    expect(result.enqueued).not.toContain(waiting.id);
    expect(result.enqueued).not.toContain(done.id);
    const same = await getQueue("benchmarkRun", prefix).getJob(waiting.id);
    expect(await same?.getState()).toBe("waiting");
    expect(same?.timestamp).toBe(job?.timestamp);
    expect(await getQueue("benchmarkRun", prefix).getJob(done.id)).toBeUndefined();
  });

  it(`gives a run up after ${MAX_RUN_ATTEMPTS} attempts instead of enqueuing it forever`, async () => {
    const prefix = ctx.newPrefix();
    const run = await newRun();
    await ctx.db.evaluationRun.update({
      where: { id: run.id },
      data: { status: "running", attempts: MAX_RUN_ATTEMPTS },
    });

    const result = await sweepLostRuns({ db: ctx.db, prefix, log: logs.log });

    expect(result.gaveUp).toContain(run.id);
    expect(await getQueue("benchmarkRun", prefix).getJob(run.id)).toBeUndefined();
    expect(await runRow(run.id)).toMatchObject({
      status: "failed",
      error: `The run was given up after ${MAX_RUN_ATTEMPTS} attempts: its worker stopped before finishing each time`,
    });
  });
});
