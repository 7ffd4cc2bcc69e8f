import { setTimeout as sleep } from "node:timers/promises";
import { enqueue, getQueue } from "@fieldtest/jobs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectedMetrics } from "./testing/expected-metrics.ts";
import { syntheticRows } from "./testing/synthetic-data.ts";
import { waitFor } from "./testing/wait-for.ts";
import { spawnWorkerProcess, type WorkerProcess } from "./testing/worker-process.ts";
import { openWorkerTestContext, type WorkerTestContext } from "./testing/worker-test-context.ts";

// The real worker (src/main.ts) as a child process. Short locks so that BullMQ notices a dead
// worker's job within seconds instead of 30 s, and the test-only throttle so that a run lasts
// long enough (20 chunks × THROTTLE_MS) to be caught mid-flight.
const LOCK_DURATION_MS = 2_000;
const STALLED_INTERVAL_MS = 1_000;
const THROTTLE_MS = 200;

let ctx: WorkerTestContext;
const started: WorkerProcess[] = [];

beforeAll(async () => {
  ctx = await openWorkerTestContext("main");
});

afterEach(async () => {
  for (const child of started.splice(0)) {
    child.crash();
    await child.exited;
  }
});

afterAll(async () => {
  await ctx?.close();
});

function startWorkerProcess(settings: Record<string, string> = {}): WorkerProcess {
  const child = spawnWorkerProcess(
    ctx.workerProcessEnv({
      FIELDTEST_WORKER_LOCK_DURATION_MS: String(LOCK_DURATION_MS),
      FIELDTEST_WORKER_STALLED_INTERVAL_MS: String(STALLED_INTERVAL_MS),
      FIELDTEST_WORKER_THROTTLE_MS: String(THROTTLE_MS),
      // Recovery of a crashed run must come from BullMQ's stalled-job check; the sweeper sweeps only at start.
      FIELDTEST_SWEEP_INTERVAL_MS: "600000",
      FIELDTEST_CODE_VERSION: "main-int-test",
      ...settings,
    }),
  );
  started.push(child);
  return child;
}

const runRow = (id: string) => ctx.db.evaluationRun.findUniqueOrThrow({ where: { id } });

async function createSlowRun() {
  const rows = syntheticRows(2_000, 41);
  const split = { kind: "random", testFraction: 0.5 } as const;
  const { run } = await ctx.createRun({ rows, split, seed: 3, metrics: ["roc_auc", "accuracy"] });
  const expected = expectedMetrics({ rows, split, seed: 3, metrics: ["roc_auc", "accuracy"], threshold: 0.5 });
  await enqueue("benchmarkRun", { runId: run.id }, { prefix: ctx.prefix });
  return { run, expected };
}

/** Waits until the run is visibly mid-flight: running, and part of its test rows scored. */
const caughtMidRun = (runId: string) =>
  waitFor(
    "the run to be running with some progress",
    async () => {
      const row = await runRow(runId);
      return row.status === "running" && row.progress >= 0.3 && row.progress < 0.9 ? row : undefined;
    },
    { intervalMs: 50 },
  );

const succeeded = (runId: string, timeoutMs = 60_000) =>
  waitFor(
    `run ${runId} to succeed`,
    async () => {
      const row = await runRow(runId);
      if (row.status === "failed") throw new Error(`run failed: ${row.error}`);
      return row.status === "succeeded" ? row : undefined;
    },
    { timeoutMs },
  );

/** Exactly one execution wrote the result, no execution is left, and nothing changes afterwards. */
async function expectSucceededOnce(runId: string, expected: ReturnType<typeof expectedMetrics>, all: WorkerProcess[]) {
  const done = await runRow(runId);
  expect(done).toMatchObject({ status: "succeeded", progress: 1, error: null });
  const metrics = await ctx.db.metricValue.findMany({ where: { runId } });
  expect(Object.fromEntries(metrics.map((m) => [m.metric, m.value]))).toEqual(
    Object.fromEntries(expected.map((e) => [e.metric, e.value])),
  );
  const events = all.flatMap((p) => p.events).filter((e) => e.runId === runId);
  expect(events.filter((e) => e.event === "run.succeeded")).toHaveLength(1);
  expect(await (await getQueue("benchmarkRun", ctx.prefix).getJob(runId))?.getState()).toBe("completed");

  // Not stuck and not run again: several stalled checks later the row is exactly as it was.
  await sleep(3 * STALLED_INTERVAL_MS);
  expect(await runRow(runId)).toEqual(done);
  expect(await ctx.db.metricValue.count({ where: { runId } })).toBe(expected.length);
  expect(all.flatMap((p) => p.events).filter((e) => e.runId === runId)).toHaveLength(events.length);
}

