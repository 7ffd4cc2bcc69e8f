import { setTimeout as sleep } from "node:timers/promises";
import { chunksOf, savePredictions } from "@fieldtest/db";
import { removeScheduler, scheduledRunQueue, upsertScheduler } from "@fieldtest/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "../start-worker.ts";
import { collectLog } from "../testing/log-collector.ts";
import { predictionsCsv, syntheticRows } from "../testing/synthetic-data.ts";
import { waitFor } from "../testing/wait-for.ts";
import { openWorkerTestContext, type WorkerTestContext } from "../testing/worker-test-context.ts";
import { fireSchedule } from "./fire-schedule.ts";
import { reconcileSchedules } from "./reconcile.ts";

const ENV = {
  FIELDTEST_WORKER_CONCURRENCY: 2,
  FIELDTEST_WORKER_LOCK_DURATION_MS: 30_000,
  FIELDTEST_WORKER_STALLED_INTERVAL_MS: 30_000,
  FIELDTEST_SWEEP_INTERVAL_MS: 500,
  FIELDTEST_WORKER_THROTTLE_MS: 0,
  FIELDTEST_CODE_VERSION: "worker-int-test",
};
/** A few intervals of a 1 s schedule: long enough that a live scheduler would have fired. */
const QUIET_MS = 3_500;

let ctx: WorkerTestContext;
const logs = collectLog();
const rows = syntheticRows(60, 17);

beforeAll(async () => {
  ctx = await openWorkerTestContext("schedules");
});

afterAll(async () => {
  if (ctx) await scheduledRunQueue(ctx.prefix).obliterate({ force: true });
  await ctx?.close();
});

/** A benchmark and an offline model version with predictions (its first run is left to the sweeper). */
async function target() {
  const { run, datasetVersion } = await ctx.createRun({ rows, split: { kind: "random", testFraction: 0.5 } });
  const version = await ctx.db.modelVersion.findUniqueOrThrow({ where: { id: run.modelVersionId as string } });
  return { benchmarkId: run.benchmarkId as string, version, datasetVersion };
}

async function newSchedule(data: {
  benchmarkId: string;
  modelVersionId?: string;
  modelId?: string;
  stageAlias?: string;
  everySeconds?: number;
  cron?: string;
  paused?: boolean;
}) {
  return ctx.db.schedule.create({
    data: { teamId: ctx.teamId, createdById: ctx.userId, ...(data.cron ? {} : { everySeconds: 1 }), ...data },
  });
}

const scheduledRuns = (scheduleId: string) =>
  ctx.db.evaluationRun.findMany({ where: { scheduleId }, orderBy: { createdAt: "asc" } });

const runsOf = (modelVersionId: string) => ctx.db.evaluationRun.count({ where: { modelVersionId } });

async function withWorker(test: (worker: RunningWorker) => Promise<void>) {
  const worker = await startWorker({ db: ctx.db, storage: ctx.storage, prefix: ctx.prefix, env: ENV, log: logs.log });
  try {
    await test(worker);
  } finally {
    await worker.close();
  }
}

