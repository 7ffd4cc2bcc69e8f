import {
  bootstrapBinarySuite,
  confusionMatrix,
  costCurve,
  costOptimalThreshold,
  cutoffToEpochMs,
  ece,
  evaluateBinary,
  expectedCost,
  fnv1a64,
  precisionRecallCurve,
  randomSplit,
  reliabilityDiagram,
  rocCurve,
  rollingOriginFolds,
  rollingOriginOptionsOf,
  seedToUint64,
  sliceMetrics,
  temporalSplit,
} from "@fieldtest/core";
import type {
  ConfusionResult,
  CostsResult,
  CurvesResult,
  FoldsResult,
  HoldoutResult,
  Prisma,
  ReliabilityResult,
  SlicesResult,
} from "@fieldtest/db";
import { enqueue, getQueue } from "@fieldtest/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "../start-worker.ts";
import { collectLog } from "../testing/log-collector.ts";
import { type SyntheticRow, syntheticRows } from "../testing/synthetic-data.ts";
import { waitFor } from "../testing/wait-for.ts";
import { openWorkerTestContext, type WorkerTestContext } from "../testing/worker-test-context.ts";

// Every part of a benchmark protocol the worker executes on an offline version's uploaded
// predictions, each checked against core's own functions on the same rows.

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

const metricRows = (runId: string) =>
  ctx.db.metricValue.findMany({ where: { runId }, orderBy: [{ slice: "asc" }, { metric: "asc" }] });

async function resultsOf(runId: string) {
  const rows = await ctx.db.runResult.findMany({ where: { runId } });
  return Object.fromEntries(rows.map((r) => [r.kind, r.data])) as {
    curves?: CurvesResult;
    reliability?: ReliabilityResult;
    confusion?: ConfusionResult;
    costs?: CostsResult;
    slices?: SlicesResult;
    folds?: FoldsResult;
    holdout?: HoldoutResult;
  };
}

/** Labels and scores of the given rows, straight from the synthetic data (no files, no join). */
function columnsOf(rows: readonly SyntheticRow[], indices: Uint32Array) {
  return {
    labels: Float64Array.from(indices, (i) => Number(rows[i]?.label)),
    scores: Float64Array.from(indices, (i) => rows[i]?.score as number),
  };
}

const randomTest = (n: number, testFraction: number, seed: number) => randomSplit({ n, testFraction, seed }).test;

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
      ...columnsOf(rows, test),
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

describe("curves, reliability, confusion matrix and decision costs", () => {
  it("equal core's on the test rows", async () => {
    const rows = syntheticRows(500, 41);
    const costs = { fp: 1, fn: 5 };
    const { run } = await ctx.createRun({
      rows,
      split: { kind: "random", testFraction: 0.4 },
      seed: 9,
      metrics: ["roc_auc", "accuracy", "ece"],
      threshold: 0.45,
      protocol: { costs, confidence: { level: 0.95, resamples: 0 } },
    });

    expect((await runToEnd(run.id)).status).toBe("succeeded");

    const { labels, scores } = columnsOf(rows, randomTest(500, 0.4, 9));
    const results = await resultsOf(run.id);
    expect(Object.keys(results).sort()).toEqual(["confusion", "costs", "curves", "reliability", "scores"]);

    const curves = results.curves as CurvesResult;
    expect(curves.roc).toEqual(rocCurve(labels, scores));
    expect(curves.pr).toEqual(precisionRecallCurve(labels, scores));
    const positives = labels.reduce((a, b) => a + b, 0);
    expect(curves).toMatchObject({ n: 200, positives, negatives: 200 - positives, prevalence: positives / 200 });

    const confusion = confusionMatrix(labels, scores, 0.45);
    expect(results.confusion).toEqual({ ...confusion, n: 200 });
    expect(curves.atThreshold).toEqual({
      threshold: 0.45,
      tpr: confusion.tp / positives,
      fpr: confusion.fp / (200 - positives),
      precision: confusion.tp / (confusion.tp + confusion.fp),
      recall: confusion.tp / positives,
    });

    expect(results.reliability?.bins).toEqual(reliabilityDiagram(labels, scores));
    expect(results.reliability?.ece).toBe(ece(labels, scores));

    const optimal = costOptimalThreshold({ labels, scores, costs });
    const atThreshold = expectedCost({ labels, scores, threshold: 0.45, costs });
    const stored = results.costs as CostsResult;
    expect(stored.costs).toEqual({ fp: 1, fn: 5, tp: 0, tn: 0 });
    expect(stored.optimal).toEqual({ ...optimal, allNegative: false });
    expect(stored.atThreshold).toEqual({ ...atThreshold, allNegative: false });
    expect(stored.optimal.expectedCost).toBeLessThanOrEqual(stored.atThreshold.expectedCost);
    const curve = costCurve({ labels, scores, costs });
    expect(stored.curve).toEqual(
      curve.points.map((p) => ({
        threshold: Number.isFinite(p.threshold) ? p.threshold : null,
        expectedCost: p.expectedCost,
      })),
    );
    expect(stored.curve.at(-1)?.threshold).toBeNull();
    expect(curves.atCostOptimal?.threshold).toBe(optimal.threshold);
  });
});

