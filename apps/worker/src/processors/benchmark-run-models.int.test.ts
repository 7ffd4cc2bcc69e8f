import {
  applyPerturbations,
  binaryEvaluation,
  cutoffToEpochMs,
  evaluateBinary,
  fnv1a64,
  isWorse,
  randomSplit,
  rollingOriginFolds,
  rollingOriginOptionsOf,
  seedToUint64,
} from "@fieldtest/core";
import type { FoldsResult, LatencyResult, ModelResult, StressResult } from "@fieldtest/db";
import { createOutboundClient } from "@fieldtest/outbound";
import { type InferenceTestServer, logisticScore, startInferenceTestServer } from "@fieldtest/outbound/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FeatureColumn } from "../runs/feature-columns.ts";
import { scoreBuiltin } from "../runs/score-builtin.ts";
import { type RunningWorker, startWorker } from "../start-worker.ts";
import { collectLog } from "../testing/log-collector.ts";
import { type SyntheticRow, syntheticRows } from "../testing/synthetic-data.ts";
import { waitFor } from "../testing/wait-for.ts";
import { openWorkerTestContext, type WorkerTestContext } from "../testing/worker-test-context.ts";

// Versions Fieldtest scores itself: an open-inference-v2 endpoint (a real V2 server on loopback)
// and a builtin model trained on the split's train rows; stress scenarios re-score perturbed
// test features with them.

const FAST = {
  FIELDTEST_WORKER_CONCURRENCY: 2,
  FIELDTEST_WORKER_LOCK_DURATION_MS: 30_000,
  FIELDTEST_WORKER_STALLED_INTERVAL_MS: 30_000,
  FIELDTEST_SWEEP_INTERVAL_MS: 600_000,
  FIELDTEST_WORKER_THROTTLE_MS: 0,
  FIELDTEST_CODE_VERSION: "worker-int-test",
};

const MODEL = { coefficients: { temp: 0.15, windy: -0.6 }, categories: { city: { Seattle: 0.8 } }, intercept: -1.4 };
const columns = {
  temp: (r: SyntheticRow, i: number) => Math.round(r.score * 30 - 4 + ((i * 7) % 5)),
  windy: (_: SyntheticRow, i: number) => i % 2 === 0,
  city: (_: SyntheticRow, i: number) => (i % 3 === 0 ? "New York" : "Seattle"),
};
const STRESS = [
  { name: "noisy temp", perturbations: [{ kind: "gaussian_noise" as const, columns: ["temp"], factor: 0.5 }] },
  { name: "city swap", perturbations: [{ kind: "category_swap" as const, columns: ["city"], rate: 0.3 }] },
];

let ctx: WorkerTestContext;
let worker: RunningWorker;
let server: InferenceTestServer;
const client = createOutboundClient({ allow: "127.0.0.0/8", concurrency: 2 });
const logs = collectLog();

beforeAll(async () => {
  server = await startInferenceTestServer({ models: { rain: MODEL } });
  ctx = await openWorkerTestContext("models");
  worker = await startWorker({
    db: ctx.db,
    storage: ctx.storage,
    prefix: ctx.prefix,
    env: FAST,
    log: logs.log,
    outbound: () => client,
  });
});

afterAll(async () => {
  await worker?.close();
  await ctx?.close();
  client.close();
  await server?.close();
});

async function runToEnd(runId: string) {
  const { enqueue } = await import("@fieldtest/jobs");
  await enqueue("benchmarkRun", { runId }, { prefix: ctx.prefix });
  return waitFor(`run ${runId} to finish`, async () => {
    const run = await ctx.db.evaluationRun.findUniqueOrThrow({ where: { id: runId } });
    return run.status === "succeeded" || run.status === "failed" ? run : undefined;
  });
}

async function resultsOf(runId: string) {
  const rows = await ctx.db.runResult.findMany({ where: { runId } });
  return Object.fromEntries(rows.map((r) => [r.kind, r.data])) as {
    stress?: StressResult;
    latency?: LatencyResult;
    model?: ModelResult;
    folds?: FoldsResult;
  };
}

/** The feature columns of `indices` as the worker builds them from the dataset (booleans 0/1). */
function featuresOf(rows: readonly SyntheticRow[], indices: Uint32Array): FeatureColumn[] {
  return [
    {
      name: "temp",
      type: "number",
      values: Float64Array.from(indices, (i) => columns.temp(rows[i] as SyntheticRow, i)),
    },
    {
      name: "windy",
      type: "boolean",
      values: Float64Array.from(indices, (i) => Number(columns.windy(rows[i] as SyntheticRow, i))),
    },
    { name: "city", type: "string", values: Array.from(indices, (i) => columns.city(rows[i] as SyntheticRow, i)) },
  ];
}

