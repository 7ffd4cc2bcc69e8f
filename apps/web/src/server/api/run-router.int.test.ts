import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("./testing/int-env");
  return applyIntegrationEnv();
});

import { chunksOf, createDatasetVersion, directoryStorage, getDb, savePredictions } from "@fieldtest/db";
import { closeQueues, getQueue } from "@fieldtest/jobs";
import {
  callerFor,
  cleanUpCreated,
  createTwoTeams,
  DATASET_CSV,
  failure,
  migrateTestDatabase,
  PREDICTIONS_CSV,
  type TestUser,
} from "./testing/fixtures";
import { errorField } from "./trpc";

const db = getDb();

let alice: TestUser;
let bob: TestUser;
let teamA: { id: string };
let teamB: { id: string };

beforeAll(async () => {
  migrateTestDatabase(testEnv.databaseUrl);
  ({ alice, bob, teamA, teamB } = await createTwoTeams());
}, 120_000);

afterAll(async () => {
  await cleanUpCreated([teamA, teamB], [alice, bob]);
  await getQueue("benchmarkRun").obliterate({ force: true });
  await closeQueues();
  await db.$disconnect();
  await rm(testEnv.storageDir, { recursive: true, force: true });
});

/** An offline version with predictions and a benchmark on its dataset version, in team A. */
async function setup(tag: string, protocol: Record<string, unknown> = {}) {
  const api = await callerFor(alice);
  const model = await api.model.create({ teamId: teamA.id, name: `model-${tag}`, task: "binary_classification" });
  const version = await api.modelVersion.create({
    modelId: model.id,
    version: "1.0.0",
    endpoint: { protocol: "offline" },
  });
  const storage = directoryStorage(testEnv.storageDir);
  const { datasetVersion } = await createDatasetVersion({
    db,
    storage,
    teamId: teamA.id,
    datasetName: `dataset-${tag}`,
    body: chunksOf(DATASET_CSV),
    format: "csv",
    idColumn: "id",
    labelColumn: "label",
    timestampColumn: "ts",
    userId: alice.id,
  });
  await savePredictions({
    db,
    storage,
    teamId: teamA.id,
    modelVersionId: version.id,
    datasetVersionId: datasetVersion.id,
    body: chunksOf(PREDICTIONS_CSV),
    format: "csv",
    userId: alice.id,
  });
  const benchmark = await api.benchmark.create({
    name: `bench-${tag}`,
    datasetVersionId: datasetVersion.id,
    split: { kind: "random", testFraction: 0.5 },
    seed: 7,
    metrics: ["roc_auc", "accuracy"],
    threshold: 0.5,
    ...protocol,
  });
  return { api, version, benchmark };
}

