import { bootstrapBinarySuite, cutoffToEpochMs, temporalSplit } from "@fieldtest/core";
import type { Prisma } from "@fieldtest/db";
import { enqueue, getQueue } from "@fieldtest/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "../start-worker.ts";
import { collectLog } from "../testing/log-collector.ts";
import { type SyntheticRow, syntheticRows } from "../testing/synthetic-data.ts";
import { waitFor } from "../testing/wait-for.ts";
import { openWorkerTestContext, type WorkerTestContext } from "../testing/worker-test-context.ts";

// The parts of a benchmark protocol the worker executes (confidence) and the ones it refuses for now.

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
  ctx = await openWorkerTestContext("protocol");
  worker = await startWorker({ db: ctx.db, storage: ctx.storage, prefix: ctx.prefix, env: FAST, log: logs.log });
});

afterAll(async () => {
  await worker?.close();
  await ctx?.close();
});

async function runToEnd(runId: string) {
  await enqueue("benchmarkRun", { runId }, { prefix: ctx.prefix });
  return waitFor(`run ${runId} to finish`, async () => {
    const run = await ctx.db.evaluationRun.findUniqueOrThrow({ where: { id: runId } });
    return run.status === "succeeded" || run.status === "failed" ? run : undefined;
  });
}

/** A queued run whose frozen config is changed as a protocol with more fields would have frozen it. */
async function runWithConfig(rows: readonly SyntheticRow[], change: Prisma.InputJsonObject) {
  const { run } = await ctx.createRun({ rows, split: { kind: "temporal", cutoff: "2024-02-15" }, seed: 21 });
  const config: Prisma.InputJsonObject = { ...(run.config as Prisma.InputJsonObject), ...change };
  await ctx.db.evaluationRun.update({ where: { id: run.id }, data: { config } });
  return run;
}

const metricRows = (runId: string) => ctx.db.metricValue.findMany({ where: { runId }, orderBy: { metric: "asc" } });

describe("confidence", () => {
  it("stores core's seeded bootstrap interval of every metric at the protocol's level", async () => {
    const rows = syntheticRows(300, 31);
    const run = await runWithConfig(rows, { confidence: { level: 0.9, resamples: 300 } });

    const done = await runToEnd(run.id);

    expect(done.status).toBe("succeeded");
    const test = temporalSplit({
      timestamps: Float64Array.from(rows, (r) => cutoffToEpochMs(r.day)),
      cutoff: cutoffToEpochMs("2024-02-15"),
    }).test;
    const expected = bootstrapBinarySuite({
      labels: Float64Array.from(test, (i) => Number(rows[i]?.label)),
      scores: Float64Array.from(test, (i) => rows[i]?.score as number),
      threshold: 0.5,
      metrics: ["accuracy", "roc_auc"],
      seed: 21,
      resamples: 300,
      level: 0.9,
    });
    const stored = await metricRows(run.id);
    expect(stored.map((m) => ({ metric: m.metric, lower: m.lower, upper: m.upper, level: m.level }))).toEqual([
      { metric: "accuracy", lower: expected.accuracy.lower, upper: expected.accuracy.upper, level: 0.9 },
      { metric: "roc_auc", lower: expected.roc_auc.lower, upper: expected.roc_auc.upper, level: 0.9 },
    ]);
    for (const m of stored) expect(m.lower as number).toBeLessThan(m.upper as number);
  });

  it("stores no interval when the protocol asks for 0 resamples", async () => {
    const run = await runWithConfig(syntheticRows(120, 32), { confidence: { level: 0.95, resamples: 0 } });
    expect((await runToEnd(run.id)).status).toBe("succeeded");
    const stored = await metricRows(run.id);
    expect(stored).toHaveLength(2);
    expect(stored.every((m) => m.lower === null && m.upper === null && m.level === null)).toBe(true);
  });
});

describe("a protocol with parts this worker does not execute yet", () => {
  it.each([
    [
      { split: { kind: "rolling", folds: 3, testWindow: { days: 7 } } },
      'rolling backtests \\(split "rolling", 3 folds\\)',
    ],
    [
      {
        costs: { fp: 1, fn: 8 },
        stress: [{ name: "noisy", perturbations: [{ kind: "gaussian_noise", factor: 0.5 }] }],
      },
      'decision costs \\(costs\\) and stress scenarios \\(stress: "noisy"\\)',
    ],
  ])("fails the run once, saying what is not supported yet, and scores nothing: %j", async (change, parts) => {
    const run = await runWithConfig(syntheticRows(100, 33), change);

    const done = await runToEnd(run.id);

    expect(done.status).toBe("failed");
    expect(done.error).toMatch(
      new RegExp(`^Benchmark benchmark-\\d+ v1 uses ${parts}, which this version of Fieldtest cannot run yet\\.`),
    );
    expect(done.attempts).toBe(1);
    expect(await metricRows(run.id)).toEqual([]);
    const job = await getQueue("benchmarkRun", ctx.prefix).getJob(run.id);
    await waitFor("the job to fail", async () => (await job?.getState()) === "failed");
    expect(job?.attemptsMade).toBe(1);
  });
});
