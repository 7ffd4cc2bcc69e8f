import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("./testing/int-env");
  return applyIntegrationEnv();
});

import { chunksOf, createDatasetVersion, directoryStorage, getDb, savePredictions } from "@fieldtest/db";
import { closeQueues, getQueue } from "@fieldtest/jobs";
import { TRPCError } from "@trpc/server";
import { auth } from "../auth";
import { VERSION_RUNS_SHOWN } from "./routers/model";
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

/** Awaits a call that must fail and returns its tRPC error. */

async function expectBadInput(call: Promise<unknown>, field: string) {
  const err = await failure(call);
  expect(err.code).toBe("BAD_REQUEST");
  expect(errorField(err)).toBe(field);
}

const rowCounts = async () => ({
  models: await db.model.count(),
  versions: await db.modelVersion.count(),
  benchmarks: await db.benchmark.count(),
  runs: await db.evaluationRun.count(),
});

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

/** A model, an offline version, a dataset version with its predictions, all in team A. */
async function aliceSetup(tag: string) {
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
  return { api, model, version, datasetVersion, storage };
}

describe("authentication", () => {
  it("refuses every call without a session", async () => {
    const anonymous = await callerFor(null);
    for (const call of [
      () => anonymous.team.list(),
      () => anonymous.model.portfolio({}),
      () => anonymous.model.create({ teamId: teamA.id, name: "x", task: "binary_classification" }),
      () => anonymous.dataset.list(),
      () => anonymous.benchmark.list({}),
    ]) {
      expect((await failure(call())).code).toBe("UNAUTHORIZED");
    }
  });

  it("refuses a forged session cookie", async () => {
    const forged = await callerFor({ ...alice, cookie: "better-auth.session_token=forged.value" });
    expect((await failure(forged.model.portfolio({}))).code).toBe("UNAUTHORIZED");
  });

  it("refuses sign-up, over HTTP and server-side, and writes no user", async () => {
    const email = "stranger@web-it.test";
    const body = { name: "Stranger", email, password: "correct horse battery staple" };
    const users = await db.user.count();
    const response = await auth.handler(
      new Request("http://localhost:3000/api/auth/sign-up/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000" },
        body: JSON.stringify(body),
      }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "EMAIL_PASSWORD_SIGN_UP_DISABLED" });
    await expect(auth.api.signUpEmail({ body })).rejects.toMatchObject({
      body: { code: "EMAIL_PASSWORD_SIGN_UP_DISABLED" },
    });
    expect(await db.user.count({ where: { email } })).toBe(0);
    expect(await db.user.count()).toBe(users);
  });
});

