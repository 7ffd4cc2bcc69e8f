import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("./testing/int-env");
  return applyIntegrationEnv();
});

import { getDb } from "@fieldtest/db";
import { closeQueues, getQueue } from "@fieldtest/jobs";
import {
  callerFor,
  cleanUpCreated,
  createTwoTeams,
  failure,
  migrateTestDatabase,
  type TestUser,
} from "./testing/fixtures";
import { errorField } from "./trpc";

const db = getDb();

let alice: TestUser;
let bob: TestUser;
let teamA: { id: string };
let teamB: { id: string };

async function expectBadInput(call: Promise<unknown>, field: string, message?: RegExp) {
  const err = await failure(call);
  expect(err.code).toBe("BAD_REQUEST");
  expect(errorField(err)).toBe(field);
  if (message) expect(err.message).toMatch(message);
}

const COLUMNS = [
  { name: "id", type: "string", missing: 0 },
  { name: "label", type: "number", missing: 0 },
  { name: "ts", type: "timestamp", missing: 0 },
  { name: "segment", type: "string", missing: 0 },
  { name: "amount", type: "number", missing: 3 },
];

/**
 * A dataset version row of team A, written directly: the benchmark router reads only its
 * metadata (columns, timestamp column, row count), never its stored rows.
 */
async function datasetVersion(opts: { timestamped: boolean; rowCount: number }) {
  const dataset = await db.dataset.create({
    data: { teamId: teamA.id, name: `bench-data-${randomUUID().slice(0, 8)}`, createdById: alice.id },
  });
  return db.datasetVersion.create({
    data: {
      datasetId: dataset.id,
      version: 1,
      sha256: randomUUID().replaceAll("-", "").padEnd(64, "0"),
      rowCount: opts.rowCount,
      sizeBytes: 1000,
      columns: opts.timestamped ? COLUMNS : COLUMNS.filter((c) => c.name !== "ts"),
      idColumn: "id",
      labelColumn: "label",
      timestampColumn: opts.timestamped ? "ts" : null,
      storageKey: `not-read/${dataset.id}`,
      createdById: alice.id,
    },
  });
}

let timed: { id: string };
let untimed: { id: string };

beforeAll(async () => {
  migrateTestDatabase(testEnv.databaseUrl);
  ({ alice, bob, teamA, teamB } = await createTwoTeams());
  timed = await datasetVersion({ timestamped: true, rowCount: 1000 });
  untimed = await datasetVersion({ timestamped: false, rowCount: 40 });
}, 120_000);

afterAll(async () => {
  await cleanUpCreated([teamA, teamB], [alice, bob]);
  await getQueue("benchmarkRun").obliterate({ force: true });
  await closeQueues();
  await db.$disconnect();
  await rm(testEnv.storageDir, { recursive: true, force: true });
});

const benchmarkCount = () => db.benchmark.count();