/** The test server's model on feature columns. */
function endpointScores(features: FeatureColumn[]): Float64Array {
  const [temp, windy, city] = features;
  return Float64Array.from({ length: temp?.values.length ?? 0 }, (_, k) =>
    logisticScore(MODEL, { temp: temp?.values[k], windy: windy?.values[k], city: city?.values[k] }),
  );
}

/** A scenario's perturbed features as the worker perturbs them (booleans as categories, seed from run and name). */
function perturbed(features: FeatureColumn[], scenario: (typeof STRESS)[number], seed: number): FeatureColumn[] {
  const [temp, windy, city] = features as [FeatureColumn, FeatureColumn, FeatureColumn];
  const { features: out } = applyPerturbations({
    perturbations: scenario.perturbations,
    features: {
      numeric: { temp: temp.values as Float64Array },
      categorical: {
        city: city.values as string[],
        windy: Array.from(windy.values as Float64Array, (v) => (v === 1 ? "true" : "false")),
      },
    },
    seed: seedToUint64(seed) ^ fnv1a64(`stress:${scenario.name}`),
  });
  return [
    { name: temp.name, type: "number", values: out.numeric.temp as Float64Array },
    {
      name: windy.name,
      type: "boolean",
      values: Float64Array.from(out.categorical.windy ?? [], (v) => (v === "true" ? 1 : 0)),
    },
    { name: city.name, type: "string", values: out.categorical.city as string[] },
  ];
}