describe("slices", () => {
  const segment = (_: SyntheticRow, i: number) =>
    i % 50 === 1 ? "west" : i % 23 === 0 ? null : (["north", "south", "east"][i % 3] as string);

  it("stores each slice's metrics (also as MetricValue rows) and the worst slice, as core computes them", async () => {
    const rows = syntheticRows(600, 42);
    const { run } = await ctx.createRun({
      rows,
      columns: { segment },
      split: { kind: "random", testFraction: 0.5 },
      seed: 4,
      metrics: ["roc_auc", "accuracy"],
      protocol: { sliceColumns: ["segment"], confidence: { level: 0.9, resamples: 200 } },
    });

    expect((await runToEnd(run.id)).status).toBe("succeeded");

    const test = randomTest(600, 0.5, 4);
    const expected = sliceMetrics({
      ...columnsOf(rows, test),
      slices: Array.from(test, (i) => segment(rows[i] as SyntheticRow, i)),
      threshold: 0.5,
      metrics: ["roc_auc", "accuracy"],
      minSliceSize: 30,
      bootstrap: { seed: 4, resamples: 200, level: 0.9 },
    });
    const stored = (await resultsOf(run.id)).slices as SlicesResult;
    expect(stored.minSliceSize).toBe(30);
    const [column] = stored.columns;
    expect(column?.column).toBe("segment");
    expect(column?.slices.map((s) => s.slice)).toEqual(["east", "north", "south", "west", "(missing)"]);
    for (const slice of expected.slices) {
      const got = column?.slices.find((s) => s.slice === slice.slice);
      expect(got).toMatchObject({ n: slice.n, insufficient: slice.insufficient, key: `segment=${slice.slice}` });
      for (const metric of ["roc_auc", "accuracy"] as const) {
        const m = got?.metrics.find((x) => x.metric === metric);
        expect(m?.value).toBe(slice.metrics[metric]);
        expect(m?.lower ?? null).toBe(slice.intervals?.[metric]?.lower ?? null);
        expect(m?.upper ?? null).toBe(slice.intervals?.[metric]?.upper ?? null);
      }
    }
    expect(column?.slices.find((s) => s.slice === "west")?.insufficient).toBe(true);
    const worst = column?.worst.find((w) => w.metric === "roc_auc");
    expect(worst).toMatchObject({
      slice: expected.worst.roc_auc?.slice,
      value: expected.worst.roc_auc?.value,
      n: expected.worst.roc_auc?.n,
      key: `segment=${expected.worst.roc_auc?.slice}`,
    });

    const sliceRows = (await metricRows(run.id)).filter((m) => m.slice !== "");
    const expectedRows = expected.slices.flatMap((s) =>
      (["accuracy", "roc_auc"] as const)
        .filter((metric) => s.metrics[metric] !== null)
        .map((metric) => ({ slice: `segment=${s.slice}`, metric, value: s.metrics[metric], n: s.n })),
    );
    expect(sliceRows.map((m) => ({ slice: m.slice, metric: m.metric, value: m.value, n: m.n }))).toEqual(
      expectedRows.sort((a, b) =>
        a.slice === b.slice ? a.metric.localeCompare(b.metric) : a.slice < b.slice ? -1 : 1,
      ),
    );
    // The whole test set is still there, beside the slices.
    expect((await metricRows(run.id)).filter((m) => m.slice === "").map((m) => m.n)).toEqual([300, 300]);
  });
});

