import { setTimeout as sleep } from "node:timers/promises";
import { createRedis, enqueue, getQueue } from "@fieldtest/jobs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { expectedMetrics } from "./testing/expected-metrics.ts";
import { deleteKeysUnder, simulateRedisRestart } from "./testing/redis-restart.ts";
import { syntheticRows } from "./testing/synthetic-data.ts";
import { waitFor } from "./testing/wait-for.ts";
import { spawnWorkerProcess, type WorkerProcess } from "./testing/worker-process.ts";
import { openWorkerTestContext, type WorkerTestContext } from "./testing/worker-test-context.ts";

// This file's own database (unless the caller chose one), so that it never drops the database of
// another worker test file running on the same server. Set before the context module reads it.
const previousDatabase = vi.hoisted(() => {
  const previous = process.env.FIELDTEST_WORKER_TEST_DATABASE;
  process.env.FIELDTEST_WORKER_TEST_DATABASE ||= "fieldtest_worker_redis_int";
  return previous;
});

// The real worker (src/main.ts) as a child process, with short locks, a test-only throttle so
// that a run lasts (20 chunks × THROTTLE_MS), and a short sweep interval: after a Redis restart
// the run's job is gone, and only the sweeper (Postgres is the source of truth) brings it back.
const LOCK_DURATION_MS = 2_000;
const STALLED_INTERVAL_MS = 1_000;
const SWEEP_INTERVAL_MS = 1_000;
const THROTTLE_MS = 250;

let ctx: WorkerTestContext;
let redis: ReturnType<typeof createRedis>;
const started: WorkerProcess[] = [];

beforeAll(async () => {
  ctx = await openWorkerTestContext("redis-restart");
  // The test's own admin connection (SCAN/DEL under its prefix, CLIENT LIST/KILL of its worker).
  redis = createRedis("worker");
});

afterEach(async () => {
  for (const child of started.splice(0)) {
    child.crash();
    await child.exited;
  }
});

afterAll(async () => {
  await ctx?.close();
  // The context obliterates only the benchmark-run queue; the scheduled-run worker's meta key
  // would stay behind under this file's prefix.
  if (ctx && redis) await deleteKeysUnder(redis, ctx.prefix);
  redis?.disconnect();
  if (previousDatabase === undefined) delete process.env.FIELDTEST_WORKER_TEST_DATABASE;
  else process.env.FIELDTEST_WORKER_TEST_DATABASE = previousDatabase;
});

function startWorkerProcess(): WorkerProcess {
  const child = spawnWorkerProcess(
    ctx.workerProcessEnv({
      FIELDTEST_WORKER_LOCK_DURATION_MS: String(LOCK_DURATION_MS),
      FIELDTEST_WORKER_STALLED_INTERVAL_MS: String(STALLED_INTERVAL_MS),
      FIELDTEST_WORKER_THROTTLE_MS: String(THROTTLE_MS),
      FIELDTEST_SWEEP_INTERVAL_MS: String(SWEEP_INTERVAL_MS),
      FIELDTEST_CODE_VERSION: "redis-restart-int-test",
    }),
  );
  started.push(child);
  return child;
}

const runRow = (id: string) => ctx.db.evaluationRun.findUniqueOrThrow({ where: { id } });

async function createSlowRun(seed: number) {
  const rows = syntheticRows(2_000, 41 + seed);
  const split = { kind: "random", testFraction: 0.5 } as const;
  const metrics = ["roc_auc", "accuracy"] as const;
  const { run } = await ctx.createRun({ rows, split, seed, metrics: [...metrics] });
  const expected = expectedMetrics({ rows, split, seed, metrics: [...metrics], threshold: 0.5 });
  await enqueue("benchmarkRun", { runId: run.id }, { prefix: ctx.prefix });
  return { run, expected };
}

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

const eventsOf = (worker: WorkerProcess, runId: string) => worker.events.filter((e) => e.runId === runId);