describe("schedules", () => {
  it("an interval schedule fires runs that finish; paused it stops; deleted it never fires again", async () => {
    const { benchmarkId, version } = await target();
    const schedule = await newSchedule({ benchmarkId, modelVersionId: version.id });
    await upsertScheduler(schedule, { prefix: ctx.prefix });

    await withWorker(async () => {
      const fired = await waitFor(
        "two scheduled runs to succeed",
        async () => {
          const runs = await scheduledRuns(schedule.id);
          return runs.filter((r) => r.status === "succeeded").length >= 2 ? runs : undefined;
        },
        { timeoutMs: 20_000 },
      );
      expect(fired[0]).toMatchObject({ modelVersionId: version.id, benchmarkId, createdById: ctx.userId });
      const row = await ctx.db.schedule.findUniqueOrThrow({ where: { id: schedule.id } });
      expect(row.lastFiredAt).toBeInstanceOf(Date);

      // Pause: what schedule.pause does — the row first, then the scheduler.
      await ctx.db.schedule.update({ where: { id: schedule.id }, data: { paused: true } });
      await removeScheduler(schedule.id, { prefix: ctx.prefix });
      await sleep(500); // a fire already taken may still finish
      const whenPaused = (await scheduledRuns(schedule.id)).length;
      await sleep(QUIET_MS);
      expect((await scheduledRuns(schedule.id)).length).toBe(whenPaused);
      expect(await scheduledRunQueue(ctx.prefix).getJobScheduler(schedule.id)).toBeUndefined();

      // Resume, then delete.
      await ctx.db.schedule.update({ where: { id: schedule.id }, data: { paused: false } });
      await upsertScheduler(schedule, { prefix: ctx.prefix });
      await waitFor("a fire after resuming", async () => (await scheduledRuns(schedule.id)).length > whenPaused, {
        timeoutMs: 10_000,
      });
      await ctx.db.schedule.delete({ where: { id: schedule.id } });
      expect(await removeScheduler(schedule.id, { prefix: ctx.prefix })).toBe(true);
      await sleep(500);
      const whenDeleted = await runsOf(version.id);
      await sleep(QUIET_MS);
      expect(await runsOf(version.id)).toBe(whenDeleted);
      expect(await scheduledRunQueue(ctx.prefix).getJobScheduler(schedule.id)).toBeUndefined();
      const delayed = await scheduledRunQueue(ctx.prefix).getDelayed();
      expect(delayed.filter((j) => j.data.scheduleId === schedule.id)).toEqual([]);
    });
  });

  it("a schedule deleted while Redis missed it is stopped by the worker (reconcile or its next fire)", async () => {
    const { benchmarkId, version } = await target();
    const schedule = await newSchedule({ benchmarkId, modelVersionId: version.id, everySeconds: 60 * 60 });
    await upsertScheduler(schedule, { prefix: ctx.prefix });
    // The row goes; the scheduler stays (as if Redis was down when it was deleted).
    await ctx.db.schedule.delete({ where: { id: schedule.id } });
    const before = await runsOf(version.id);
    await withWorker(async () => {
      await waitFor("the orphan scheduler to be removed", async () => {
        return (await scheduledRunQueue(ctx.prefix).getJobScheduler(schedule.id)) === undefined;
      });
    });
    expect(await runsOf(version.id)).toBe(before);
  });

  it("reconciling again (a worker restart) never duplicates schedulers and drops paused ones", async () => {
    const { benchmarkId, version } = await target();
    const queue = scheduledRunQueue(ctx.prefix);
    for (const s of await queue.getJobSchedulers(0, -1)) await queue.removeJobScheduler(s.key);
    const hourly = await newSchedule({ benchmarkId, modelVersionId: version.id, cron: "0 * * * *" });
    const daily = await newSchedule({ benchmarkId, modelVersionId: version.id, everySeconds: 24 * 60 * 60 });
    const paused = await newSchedule({ benchmarkId, modelVersionId: version.id, everySeconds: 3_600, paused: true });
    // A stale scheduler for the paused schedule (its removal was lost).
    await upsertScheduler(paused, { prefix: ctx.prefix });

    const first = await reconcileSchedules({ db: ctx.db, prefix: ctx.prefix, log: logs.log });
    expect(first.upserted.sort()).toEqual([hourly.id, daily.id].sort());
    expect(first.removed).toEqual([paused.id]);
    const next = (await queue.getJobScheduler(hourly.id))?.next;

    for (let restart = 0; restart < 2; restart++) {
      await withWorker(async () => {
        await sleep(ENV.FIELDTEST_SWEEP_INTERVAL_MS * 2);
      });
      expect(await reconcileSchedules({ db: ctx.db, prefix: ctx.prefix, log: logs.log })).toEqual({
        upserted: [],
        removed: [],
      });
    }
    expect(await queue.getJobSchedulersCount()).toBe(2);
    expect((await queue.getJobScheduler(hourly.id))?.next).toBe(next);
    const delayed = await queue.getDelayed();
    expect(delayed.filter((j) => j.data.scheduleId === hourly.id)).toHaveLength(1);
    expect(delayed.filter((j) => j.data.scheduleId === daily.id)).toHaveLength(1);
    expect(await queue.getJobScheduler(paused.id)).toBeUndefined();

    // A changed cadence is applied.
    await ctx.db.schedule.update({ where: { id: hourly.id }, data: { cron: "30 6 * * *", timezone: "Europe/Berlin" } });
    expect((await reconcileSchedules({ db: ctx.db, prefix: ctx.prefix, log: logs.log })).upserted).toEqual([hourly.id]);
    expect(await queue.getJobScheduler(hourly.id)).toMatchObject({ pattern: "30 6 * * *", tz: "Europe/Berlin" });
    await ctx.db.schedule.deleteMany({ where: { id: { in: [hourly.id, daily.id, paused.id] } } });
    await reconcileSchedules({ db: ctx.db, prefix: ctx.prefix, log: logs.log });
    expect(await queue.getJobSchedulersCount()).toBe(0);
  });

  it("stage aliases resolve when they fire: production runs the production version; a candidate that cannot run is skipped with its reason", async () => {
    const { benchmarkId, version, datasetVersion } = await target();
    const production = await ctx.db.modelVersion.create({
      data: {
        modelId: version.modelId,
        version: "2",
        stage: "production",
        endpointKind: "offline",
        createdById: ctx.userId,
        lastChangedById: ctx.userId,
      },
    });
    await savePredictions({
      db: ctx.db,
      storage: ctx.storage,
      teamId: ctx.teamId,
      modelVersionId: production.id,
      datasetVersionId: datasetVersion.id,
      body: chunksOf(predictionsCsv(rows)),
      format: "csv",
      userId: ctx.userId,
    });
    // A candidate without predictions: its runs are refused by createBenchmarkRun.
    const candidate = await ctx.db.modelVersion.create({
      data: {
        modelId: version.modelId,
        version: "3",
        stage: "candidate",
        endpointKind: "offline",
        createdById: ctx.userId,
        lastChangedById: ctx.userId,
      },
    });
    const onProduction = await newSchedule({ benchmarkId, modelId: version.modelId, stageAlias: "production" });
    const onCandidates = await newSchedule({ benchmarkId, modelId: version.modelId, stageAlias: "candidates" });

    await withWorker(async () => {
      const runs = await waitFor(
        "a production run to succeed",
        async () => {
          const found = await scheduledRuns(onProduction.id);
          return found.some((r) => r.status === "succeeded") ? found : undefined;
        },
        { timeoutMs: 20_000 },
      );
      expect(new Set(runs.map((r) => r.modelVersionId))).toEqual(new Set([production.id]));
      await waitFor("the candidate fire to be skipped", () =>
        logs.events.some((e) => e.event === "schedule.skipped" && e.scheduleId === onCandidates.id),
      );
    });
    const skip = logs.events.find((e) => e.event === "schedule.skipped" && e.scheduleId === onCandidates.id);
    expect(skip).toMatchObject({ modelVersionId: candidate.id, reason: expect.stringMatching(/no predictions/) });
    expect(await scheduledRuns(onCandidates.id)).toEqual([]);
    expect((await ctx.db.schedule.findUniqueOrThrow({ where: { id: onCandidates.id } })).lastFiredAt).toBeInstanceOf(
      Date,
    );
    await ctx.db.schedule.deleteMany({ where: { id: { in: [onProduction.id, onCandidates.id] } } });
  });

  it("a fire skips a version whose previous scheduled run is still queued or running (runs never pile up)", async () => {
    const { benchmarkId, version } = await target();
    const schedule = await newSchedule({ benchmarkId, modelVersionId: version.id });
    // No worker consumes this queue: the first fire's run stays queued.
    const prefix = ctx.newPrefix();
    const fire = (dueAt: Date) =>
      fireSchedule({ db: ctx.db, log: logs.log, prefix, codeVersion: "t", scheduleId: schedule.id, dueAt });
    const first = await fire(new Date(Date.now() - 2_000));
    expect(first).toMatchObject({ status: "fired", skipped: [] });
    const second = await fire(new Date(Date.now() - 1_000));
    const reason = `the previous scheduled run of version ${version.version} has not finished`;
    expect(second).toEqual({ status: "fired", runIds: [], skipped: [{ modelVersionId: version.id, reason }] });
    expect(logs.events).toContainEqual(
      expect.objectContaining({
        event: "schedule.skipped",
        scheduleId: schedule.id,
        modelVersionId: version.id,
        reason,
      }),
    );
    const runs = await scheduledRuns(schedule.id);
    expect(runs).toHaveLength(1);

    // Running still counts as unfinished; once it has finished, the next fire runs the version again.
    await ctx.db.evaluationRun.update({ where: { id: runs[0]?.id }, data: { status: "running" } });
    expect(await fire(new Date(Date.now() - 500))).toMatchObject({ runIds: [] });
    await ctx.db.evaluationRun.update({
      where: { id: runs[0]?.id },
      data: { status: "failed", finishedAt: new Date() },
    });
    const third = await fire(new Date());
    expect(third).toMatchObject({ status: "fired", skipped: [] });
    expect(await scheduledRuns(schedule.id)).toHaveLength(2);
    await ctx.db.schedule.delete({ where: { id: schedule.id } });
  });
});