describe("benchmark.create", () => {
  it("defines a protocol with each split kind and stores every field", async () => {
    const api = await callerFor(alice);
    const random = await api.benchmark.create({
      name: "split-random",
      datasetVersionId: untimed.id,
      split: { kind: "random", testFraction: 0.25 },
      metrics: ["roc_auc", "accuracy"],
      seed: 3,
    });
    const temporal = await api.benchmark.create({
      name: "split-temporal",
      description: "Churn after the February release",
      datasetVersionId: timed.id,
      split: { kind: "temporal", cutoff: "2024-02-01" },
      threshold: 0.3,
      sliceColumns: ["segment"],
      costs: { fp: 1, fn: 10 },
      stress: [{ name: "noisy amount", perturbations: [{ kind: "gaussian_noise", columns: ["amount"], factor: 0.5 }] }],
      confidence: { level: 0.9, resamples: 500 },
      holdout: { fraction: 0.2, queryBudget: 25, mechanism: "ladder" },
    });
    const rolling = await api.benchmark.create({
      name: "split-rolling",
      datasetVersionId: timed.id,
      split: { kind: "rolling", folds: 4, testWindow: { days: 7 }, trainWindow: { days: 60 }, gap: { days: 1 } },
      task: "regression",
      metrics: ["mae", "rmse"],
    });

    expect(random).toMatchObject({ version: 1, seed: 3, threshold: 0.5, task: "binary_classification" });
    expect(temporal).toMatchObject({
      description: "Churn after the February release",
      sliceColumns: ["segment"],
      costs: { fp: 1, fn: 10 },
      confidenceLevel: 0.9,
      bootstrapResamples: 500,
      holdout: { fraction: 0.2, queryBudget: 25, mechanism: "ladder" },
      stress: [{ name: "noisy amount" }],
      metrics: ["roc_auc", "average_precision", "log_loss", "brier_score", "ece", "accuracy"].concat([
        "precision",
        "recall",
        "f1",
        "balanced_accuracy",
        "mcc",
      ]),
    });
    expect(rolling).toMatchObject({ task: "regression", threshold: null, metrics: ["mae", "rmse"] });
    expect(rolling.seed).toEqual(expect.any(Number));

    const view = await api.benchmark.get({ benchmarkId: rolling.id });
    expect(view.protocol).toEqual({
      task: "regression",
      split: { kind: "rolling", folds: 4, testWindow: { days: 7 }, trainWindow: { days: 60 }, gap: { days: 1 } },
      metrics: ["mae", "rmse"],
      sliceColumns: [],
      stress: [],
      confidence: { level: 0.95, resamples: 1000 },
      seed: rolling.seed,
    });
  });

  it("defaults the split: random 20% without a timestamp column; with one, temporal, which needs a cutoff", async () => {
    const api = await callerFor(alice);
    const untimedDefault = await api.benchmark.create({ name: "split-default", datasetVersionId: untimed.id });
    expect(untimedDefault.split).toEqual({ kind: "random", testFraction: 0.2 });

    const before = await benchmarkCount();
    await expectBadInput(
      api.benchmark.create({ name: "split-default-timed", datasetVersionId: timed.id }),
      "split.cutoff",
      /has a timestamp column \(ts\), so the split is temporal/,
    );
    expect(await benchmarkCount()).toBe(before);
  });

  it("refuses what does not fit, naming the field, and writes nothing", async () => {
    const api = await callerFor(alice);
    const good = {
      name: "refused",
      datasetVersionId: timed.id,
      split: { kind: "temporal" as const, cutoff: "2024-02-01" },
    };
    const before = await benchmarkCount();
    const cases: [Parameters<typeof api.benchmark.create>[0], string, RegExp?][] = [
      [{ ...good, datasetVersionId: untimed.id }, "split.kind", /needs a timestamp column/],
      [
        { ...good, datasetVersionId: untimed.id, split: { kind: "rolling", folds: 2, testWindow: { rows: 5 } } },
        "split.kind",
      ],
      [{ ...good, split: { kind: "rolling", folds: 0, testWindow: { rows: 5 } } }, "split.folds"],
      [
        { ...good, sliceColumns: ["region"] },
        "sliceColumns.0",
        /not in dataset version 1; its feature columns are segment, amount/,
      ],
      [{ ...good, sliceColumns: ["segment", "label"] }, "sliceColumns.1", /is the label column/],
      [{ ...good, sliceColumns: ["segment", "segment"] }, "sliceColumns.1"],
      [
        {
          ...good,
          stress: [
            { name: "s", perturbations: [{ kind: "shift", columns: ["segment"], operation: "multiply", amount: 2 }] },
          ],
        },
        "stress.0.perturbations.0.columns.0",
        /shift changes numbers, and column "segment" holds string values/,
      ],
      [
        {
          ...good,
          stress: [{ name: "s", perturbations: [{ kind: "missing_values", columns: ["label"], rate: 0.1 }] }],
        },
        "stress.0.perturbations.0.columns.0",
      ],
      [
        {
          ...good,
          datasetVersionId: untimed.id,
          split: { kind: "random", testFraction: 0.5 },
          holdout: { fraction: 0.5, queryBudget: 5 },
        },
        "holdout.fraction",
        /at most 10 rows .* needs at least 50/,
      ],
      [
        {
          ...good,
          split: { kind: "rolling", folds: 2, testWindow: { days: 7 } },
          holdout: { fraction: 0.2, queryBudget: 5 },
        },
        "holdout",
      ],
      [{ ...good, holdout: { fraction: 0.2, queryBudget: 0 } }, "holdout.queryBudget"],
      [{ ...good, task: "regression", threshold: 0.5 }, "threshold"],
      [{ ...good, task: "regression", costs: { fp: 1, fn: 2 } }, "costs"],
      [
        { ...good, task: "multiclass_classification", metrics: ["roc_auc"] },
        "metrics.0",
        /not a multiclass classification metric/,
      ],
      [{ ...good, confidence: { level: 1, resamples: 1000 } }, "confidence.level"],
      [{ ...good, confidence: { level: 0.95, resamples: 5 } }, "confidence.resamples"],
      [{ ...good, costs: { fp: 1 } as { fp: number; fn: number } }, "costs.fn"],
      [{ ...good, seed: -1 }, "seed"],
      [{ ...good, name: " " }, "name"],
      [{ ...good, slices: ["segment"] } as typeof good, "input", /Unknown field "slices"/],
    ];
    for (const [input, field, message] of cases) await expectBadInput(api.benchmark.create(input), field, message);
    expect(await benchmarkCount()).toBe(before);
  });

  it("does not define a benchmark on another team's dataset version", async () => {
    const bobApi = await callerFor(bob);
    const err = await failure(
      bobApi.benchmark.create({
        name: "intruder",
        datasetVersionId: untimed.id,
        split: { kind: "random", testFraction: 0.5 },
      }),
    );
    expect(err.code).toBe("NOT_FOUND");
    expect(errorField(err)).toBe("datasetVersionId");
  });
});