/** The run's row, metric values and log, with exactly one execution having written the result. */
async function expectSucceededOnce(runId: string, expected: ReturnType<typeof expectedMetrics>, worker: WorkerProcess) {
  const done = await runRow(runId);
  expect(done).toMatchObject({ status: "succeeded", progress: 1, error: null, codeVersion: "redis-restart-int-test" });
  const metrics = await ctx.db.metricValue.findMany({ where: { runId } });
  expect(metrics).toHaveLength(expected.length);
  expect(Object.fromEntries(metrics.map((m) => [m.metric, m.value]))).toEqual(
    Object.fromEntries(expected.map((e) => [e.metric, e.value])),
  );
  const events = eventsOf(worker, runId);
  expect(events.filter((e) => e.event === "run.succeeded")).toHaveLength(1);
  // Every processing start counted one attempt on the row, and the row counts nothing else.
  expect(done.attempts).toBe(events.filter((e) => e.event === "run.started").length);
  return done;
}

describe("worker process and a Redis restart", () => {
  it("finishes a run exactly once when Redis restarts (loses every key, drops connections) mid-run", {
    timeout: 180_000,
  }, async () => {
    const { run, expected } = await createSlowRun(3);
    const worker = startWorkerProcess();
    await worker.waitForEvent("worker.started");
    const caught = await waitFor(
      "the run to be running with some progress",
      async () => {
        const row = await runRow(run.id);
        return row.status === "running" && row.progress >= 0.3 && row.progress < 0.7 ? row : undefined;
      },
      { intervalMs: 50 },
    );

    const restart = await simulateRedisRestart(redis, { prefix: ctx.prefix, pid: worker.pid });
    const restartedAt = performance.now();
    expect(restart.deletedKeys).toBeGreaterThan(0);
    // The worker's BullMQ connections (a client and a blocking one per queue) and its producer
    // connection: at least the benchmark-run worker's two.
    expect(restart.killedClients).toBeGreaterThanOrEqual(2);

    const done = await succeeded(run.id);
    const succeededAt = performance.now();
    await worker.waitForEvent("run.succeeded", (e) => e.runId === run.id);
    const log = eventsOf(worker, run.id).map((e) => e.event);
    console.info(
      `redis-restart test: restarted at progress ${caught.progress.toFixed(2)} (${restart.deletedKeys} keys deleted, ` +
        `${restart.killedClients} connections killed); run succeeded ${Math.round(succeededAt - restartedAt)} ms later ` +
        `after ${done.attempts} attempt(s); run log: ${log.join(", ")}; worker errors: ${
          worker.events.filter((e) => e.event === "worker.error").length
        }`,
    );
    await expectSucceededOnce(run.id, expected, worker);
    // What happens (seen every time): the execution in flight fails its next job.updateProgress
    // ("Missing key for job", the job hash is gone) and stops with run.retrying, leaving the row
    // `running`; BullMQ cannot move the vanished job to delayed (a worker.error, not a crash); the
    // sweeper finds the job missing and enqueues it again; the new execution counts a second
    // attempt and completes the run. Asserted as invariants, not as that exact sequence: were the
    // sweeper to re-add the job before the old execution noticed, both would run and completeRun's
    // guard would turn the later one into run.skipped — still exactly one success.
    expect(log).not.toContain("run.failed");
    expect(
      worker.events.filter((e) => e.event === "sweeper.enqueued" && e.runId === run.id && e.jobState === "missing"),
    ).not.toHaveLength(0);
    expect(done.attempts).toBeGreaterThanOrEqual(1);
    expect(done.attempts).toBeLessThanOrEqual(3);

    // Nothing runs it again: several sweeps and stalled checks later, row, values and log are as they were.
    const eventCount = eventsOf(worker, run.id).length;
    await sleep(5 * SWEEP_INTERVAL_MS);
    expect(await runRow(run.id)).toEqual(done);
    expect(await ctx.db.metricValue.count({ where: { runId: run.id } })).toBe(expected.length);
    expect(eventsOf(worker, run.id)).toHaveLength(eventCount);
    expect(await (await getQueue("benchmarkRun", ctx.prefix).getJob(run.id))?.getState()).toBe("completed");

    // The worker stayed up through the restart and still takes work on its reconnected connections.
    expect(await Promise.race([worker.exited.then(() => "exited"), sleep(0, "running")])).toBe("running");
    const next = await createSlowRun(4);
    const nextDone = await succeeded(next.run.id);
    expect(nextDone.attempts).toBe(1);
    await worker.waitForEvent("run.succeeded", (e) => e.runId === next.run.id);
    await expectSucceededOnce(next.run.id, next.expected, worker);

    worker.signal("SIGTERM");
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  });
});