describe("team scoping", () => {
  it("lists the caller's teams with their role", async () => {
    const teams = await (await callerFor(alice)).team.list();
    expect(teams).toEqual([expect.objectContaining({ id: teamA.id, name: "Alpha", role: "member" })]);
  });

  it("never shows or accepts another team's objects", async () => {
    const { model, version, datasetVersion, api: aliceApi } = await aliceSetup("scope");
    const benchmark = await aliceApi.benchmark.create({
      name: "scope-bench",
      datasetVersionId: datasetVersion.id,
      split: { kind: "random", testFraction: 0.5 },
      metrics: ["roc_auc"],
      threshold: 0.5,
    });
    const bobApi = await callerFor(bob);
    const before = await rowCounts();

    expect((await bobApi.model.portfolio({})).rows.map((m) => m.id)).not.toContain(model.id);
    expect((await bobApi.dataset.list()).map((d) => d.id)).not.toContain(datasetVersion.datasetId);
    expect((await bobApi.benchmark.list({})).map((b) => b.id)).not.toContain(benchmark.id);
    expect(await bobApi.benchmark.list({ teamId: teamA.id })).toEqual([]);

    for (const call of [
      () => bobApi.model.byId({ modelId: model.id }),
      () => bobApi.modelVersion.byId({ modelVersionId: version.id }),
      () => bobApi.dataset.byId({ datasetId: datasetVersion.datasetId }),
      () =>
        bobApi.run.listByVersion({ modelVersionId: version.id }).then((runs) => {
          if (runs.length === 0) throw new TRPCError({ code: "NOT_FOUND" });
        }),
      () => bobApi.model.create({ teamId: teamA.id, name: "intruder", task: "binary_classification" }),
      () => bobApi.modelVersion.create({ modelId: model.id, version: "9.9.9", endpoint: { protocol: "offline" } }),
      () =>
        bobApi.benchmark.create({
          name: "intruder",
          datasetVersionId: datasetVersion.id,
          split: { kind: "random", testFraction: 0.5 },
          metrics: ["roc_auc"],
          threshold: 0.5,
        }),
      () => bobApi.run.create({ benchmarkId: benchmark.id, modelVersionId: version.id }),
    ]) {
      expect((await failure(call())).code).toBe("NOT_FOUND");
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("hides another team's run", async () => {
    const { api, version, datasetVersion, storage } = await aliceSetup("run-scope");
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
      name: "run-scope-bench",
      datasetVersionId: datasetVersion.id,
      split: { kind: "temporal", cutoff: "2024-01-04" },
      metrics: ["roc_auc", "accuracy"],
      threshold: 0.5,
    });
    const run = await api.run.create({ benchmarkId: benchmark.id, modelVersionId: version.id });
    const err = await failure((await callerFor(bob)).run.byId({ runId: run.id }));
    expect(err.code).toBe("NOT_FOUND");
    expect(err.message).not.toContain(run.id);
  });
});

describe("model.byId", () => {
  it("returns the latest VERSION_RUNS_SHOWN runs of a version and says when older ones were left out", async () => {
    const { api, model, version } = await aliceSetup("byid-runs");
    const run = (i: number) => ({
      teamId: teamA.id,
      kind: "benchmark" as const,
      status: "succeeded" as const,
      modelVersionId: version.id,
      seed: 7,
      datasetHash: "d",
      configHash: "c",
      config: {},
      codeVersion: "web-it",
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    });
    await db.evaluationRun.createMany({ data: Array.from({ length: VERSION_RUNS_SHOWN }, (_, i) => run(i)) });
    const full = (await api.model.byId({ modelId: model.id })).versions[0];
    expect(full?.runs).toHaveLength(VERSION_RUNS_SHOWN);
    expect(full?.runsTruncated).toBe(false);

    await db.evaluationRun.createMany({ data: [run(VERSION_RUNS_SHOWN), run(VERSION_RUNS_SHOWN + 1)] });
    const latest = (await api.model.byId({ modelId: model.id })).versions[0];
    expect(latest?.runs).toHaveLength(VERSION_RUNS_SHOWN);
    expect(latest?.runsTruncated).toBe(true);
    expect(latest?.runs[0]?.createdAt).toEqual(run(VERSION_RUNS_SHOWN + 1).createdAt);
    expect(latest?.runs.at(-1)?.createdAt).toEqual(run(2).createdAt);
  });
});

describe("bad input names the field and writes nothing", () => {
  it("model.create", async () => {
    const api = await callerFor(alice);
    const before = await rowCounts();
    await expectBadInput(api.model.create({ teamId: teamA.id, name: "  ", task: "binary_classification" }), "name");
    await expectBadInput(api.model.create({ teamId: teamA.id, name: "ok", task: "ranking" as "regression" }), "task");
    await expectBadInput(api.model.create({ teamId: "not-a-uuid", name: "ok", task: "regression" }), "teamId");
    expect(await rowCounts()).toEqual(before);
  });

  it("model.create of a name the team already has is a CONFLICT on name", async () => {
    const api = await callerFor(alice);
    await api.model.create({ teamId: teamA.id, name: "twice", task: "regression" });
    const err = await failure(api.model.create({ teamId: teamA.id, name: "twice", task: "regression" }));
    expect(err.code).toBe("CONFLICT");
    expect(errorField(err)).toBe("name");
  });

  it("modelVersion.create of a version the model already has is a CONFLICT on version", async () => {
    const api = await callerFor(alice);
    const model = await api.model.create({ teamId: teamA.id, name: "versions-twice", task: "binary_classification" });
    await api.modelVersion.create({ modelId: model.id, version: "1.0.0", endpoint: { protocol: "offline" } });
    const err = await failure(
      api.modelVersion.create({ modelId: model.id, version: "1.0.0", endpoint: { protocol: "offline" } }),
    );
    expect(err.code).toBe("CONFLICT");
    expect(errorField(err)).toBe("version");
    expect(err.message).toContain("1.0.0");
  });

  it("modelVersion.create", async () => {
    const api = await callerFor(alice);
    const model = await api.model.create({ teamId: teamA.id, name: "versions-bad", task: "binary_classification" });
    const before = await rowCounts();
    await expectBadInput(
      api.modelVersion.create({ modelId: model.id, version: "", endpoint: { protocol: "offline" } }),
      "version",
    );
    await expectBadInput(
      api.modelVersion.create({ modelId: model.id, version: "has space", endpoint: { protocol: "offline" } }),
      "version",
    );
    await expectBadInput(
      api.modelVersion.create({ modelId: model.id, version: "1", endpoint: { protocol: "grpc" as "offline" } }),
      "endpoint.protocol",
    );
    // The destination policy: loopback is allowed only when FIELDTEST_OUTBOUND_ALLOW lists it;
    // cloud metadata never; credentials never go in the URL.
    await expectBadInput(
      api.modelVersion.create({
        modelId: model.id,
        version: "1",
        endpoint: { protocol: "http-json", url: "http://169.254.169.254/latest/meta-data" },
      }),
      "endpoint.url",
    );
    await expectBadInput(
      api.modelVersion.create({
        modelId: model.id,
        version: "1",
        endpoint: { protocol: "http-json", url: "http://user:pw@example.com/predict" },
      }),
      "endpoint.url",
    );
    await expectBadInput(
      api.modelVersion.create({
        modelId: model.id,
        version: "1",
        endpoint: { protocol: "open-inference-v2", url: "http://10.1.2.3:8080", modelName: "m" },
      }),
      "endpoint.url",
    );
    expect(await rowCounts()).toEqual(before);
  });

  it("benchmark.create", async () => {
    const { api, datasetVersion } = await aliceSetup("bench-bad");
    const { datasetVersion: untimed } = await createDatasetVersion({
      db,
      storage: directoryStorage(testEnv.storageDir),
      teamId: teamA.id,
      datasetName: "untimed",
      body: chunksOf("id,label\na,1\nb,0\n"),
      format: "csv",
      idColumn: "id",
      labelColumn: "label",
      userId: alice.id,
    });
    const good = {
      name: "bench",
      datasetVersionId: datasetVersion.id,
      split: { kind: "random" as const, testFraction: 0.3 },
      metrics: ["roc_auc" as const],
      threshold: 0.5,
    };
    const before = await rowCounts();
    await expectBadInput(api.benchmark.create({ ...good, name: "" }), "name");
    await expectBadInput(api.benchmark.create({ ...good, threshold: 1.5 }), "threshold");
    await expectBadInput(api.benchmark.create({ ...good, threshold: -0.1 }), "threshold");
    await expectBadInput(api.benchmark.create({ ...good, metrics: [] }), "metrics");
    await expectBadInput(api.benchmark.create({ ...good, metrics: ["f2" as "roc_auc"] }), "metrics.0");
    await expectBadInput(
      api.benchmark.create({ ...good, split: { kind: "random", testFraction: 1 } }),
      "split.testFraction",
    );
    await expectBadInput(
      api.benchmark.create({ ...good, split: { kind: "temporal", cutoff: "yesterday" } }),
      "split.cutoff",
    );
    await expectBadInput(api.benchmark.create({ ...good, seed: -1 }), "seed");
    await expectBadInput(
      api.benchmark.create({
        ...good,
        datasetVersionId: untimed.id,
        split: { kind: "temporal", cutoff: "2024-01-01" },
      }),
      "split.kind",
    );
    expect(await rowCounts()).toEqual(before);

    // The same name again is the benchmark's next version.
    const first = await api.benchmark.create(good);
    const second = await api.benchmark.create({ ...good, threshold: 0.4 });
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(first.seed).toEqual(expect.any(Number));
  });

  it("run.create", async () => {
    const { api, version, datasetVersion } = await aliceSetup("run-bad");
    const benchmark = await api.benchmark.create({
      name: "run-bad-bench",
      datasetVersionId: datasetVersion.id,
      split: { kind: "random", testFraction: 0.5 },
      metrics: ["roc_auc"],
      threshold: 0.5,
    });
    const before = await rowCounts();
    await expectBadInput(api.run.create({ benchmarkId: benchmark.id, modelVersionId: "nope" }), "modelVersionId");
    await expectBadInput(api.run.create({ benchmarkId: "nope", modelVersionId: version.id }), "benchmarkId");
    // An offline version without predictions for the benchmark's dataset version cannot run.
    await expectBadInput(api.run.create({ benchmarkId: benchmark.id, modelVersionId: version.id }), "modelVersionId");
    expect(await rowCounts()).toEqual(before);
  });
});

describe("run.create", () => {
  it("writes the queued run, then its job with jobId = run id", async () => {
    const { api, version, datasetVersion, storage } = await aliceSetup("run-ok");
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
      name: "run-ok-bench",
      datasetVersionId: datasetVersion.id,
      split: { kind: "random", testFraction: 0.5 },
      seed: 7,
      metrics: ["roc_auc", "accuracy"],
      threshold: 0.5,
    });

    const run = await api.run.create({ benchmarkId: benchmark.id, modelVersionId: version.id });

    const row = await db.evaluationRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(row).toMatchObject({
      status: "queued",
      kind: "benchmark",
      teamId: teamA.id,
      seed: 7,
      datasetHash: datasetVersion.sha256,
      codeVersion: "web-it",
      createdById: alice.id,
    });
    const job = await getQueue("benchmarkRun").getJob(run.id);
    expect(job?.id).toBe(run.id);
    expect(job?.data).toEqual({ runId: run.id });

    const view = await api.run.byId({ runId: run.id });
    expect(view).toMatchObject({ id: run.id, status: "queued", benchmark: { name: "run-ok-bench" } });
    expect((await api.run.listByVersion({ modelVersionId: version.id })).map((r) => r.id)).toEqual([run.id]);

    // A queued run is not evaluated yet: the portfolio shows the version, no metric.
    const { rows } = await api.model.portfolio({});
    const entry = rows.find((m) => m.id === version.modelId);
    expect(entry).toMatchObject({
      headline: { id: version.id },
      metric: { value: null, runId: null },
      lastEvaluatedAt: null,
    });
  });
});