describe("benchmark.revise", () => {
  async function offlineVersionWithPredictions(tag: string, datasetVersionId: string) {
    const api = await callerFor(alice);
    const model = await api.model.create({ teamId: teamA.id, name: `revise-${tag}`, task: "binary_classification" });
    const version = await api.modelVersion.create({
      modelId: model.id,
      version: "1.0.0",
      endpoint: { protocol: "offline" },
    });
    await db.predictions.create({
      data: {
        modelVersionId: version.id,
        datasetVersionId,
        sha256: "c".repeat(64),
        rowCount: 1000,
        storageKey: "not-read",
        createdById: alice.id,
      },
    });
    return version;
  }

  it("makes version v+1 carrying the changes; version v and its runs are untouched", async () => {
    const api = await callerFor(alice);
    const v1 = await api.benchmark.create({
      name: "revised",
      datasetVersionId: timed.id,
      split: { kind: "temporal", cutoff: "2024-02-01" },
      metrics: ["roc_auc", "accuracy"],
      sliceColumns: ["segment"],
      seed: 5,
    });
    const version = await offlineVersionWithPredictions("v", timed.id);
    const run = await api.run.create({ benchmarkId: v1.id, modelVersionId: version.id });
    const v1Row = await db.benchmark.findUniqueOrThrow({ where: { id: v1.id } });

    const v2 = await api.benchmark.revise({
      benchmarkId: v1.id,
      description: "Costs priced by finance",
      threshold: 0.35,
      costs: { fp: 2, fn: 15 },
      confidence: { level: 0.99, resamples: 2000 },
    });

    expect(v2).toMatchObject({
      name: "revised",
      version: 2,
      revisedFromId: v1.id,
      description: "Costs priced by finance",
      threshold: 0.35,
      costs: { fp: 2, fn: 15 },
      confidenceLevel: 0.99,
      bootstrapResamples: 2000,
      // carried from v1
      split: { kind: "temporal", cutoff: "2024-02-01" },
      metrics: ["roc_auc", "accuracy"],
      sliceColumns: ["segment"],
      seed: 5,
      datasetVersionId: timed.id,
    });
    expect(await db.benchmark.findUniqueOrThrow({ where: { id: v1.id } })).toEqual(v1Row);
    const runRow = await db.evaluationRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(runRow.benchmarkId).toBe(v1.id);
    // The run froze v1's protocol, flat beside its own keys.
    expect(runRow.config).toMatchObject({
      benchmark: { id: v1.id, name: "revised", version: 1 },
      task: "binary_classification",
      split: { kind: "temporal", cutoff: "2024-02-01" },
      metrics: ["roc_auc", "accuracy"],
      threshold: 0.5,
      sliceColumns: ["segment"],
      stress: [],
      confidence: { level: 0.95, resamples: 1000 },
      seed: 5,
    });

    const view = await api.benchmark.get({ benchmarkId: v2.id });
    expect(view.versions.map((v) => [v.version, v.runCount, v.revisedFromId])).toEqual([
      [2, 0, v1.id],
      [1, 1, null],
    ]);
    expect(view.protocol.costs).toEqual({ fp: 2, fn: 15 });
    const old = await api.benchmark.get({ benchmarkId: v1.id });
    expect(old.runs.map((r) => r.id)).toEqual([run.id]);
    expect(old.protocol.costs).toBeUndefined();

    // Revising an older version still makes the name's next version; null removes a part.
    const v3 = await api.benchmark.revise({
      benchmarkId: v2.id,
      costs: null,
      split: { kind: "random", testFraction: 0.3 },
    });
    expect(v3).toMatchObject({
      version: 3,
      revisedFromId: v2.id,
      costs: null,
      split: { kind: "random", testFraction: 0.3 },
    });
    const fromV1 = await api.benchmark.revise({ benchmarkId: v1.id, metrics: ["roc_auc"] });
    expect(fromV1).toMatchObject({ version: 4, revisedFromId: v1.id, metrics: ["roc_auc"] });
  });

  it("refuses a revision that changes nothing or does not fit, naming the field, and writes nothing", async () => {
    const api = await callerFor(alice);
    const v1 = await api.benchmark.create({
      name: "revise-refused",
      datasetVersionId: timed.id,
      split: { kind: "temporal", cutoff: "2024-02-01" },
      seed: 1,
    });
    const before = await benchmarkCount();
    const err = await failure(api.benchmark.revise({ benchmarkId: v1.id, seed: 1 }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toBe("Nothing changed: this would repeat revise-refused v1");
    await expectBadInput(api.benchmark.revise({ benchmarkId: v1.id, datasetVersionId: untimed.id }), "split.kind");
    await expectBadInput(api.benchmark.revise({ benchmarkId: v1.id, sliceColumns: ["nope"] }), "sliceColumns.0");
    await expectBadInput(api.benchmark.revise({ benchmarkId: v1.id, threshold: 2 }), "threshold");
    await expectBadInput(api.benchmark.revise({ benchmarkId: v1.id, task: "regression", threshold: 0.5 }), "threshold");
    await expectBadInput(api.benchmark.revise({ benchmarkId: "not-a-uuid" }), "benchmarkId");
    expect(await benchmarkCount()).toBe(before);
  });
});

describe("another team's benchmark", () => {
  it("is NOT_FOUND for get and revise, and absent from list", async () => {
    const aliceApi = await callerFor(alice);
    const benchmark = await aliceApi.benchmark.create({
      name: "private",
      datasetVersionId: untimed.id,
      split: { kind: "random", testFraction: 0.5 },
    });
    const bobApi = await callerFor(bob);
    const before = await benchmarkCount();
    for (const call of [
      () => bobApi.benchmark.get({ benchmarkId: benchmark.id }),
      () => bobApi.benchmark.revise({ benchmarkId: benchmark.id, threshold: 0.2 }),
    ]) {
      const err = await failure(call());
      expect(err.code).toBe("NOT_FOUND");
      expect(err.message).not.toContain(benchmark.id);
    }
    expect((await bobApi.benchmark.list({})).map((b) => b.id)).not.toContain(benchmark.id);
    expect(await benchmarkCount()).toBe(before);
  });

  it("refuses every benchmark procedure without a session", async () => {
    const anonymous = await callerFor(null);
    for (const call of [
      () => anonymous.benchmark.list({}),
      () => anonymous.benchmark.get({ benchmarkId: randomUUID() }),
      () => anonymous.benchmark.create({ name: "x", datasetVersionId: untimed.id }),
      () => anonymous.benchmark.revise({ benchmarkId: randomUUID(), seed: 2 }),
    ]) {
      expect((await failure(call())).code).toBe("UNAUTHORIZED");
    }
  });
});