describe("run.cancel", () => {
  it("cancels a queued run of the caller's team, once", async () => {
    const { api, version, benchmark } = await setup("cancel");
    const run = await api.run.create({ benchmarkId: benchmark.id, modelVersionId: version.id });

    const cancelled = await api.run.cancel({ runId: run.id });

    expect(cancelled).toMatchObject({ id: run.id, status: "cancelled" });
    const view = await api.run.byId({ runId: run.id });
    expect(view.status).toBe("cancelled");
    expect(view.cancelledAt).toBeInstanceOf(Date);
    expect(view.finishedAt).toBeInstanceOf(Date);

    const again = await failure(api.run.cancel({ runId: run.id }));
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toBe("The run has already been cancelled");
    expect(errorField(again)).toBe("runId");
  });

  it("answers NOT_FOUND for another team's run and changes nothing", async () => {
    const { api, version, benchmark } = await setup("cancel-other");
    const run = await api.run.create({ benchmarkId: benchmark.id, modelVersionId: version.id });
    const bobApi = await callerFor(bob);

    const err = await failure(bobApi.run.cancel({ runId: run.id }));

    expect(err.code).toBe("NOT_FOUND");
    expect(err.message).not.toContain(run.id);
    expect((await db.evaluationRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("queued");
    expect((await failure(bobApi.run.cancel({ runId: "not-a-uuid" }))).code).toBe("BAD_REQUEST");
  });
});

describe("run.rerun", () => {
  it("creates and enqueues a new run with the same frozen config", async () => {
    const { api, version, benchmark } = await setup("rerun");
    const run = await api.run.create({ benchmarkId: benchmark.id, modelVersionId: version.id });
    await api.run.cancel({ runId: run.id });

    const again = await api.run.rerun({ runId: run.id });

    expect(again.id).not.toBe(run.id);
    expect(again).toMatchObject({ status: "queued", rerunOfId: run.id });
    const [source, copy] = await Promise.all(
      [run.id, again.id].map((id) => db.evaluationRun.findUniqueOrThrow({ where: { id } })),
    );
    expect(copy).toMatchObject({
      config: source?.config,
      configHash: source?.configHash,
      seed: source?.seed,
      datasetHash: source?.datasetHash,
      createdById: alice.id,
      codeVersion: "web-it",
    });
    const job = await getQueue("benchmarkRun").getJob(again.id);
    expect(job?.data).toEqual({ runId: again.id });
    expect((await api.run.byId({ runId: again.id })).rerunOf?.id).toBe(run.id);
  });

  it("refuses a run still queued (CONFLICT) and another team's run (NOT_FOUND), creating nothing", async () => {
    const { api, version, benchmark } = await setup("rerun-refused");
    const run = await api.run.create({ benchmarkId: benchmark.id, modelVersionId: version.id });
    const before = await db.evaluationRun.count();

    const queued = await failure(api.run.rerun({ runId: run.id }));
    expect(queued.code).toBe("CONFLICT");
    expect(queued.message).toBe("The run is still queued: cancel it first, or wait until it ends");

    await api.run.cancel({ runId: run.id });
    const other = await failure((await callerFor(bob)).run.rerun({ runId: run.id }));
    expect(other.code).toBe("NOT_FOUND");
    expect(await db.evaluationRun.count()).toBe(before);
  });
});

describe("run.create refuses at creation what the worker cannot execute", () => {
  it("stress scenarios on an offline version, naming the field", async () => {
    const { api, version, benchmark } = await setup("stress-offline", {
      stress: [{ name: "blanks", perturbations: [{ kind: "missing_values", rate: 0.2, columns: ["segment"] }] }],
    });
    const before = await db.evaluationRun.count();

    const err = await failure(api.run.create({ benchmarkId: benchmark.id, modelVersionId: version.id }));

    expect(err.code).toBe("BAD_REQUEST");
    expect(errorField(err)).toBe("stress");
    expect(err.message).toMatch(
      /has stress scenarios \("blanks"\).*Version 1\.0\.0 is offline \(uploaded predictions\), so it cannot be stressed/,
    );
    expect(await db.evaluationRun.count()).toBe(before);
  });
});

describe("run.byId", () => {
  it("serves the public results and never the hidden holdout, the trained model or the per-row scores", async () => {
    const { api, version, benchmark } = await setup("results");
    const run = await db.evaluationRun.findUniqueOrThrow({
      where: { id: (await api.run.create({ benchmarkId: benchmark.id, modelVersionId: version.id })).id },
    });
    // Written as the worker's completion would, without running a worker; the frozen protocol keeps a
    // holdout (too few rows here for a benchmark to define one).
    const holdout = { fraction: 0.5, queryBudget: 5, mechanism: "ladder" };
    await db.evaluationRun.update({
      where: { id: run.id },
      data: { status: "succeeded", progress: 1, config: { ...(run.config as object), holdout } },
    });
    const confusion = { threshold: 0.5, tp: 1, fp: 0, tn: 1, fn: 1, n: 3 };
    await db.runResult.createMany({
      data: [
        { runId: run.id, kind: "confusion", data: confusion },
        { runId: run.id, kind: "holdout", data: { secret: "holdout score" } },
        { runId: run.id, kind: "model", data: { secret: "coefficients" } },
        { runId: run.id, kind: "scores", data: { secret: "per-row scores" } },
      ],
    });

    const view = await api.run.byId({ runId: run.id });

    expect(view.results).toEqual({ confusion });
    expect(JSON.stringify(view)).not.toContain("secret");
    expect(view.protocol).toMatchObject({
      splitKind: "random",
      hasCosts: false,
      hiddenHoldout: { fraction: 0.5, mechanism: "ladder" },
    });
    expect(view).not.toHaveProperty("config");
  });
});