describe("worker process", () => {
  it("finishes a run exactly once after the worker running it is killed", { timeout: 120_000 }, async () => {
    const { run, expected } = await createSlowRun();
    const first = startWorkerProcess();
    const caught = await caughtMidRun(run.id);

    first.crash();
    const killedAt = performance.now();
    const killedAtTime = Date.now();
    expect((await first.exited).signal).toBe("SIGKILL");
    // Orphaned: Redis still holds the job as active, Postgres the run as running.
    expect(await (await getQueue("benchmarkRun", ctx.prefix).getJob(run.id))?.getState()).toBe("active");
    expect((await runRow(run.id)).status).toBe("running");

    const second = startWorkerProcess();
    await second.waitForEvent("worker.started");
    const startedAt = performance.now();
    const done = await succeeded(run.id);
    const recoveredAt = performance.now();
    const restarted = await second.waitForEvent("run.started", (e) => e.runId === run.id);
    // The row turns succeeded inside the completing transaction; the log line follows it, so wait for it.
    await second.waitForEvent("run.succeeded", (e) => e.runId === run.id);
    console.info(
      `crash test: killed at progress ${caught.progress.toFixed(2)}; new worker up ${Math.round(startedAt - killedAt)} ms ` +
        `after the kill; it took the stalled job over ${Date.parse(String(restarted.time)) - killedAtTime} ms after the kill; ` +
        `run succeeded ${Math.round(recoveredAt - killedAt)} ms after the kill`,
    );

    expect(done.attempts).toBe(2);
    expect(first.events.filter((e) => e.runId === run.id).map((e) => e.event)).toEqual(["run.started"]);
    expect(second.events.filter((e) => e.runId === run.id).map((e) => e.event)).toEqual([
      "run.started",
      "run.succeeded",
    ]);
    await expectSucceededOnce(run.id, expected, [first, second]);

    second.signal("SIGTERM");
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });

  it("exits 0 promptly on SIGTERM when idle", { timeout: 60_000 }, async () => {
    const worker = startWorkerProcess();
    await worker.waitForEvent("worker.started");

    const signalled = performance.now();
    worker.signal("SIGTERM");
    const exit = await worker.exited;
    const took = performance.now() - signalled;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(took).toBeLessThan(3_000);
    expect(worker.events.at(-1)).toMatchObject({ event: "worker.stopped", outcome: "closed" });
  });

  it("on SIGTERM lets a running run finish within the grace period, then exits 0", { timeout: 60_000 }, async () => {
    const { run, expected } = await createSlowRun();
    const worker = startWorkerProcess({ FIELDTEST_WORKER_SHUTDOWN_GRACE_MS: "30000" });
    await caughtMidRun(run.id);

    worker.signal("SIGTERM");
    expect(await worker.exited).toEqual({ code: 0, signal: null });

    expect(worker.events.map((e) => e.event).filter((e) => e !== "sweeper.enqueued")).toEqual([
      "worker.started",
      "run.started",
      "worker.stopping",
      "run.succeeded",
      "worker.stopped",
    ]);
    await expectSucceededOnce(run.id, expected, [worker]);
  });

  it("on SIGTERM exits 0 when the grace period ends, and the next worker finishes the run", {
    timeout: 120_000,
  }, async () => {
    const { run, expected } = await createSlowRun();
    const first = startWorkerProcess({ FIELDTEST_WORKER_SHUTDOWN_GRACE_MS: "300" });
    await caughtMidRun(run.id);

    const signalled = performance.now();
    first.signal("SIGTERM");
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(performance.now() - signalled).toBeLessThan(2_000);
    expect(first.events.at(-1)).toMatchObject({ event: "worker.stopped", outcome: "grace expired" });
    expect((await runRow(run.id)).status).toBe("running");

    const second = startWorkerProcess();
    await succeeded(run.id);
    await second.waitForEvent("run.succeeded", (e) => e.runId === run.id);
    await expectSucceededOnce(run.id, expected, [first, second]);
  });
});