describe("rolling backtest", () => {
  it("stores each fold's metrics with intervals and, as the run's metrics, their mean across folds", async () => {
    const rows = syntheticRows(600, 43);
    const split = {
      kind: "rolling",
      folds: 3,
      testWindow: { days: 10 },
      trainWindow: "expanding",
      gap: { days: 0 },
    } as const;
    const { run } = await ctx.createRun({
      rows,
      split,
      seed: 5,
      metrics: ["roc_auc", "accuracy"],
      protocol: { confidence: { level: 0.9, resamples: 200 } },
    });

    expect((await runToEnd(run.id)).status).toBe("succeeded");

    const timestamps = Float64Array.from(rows, (r) => cutoffToEpochMs(r.day));
    const folds = rollingOriginFolds({ timestamps, ...rollingOriginOptionsOf(split) });
    const stored = (await resultsOf(run.id)).folds as FoldsResult;
    expect(stored.folds).toHaveLength(3);
    const perFold = folds.map((fold, k) => {
      const { labels, scores } = columnsOf(rows, fold.test);
      const metrics = ["roc_auc", "accuracy"] as const;
      const values = evaluateBinary({ labels, scores, threshold: 0.5, metrics });
      const intervals = bootstrapBinarySuite({
        labels,
        scores,
        threshold: 0.5,
        metrics,
        seed: 5,
        resamples: 200,
        level: 0.9,
      });
      const got = stored.folds[k];
      expect(got).toMatchObject({
        fold: k,
        trainRows: fold.train.length,
        testRows: fold.test.length,
        testStart: new Date(fold.testStart).toISOString(),
        testEnd: new Date(fold.testEnd).toISOString(),
      });
      expect(got?.metrics.map((m) => [m.metric, m.value, m.lower, m.upper, m.n])).toEqual(
        values.map((v) => {
          const interval = intervals[v.metric as (typeof metrics)[number]];
          return [v.metric, v.value, interval.lower, interval.upper, fold.test.length];
        }),
      );
      return values;
    });
    const mean = (metric: string) =>
      perFold.reduce((sum, values) => sum + (values.find((v) => v.metric === metric)?.value as number), 0) / 3;
    const testRows = folds.reduce((n, f) => n + f.test.length, 0);
    expect(
      (await metricRows(run.id)).map((m) => ({ metric: m.metric, value: m.value, n: m.n, lower: m.lower })),
    ).toEqual([
      { metric: "accuracy", value: mean("accuracy"), n: testRows, lower: null },
      { metric: "roc_auc", value: mean("roc_auc"), n: testRows, lower: null },
    ]);
    expect(stored.mean).toEqual([
      { metric: "roc_auc", value: mean("roc_auc"), folds: 3 },
      { metric: "accuracy", value: mean("accuracy"), folds: 3 },
    ]);
    // The curves pool every fold's test rows.
    const pooled = Uint32Array.from(folds.flatMap((f) => Array.from(f.test)));
    const { labels, scores } = columnsOf(rows, pooled);
    expect((await resultsOf(run.id)).curves?.roc).toEqual(rocCurve(labels, scores));
  });

  it("fails the run, naming the split, when the data cannot hold the folds", async () => {
    const { run } = await ctx.createRun({
      rows: syntheticRows(120, 44),
      split: { kind: "rolling", folds: 10, testWindow: { days: 30 }, trainWindow: "expanding", gap: { days: 0 } },
    });
    const done = await runToEnd(run.id);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(
      /^The rolling backtest cannot be cut from this dataset version: rollingOriginFolds: fold 0 of 10 has 0 test rows .*use fewer folds or a wider test window$/,
    );
    expect(done.attempts).toBe(1);
  });
});