describe("an open-inference-v2 version", () => {
  it("is scored through the endpoint, stressed with perturbed features, with its latency recorded", async () => {
    const rows = syntheticRows(400, 61);
    const { run } = await ctx.createRun({
      rows,
      columns,
      split: { kind: "random", testFraction: 0.5 },
      seed: 3,
      metrics: ["roc_auc", "accuracy", "brier_score"],
      protocol: { stress: STRESS, confidence: { level: 0.95, resamples: 0 } },
      endpoint: { kind: "open_inference_v2", config: { url: server.url, modelName: "rain", batchSize: 50 } },
    });

    const done = await runToEnd(run.id);

    expect(done.error).toBeNull();
    expect(done.status).toBe("succeeded");
    const test = randomSplit({ n: 400, testFraction: 0.5, seed: 3 }).test;
    const labels = Float64Array.from(test, (i) => Number(rows[i]?.label));
    const clean = featuresOf(rows, test);
    const scores = endpointScores(clean);
    const metrics = ["roc_auc", "accuracy", "brier_score"] as const;
    const expected = evaluateBinary({ labels, scores, threshold: 0.5, metrics: [...metrics] });
    const stored = await ctx.db.metricValue.findMany({ where: { runId: run.id }, orderBy: { metric: "asc" } });
    expect(stored.map((m) => [m.metric, m.value, m.n])).toEqual(
      expected.map((v) => [v.metric, v.value, 200]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );

    const results = await resultsOf(run.id);
    const baseline = binaryEvaluation(labels, scores, { threshold: 0.5 });
    expect(results.stress?.scenarios.map((s) => s.name)).toEqual(["noisy temp", "city swap"]);
    for (const [s, scenario] of STRESS.entries()) {
      const stressed = binaryEvaluation(labels, endpointScores(perturbed(clean, scenario, 3)), { threshold: 0.5 });
      const got = results.stress?.scenarios[s];
      expect(got?.metrics).toEqual(
        metrics.map((metric) => {
          const before = baseline.metrics[metric] as number;
          const after = stressed.metrics[metric] as number;
          return {
            metric,
            baseline: before,
            stressed: after,
            delta: after - before,
            worse: isWorse(metric, after, before),
          };
        }),
      );
      expect(got?.changes[0]).toMatchObject({
        step: 0,
        column: scenario.name === "noisy temp" ? "temp" : "city",
        present: 200,
      });
    }
    // Clean and both scenarios' rows went in one scoring pass: 600 rows in calls of 50.
    expect(results.latency).toMatchObject({ protocol: "open-inference-v2", calls: 12, rows: 600 });
    expect(results.latency?.p95Ms).toBeGreaterThanOrEqual(results.latency?.p50Ms as number);
    expect(results.model).toBeUndefined();
  });

  it("fails the run once, saying why, when the endpoint's destination is refused", async () => {
    const { run } = await ctx.createRun({
      rows: syntheticRows(100, 62),
      columns,
      split: { kind: "random", testFraction: 0.5 },
      endpoint: { kind: "http_json", config: { url: "http://169.254.169.254/latest/predict" } },
    });

    const done = await runToEnd(run.id);

    expect(done.status).toBe("failed");
    expect(done.attempts).toBe(1);
    expect(done.error).toMatch(/169\.254\.169\.254|metadata/);
    expect(await ctx.db.metricValue.count({ where: { runId: run.id } })).toBe(0);
  });
});

describe("a builtin version", () => {
  it("is trained on the split's train rows and scores the test rows, with the model stored privately", async () => {
    const rows = syntheticRows(400, 63);
    const { run } = await ctx.createRun({
      rows,
      columns,
      split: { kind: "random", testFraction: 0.3 },
      seed: 8,
      metrics: ["roc_auc", "accuracy"],
      protocol: { stress: STRESS.slice(0, 1), confidence: { level: 0.95, resamples: 0 } },
      endpoint: { kind: "builtin", config: { algorithm: "logistic_regression" } },
    });

    const done = await runToEnd(run.id);

    expect(done.error).toBeNull();
    expect(done.status).toBe("succeeded");
    const { train, test } = randomSplit({ n: 400, testFraction: 0.3, seed: 8 });
    const trainLabels = Float64Array.from(train, (i) => Number(rows[i]?.label));
    const clean = featuresOf(rows, test);
    const { scores: all } = await scoreBuiltin({
      spec: { algorithm: "logistic_regression" },
      train: { features: featuresOf(rows, train), labels: trainLabels },
      test: {
        features: clean.map((c, k) => {
          const noisy = perturbed(clean, STRESS[0] as (typeof STRESS)[number], 8)[k] as FeatureColumn;
          return c.type === "string"
            ? { ...c, values: [...c.values, ...(noisy.values as string[])] }
            : { ...c, values: Float64Array.from([...c.values, ...(noisy.values as Float64Array)]) };
        }),
      },
      seed: 8,
    });
    const labels = Float64Array.from(test, (i) => Number(rows[i]?.label));
    const expected = evaluateBinary({
      labels,
      scores: all.subarray(0, test.length),
      threshold: 0.5,
      metrics: ["accuracy", "roc_auc"],
    });
    const stored = await ctx.db.metricValue.findMany({ where: { runId: run.id }, orderBy: { metric: "asc" } });
    expect(stored.map((m) => [m.metric, m.value, m.n])).toEqual(expected.map((v) => [v.metric, v.value, test.length]));
    const results = await resultsOf(run.id);
    expect(results.model).toMatchObject({
      algorithm: "logistic_regression",
      models: [{ fold: null, trainRows: train.length }],
    });
    expect(results.stress?.scenarios[0]?.metrics[0]?.stressed).toBe(
      binaryEvaluation(labels, all.subarray(test.length), { threshold: 0.5 }).metrics.roc_auc,
    );
    expect(results.latency).toBeUndefined();
  });

  it("trains one model per fold of a rolling backtest, each on rows before its test window", async () => {
    const rows = syntheticRows(400, 64);
    const split = {
      kind: "rolling",
      folds: 3,
      testWindow: { days: 10 },
      trainWindow: "expanding",
      gap: { days: 2 },
    } as const;
    const { run } = await ctx.createRun({
      rows,
      columns,
      split,
      seed: 2,
      metrics: ["roc_auc", "accuracy"],
      protocol: { confidence: { level: 0.95, resamples: 0 } },
      endpoint: { kind: "builtin", config: { algorithm: "gradient_boosting", params: { maxIterations: 20 } } },
    });

    const done = await runToEnd(run.id);

    expect(done.error).toBeNull();
    const folds = rollingOriginFolds({
      timestamps: Float64Array.from(rows, (r) => cutoffToEpochMs(r.day)),
      ...rollingOriginOptionsOf(split),
    });
    const results = await resultsOf(run.id);
    expect(results.model?.models.map((m) => [m.fold, m.trainRows])).toEqual(folds.map((f) => [f.fold, f.train.length]));
    const fold1 = folds[1] as (typeof folds)[number];
    const { scores } = await scoreBuiltin({
      spec: { algorithm: "gradient_boosting", params: { maxIterations: 20 } },
      train: {
        features: featuresOf(rows, fold1.train),
        labels: Float64Array.from(fold1.train, (i) => Number(rows[i]?.label)),
      },
      test: { features: featuresOf(rows, fold1.test) },
      seed: 2,
    });
    const expected = evaluateBinary({
      labels: Float64Array.from(fold1.test, (i) => Number(rows[i]?.label)),
      scores,
      threshold: 0.5,
      metrics: ["roc_auc", "accuracy"],
    });
    expect(results.folds?.folds[1]?.metrics.map((m) => m.value)).toEqual(expected.map((v) => v.value));
    const stored = await ctx.db.metricValue.findMany({ where: { runId: run.id }, orderBy: { metric: "asc" } });
    expect(stored.map((m) => m.value)).toEqual(
      [...(results.folds?.mean ?? [])].sort((a, b) => a.metric.localeCompare(b.metric)).map((m) => m.value),
    );
  });
});