describe("hidden holdout", () => {
  it("carves holdout rows out of the test rows with the run's seed; public metrics exclude them; the holdout is stored privately", async () => {
    const rows = syntheticRows(800, 45);
    const holdout = { fraction: 0.25, queryBudget: 20, mechanism: "thresholdout" } as const;
    const { run } = await ctx.createRun({
      rows,
      split: { kind: "random", testFraction: 0.5 },
      seed: 13,
      metrics: ["roc_auc", "accuracy"],
      protocol: { holdout, confidence: { level: 0.95, resamples: 0 } },
    });

    expect((await runToEnd(run.id)).status).toBe("succeeded");

    const test = randomTest(800, 0.5, 13);
    const carve = randomSplit({ n: test.length, testFraction: 0.25, seed: seedToUint64(13) ^ fnv1a64("holdout") });
    const publicRows = Uint32Array.from(carve.train, (k) => test[k] as number);
    const hiddenRows = Uint32Array.from(carve.test, (k) => test[k] as number);
    expect(hiddenRows).toHaveLength(100);

    const pub = columnsOf(rows, publicRows);
    const expectedPublic = evaluateBinary({ ...pub, threshold: 0.5, metrics: ["accuracy", "roc_auc"] });
    expect((await metricRows(run.id)).map((m) => ({ metric: m.metric, value: m.value, n: m.n }))).toEqual(
      expectedPublic,
    );
    const results = await resultsOf(run.id);
    expect(results.confusion?.n).toBe(300);

    const hidden = columnsOf(rows, hiddenRows);
    const stored = results.holdout as HoldoutResult;
    expect(stored).toMatchObject({
      mechanism: "thresholdout",
      queryBudget: 20,
      fraction: 0.25,
      rows: 100,
      publicRows: 300,
    });
    expect(stored.holdout.map((m) => [m.metric, m.value, m.n])).toEqual(
      evaluateBinary({ ...hidden, threshold: 0.5, metrics: ["roc_auc", "accuracy"] }).map((v) => [
        v.metric,
        v.value,
        100,
      ]),
    );
    expect(stored.public.map((m) => [m.metric, m.value]).sort()).toEqual(
      expectedPublic.map((v) => [v.metric, v.value]).sort(),
    );
    // The Ladder's per-row losses need the holdout rows' labels and scores: stored in a blob.
    const blob = await ctx.storage.get(stored.rowsKey);
    const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
    const floats = Array.from({ length: 200 }, (_, i) => view.getFloat64(8 * i, true));
    expect(floats).toEqual([...hidden.labels, ...hidden.scores]);
  });
});

describe("what run creation refuses, naming the field, and what the worker refuses as a backstop", () => {
  const noisy = [{ name: "noisy", perturbations: [{ kind: "gaussian_noise" as const, factor: 0.5 }] }];

  it("refuses stress scenarios for an offline version at creation, and creates no run", async () => {
    const before = await ctx.db.evaluationRun.count();
    const created = ctx.createRun({
      rows: syntheticRows(100, 46),
      columns: { x: (r) => r.score },
      split: { kind: "random", testFraction: 0.5 },
      protocol: { stress: noisy },
    });
    await expect(created).rejects.toMatchObject({
      code: "BAD_INPUT",
      field: "stress",
      message: expect.stringMatching(
        /has stress scenarios \("noisy"\), .* Version 1 is offline \(uploaded predictions\), so it cannot be stressed/,
      ),
    });
    expect(await ctx.db.evaluationRun.count()).toBe(before);
  });

  it("fails a queued run whose frozen config asks for stress on an offline version, scoring nothing", async () => {
    const run = await runWithConfig(syntheticRows(100, 47), { stress: noisy });

    const done = await runToEnd(run.id);

    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/^Benchmark benchmark-\d+ v1 has stress scenarios \("noisy"\).*Nothing was scored\.$/);
    expect(done.attempts).toBe(1);
    expect(await metricRows(run.id)).toEqual([]);
    expect(await ctx.db.runResult.count({ where: { runId: run.id } })).toBe(0);
    const job = await getQueue("benchmarkRun", ctx.prefix).getJob(run.id);
    await waitFor("the job to fail", async () => (await job?.getState()) === "failed");
    expect(job?.attemptsMade).toBe(1);
  });
});
