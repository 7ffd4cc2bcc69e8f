import { readdirSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("../api/testing/int-env");
  return applyIntegrationEnv();
});

import { chunksOf, directoryStorage, getDb, hashApiKey, mintApiKey, savePredictions } from "@fieldtest/db";
import { closeQueues } from "@fieldtest/jobs";
import { POST as createBenchmark, GET as findBenchmark } from "../../app/api/v1/benchmarks/route";
import { POST as uploadDataset } from "../../app/api/v1/datasets/route";
import { GET as evaluationGate } from "../../app/api/v1/evaluations/[id]/gate/route";
import { GET as getEvaluation } from "../../app/api/v1/evaluations/[id]/route";
import { POST as createEvaluation, GET as listEvaluations } from "../../app/api/v1/evaluations/route";
import { GET as findVersion } from "../../app/api/v1/model-versions/route";
import { POST as createVersion } from "../../app/api/v1/models/[id]/versions/route";
import { POST as createModel } from "../../app/api/v1/models/route";
import { GET as openApi } from "../../app/api/v1/openapi.json/route";
import {
  callerFor,
  cleanUp,
  createTeam,
  createUser,
  DATASET_CSV,
  migrateTestDatabase,
  PREDICTIONS_CSV,
  type TestUser,
} from "../api/testing/fixtures";
import { OPENAPI_ROUTES } from "./openapi";

const db = getDb();
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let teamA: { id: string; slug: string };
let teamB: { id: string; slug: string };
/** Team A, all scopes, created by alice in the UI. */
let keyA: string;
let keyAId: string;
/** Team A, read only. */
let readKeyA: string;
/** Team B, operator-minted (no creator). */
let keyB: string;

beforeAll(async () => {
  migrateTestDatabase(testEnv.databaseUrl);
  alice = await createUser("alice");
  bob = await createUser("bob");
  carol = await createUser("carol");
  teamA = await createTeam("Alpha", [{ user: alice, role: "admin" }, { user: carol }]);
  teamB = await createTeam("Bravo", [{ user: bob, role: "admin" }]);
  const all = ["ingest", "evaluate", "read"];
  const a = await mintApiKey({ db, teamId: teamA.id, name: "ci", scopes: all, createdById: alice.id });
  keyA = a.key;
  keyAId = a.apiKey.id;
  readKeyA = (await mintApiKey({ db, teamId: teamA.id, name: "reader", scopes: ["read"], createdById: alice.id })).key;
  keyB = (await mintApiKey({ db, teamId: teamB.id, name: "operator", scopes: all, createdById: null })).key;
}, 120_000);

afterAll(async () => {
  await cleanUp(
    [teamA?.id, teamB?.id].filter(Boolean) as string[],
    [alice, bob, carol].filter(Boolean).map((u) => u.id),
  );
  await closeQueues();
  await db.$disconnect();
  await rm(testEnv.storageDir, { recursive: true, force: true });
});

const BASE = "http://localhost/api/v1";

function request(
  method: string,
  route: string,
  key: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return new Request(`${BASE}${route}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined && typeof body !== "string" ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });

async function json(response: Response) {
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & {
      error?: { code: string; message: string; field?: string };
    },
  };
}

const counts = async () => ({
  models: await db.model.count(),
  versions: await db.modelVersion.count(),
  datasets: await db.datasetVersion.count(),
  benchmarks: await db.benchmark.count(),
  runs: await db.evaluationRun.count(),
});

describe("authentication and scopes", () => {
  it.each([
    ["no Authorization header", null],
    ["an unknown key", "ft_thisisnotakeythisisnotakeythisisnotakey000"],
    ["a malformed key", "hello"],
  ])("401 for %s, with the error shape", async (_, key) => {
    const { status, body } = await json(
      await createModel(request("POST", "/models", key, { name: "m", task: "regression" })),
    );
    expect(status).toBe(401);
    expect(body.error).toMatchObject({ code: "UNAUTHENTICATED", field: "authorization" });
    expect(typeof body.error?.message).toBe("string");
  });

  it("403 for a key without the scope; nothing stored", async () => {
    const before = await counts();
    const { status, body } = await json(
      await createModel(request("POST", "/models", readKeyA, { name: "m", task: "regression" })),
    );
    expect(status).toBe(403);
    expect(body.error?.code).toBe("FORBIDDEN");
    expect(await counts()).toEqual(before);
  });

  it("a revoked key is 401 at once, and lastUsedAt is recorded", async () => {
    const { apiKey, key } = await mintApiKey({
      db,
      teamId: teamA.id,
      name: "short-lived",
      scopes: ["read"],
      createdById: alice.id,
    });
    const lookup = () => findBenchmark(request("GET", "/benchmarks?name=nothing", key));
    expect((await lookup()).status).toBe(404);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).not.toBeNull();
    await (await callerFor(alice)).apiKey.revoke({ apiKeyId: apiKey.id });
    expect((await lookup()).status).toBe(401);
  });
});

describe("the API key router (UI)", () => {
  it("lets a team admin create (shown once, stored hashed), list and revoke; a member cannot", async () => {
    const api = await callerFor(alice);
    const created = await api.apiKey.create({ teamId: teamA.id, name: "deploy", scopes: ["evaluate", "read"] });
    expect(created.key).toMatch(/^ft_/);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.hash).toBe(hashApiKey(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key);
    const listed = await api.apiKey.list();
    const entry = listed.find((k) => k.id === created.id);
    expect(entry).toMatchObject({
      name: "deploy",
      prefix: created.key.slice(0, 11),
      scopes: ["evaluate", "read"],
      revokedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(created.key);

    const member = await callerFor(carol);
    expect(await member.apiKey.list()).toEqual([]);
    await expect(member.apiKey.create({ teamId: teamA.id, name: "x", scopes: ["read"] })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(member.apiKey.revoke({ apiKeyId: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect((await callerFor(bob)).apiKey.revoke({ apiKeyId: created.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const revoked = await api.apiKey.revoke({ apiKeyId: created.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
  });
});

describe("the v1 routes end to end", () => {
  let modelId: string;
  let versionId: string;
  let datasetVersionId: string;
  let benchmarkId: string;
  let runId: string;

  it("POST /models → 201 {id, name, task}; bad input names the field and stores nothing", async () => {
    const created = await json(
      await createModel(request("POST", "/models", keyA, { name: "churn", task: "binary_classification" })),
    );
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(["id", "name", "task"]);
    expect(created.body).toMatchObject({ name: "churn", task: "binary_classification" });
    modelId = String(created.body.id);

    const before = await counts();
    for (const [body, field] of [
      [{ name: "", task: "regression" }, "name"],
      [{ name: "x", task: "ranking" }, "task"],
      [{ name: "x", task: "regression", extra: 1 }, "body"],
    ] as const) {
      const { status, body: err } = await json(await createModel(request("POST", "/models", keyA, body)));
      expect(status).toBe(400);
      expect(err.error?.code).toBe("BAD_INPUT");
      expect(err.error?.field).toBe(field);
    }
    const notJson = await json(
      await createModel(request("POST", "/models", keyA, "{not json", { "content-type": "application/json" })),
    );
    expect(notJson.status).toBe(400);
    const duplicate = await json(
      await createModel(request("POST", "/models", keyA, { name: "churn", task: "regression" })),
    );
    expect(duplicate).toMatchObject({ status: 409, body: { error: { code: "CONFLICT", field: "name" } } });
    expect(await counts()).toEqual(before);
  });

  it("POST /models/{id}/versions → 201 {id, version, stage}; another team's key → 404; blocked URL → 400", async () => {
    const created = await json(
      await createVersion(
        request("POST", `/models/${modelId}/versions`, keyA, { version: "1.0.0", endpoint: { protocol: "offline" } }),
        params(modelId),
      ),
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), version: "1.0.0", stage: "development" });
    versionId = String(created.body.id);

    const before = await counts();
    const other = await createVersion(
      request("POST", `/models/${modelId}/versions`, keyB, { version: "2.0.0", endpoint: { protocol: "offline" } }),
      params(modelId),
    );
    expect(other.status).toBe(404);
    const blocked = await json(
      await createVersion(
        request("POST", `/models/${modelId}/versions`, keyA, {
          version: "2.0.0",
          endpoint: { protocol: "http-json", url: "http://127.0.0.1:9/predict" },
        }),
        params(modelId),
      ),
    );
    expect(blocked).toMatchObject({ status: 400, body: { error: { code: "BAD_INPUT", field: "endpoint.url" } } });
    const badLabel = await json(
      await createVersion(
        request("POST", `/models/${modelId}/versions`, keyA, { version: "a b", endpoint: { protocol: "offline" } }),
        params(modelId),
      ),
    );
    expect(badLabel).toMatchObject({ status: 400, body: { error: { field: "version" } } });
    const badProtocol = await json(
      await createVersion(
        request("POST", `/models/${modelId}/versions`, keyA, { version: "3", endpoint: { protocol: "grpc" } }),
        params(modelId),
      ),
    );
    expect(badProtocol.status).toBe(400);
    expect(badProtocol.body.error?.field).toMatch(/^endpoint/);
    expect((await createVersion(request("POST", "/models/nope/versions", keyA, {}), params("nope"))).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it("GET /model-versions?model=&version= resolves model@label in the key's team only", async () => {
    const found = await json(await findVersion(request("GET", "/model-versions?model=churn&version=1.0.0", readKeyA)));
    expect(found).toMatchObject({ status: 200, body: { id: versionId, version: "1.0.0", model: { name: "churn" } } });
    expect((await findVersion(request("GET", "/model-versions?model=churn&version=1.0.0", keyB))).status).toBe(404);
    expect((await json(await findVersion(request("GET", "/model-versions?model=churn", keyA)))).body.error?.field).toBe(
      "version",
    );
  });

  it("POST /datasets streams the raw file → 201, identical content → 200; bad input → 4xx naming the field", async () => {
    const upload = (key: string, query: string, body: string | null, type = "text/csv") =>
      uploadDataset(request("POST", `/datasets?${query}`, key, body ?? undefined, { "content-type": type }));
    const query = "name=events&labelColumn=label&idColumn=id&timestampColumn=ts";
    const first = await json(await upload(keyA, query, DATASET_CSV));
    expect(first.status).toBe(201);
    expect(Object.keys(first.body).sort()).toEqual(["columns", "datasetId", "datasetVersionId", "rowCount", "sha256"]);
    expect(first.body).toMatchObject({ rowCount: 6, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(first.body.columns).toEqual(expect.arrayContaining([expect.objectContaining({ name: "label" })]));
    datasetVersionId = String(first.body.datasetVersionId);
    const again = await json(await upload(keyA, query, DATASET_CSV));
    expect(again).toMatchObject({ status: 200, body: { datasetVersionId } });

    const before = await counts();
    const missing = await json(await upload(keyA, "name=events&idColumn=id", DATASET_CSV));
    expect(missing).toMatchObject({ status: 400, body: { error: { code: "BAD_INPUT", field: "labelColumn" } } });
    const noColumn = await json(await upload(keyA, "name=other-events&idColumn=id&labelColumn=nope", DATASET_CSV));
    expect(noColumn).toMatchObject({ status: 400, body: { error: { field: "labelColumn" } } });
    const noType = await json(await upload(keyA, query, DATASET_CSV, "application/octet-stream"));
    expect(noType).toMatchObject({ status: 400, body: { error: { field: "format" } } });
    expect((await json(await upload(readKeyA, query, DATASET_CSV))).status).toBe(403);
    expect((await json(await upload("ft_nope", query, DATASET_CSV))).body.error?.code).toBe("UNAUTHENTICATED");
    expect(await counts()).toEqual(before);

    // An operator-minted key: objects are attributed to the team's admin.
    const operator = await json(await upload(keyB, "name=b-events&labelColumn=label&idColumn=id", DATASET_CSV));
    expect(operator.status).toBe(201);
    const row = await db.datasetVersion.findUniqueOrThrow({ where: { id: String(operator.body.datasetVersionId) } });
    expect(row.createdById).toBe(bob.id);
  });

  it("POST /benchmarks → 201 {id}; another team's dataset → 404; bad protocol → 400 naming the field", async () => {
    const created = await json(
      await createBenchmark(
        request("POST", "/benchmarks", keyA, {
          name: "holdout",
          datasetVersionId,
          split: { kind: "random", testFraction: 0.5 },
          seed: 7,
          metrics: ["roc_auc", "accuracy"],
        }),
      ),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: "holdout", version: 1 });
    benchmarkId = String(created.body.id);
    const before = await counts();
    expect((await createBenchmark(request("POST", "/benchmarks", keyB, { name: "x", datasetVersionId }))).status).toBe(
      404,
    );
    const badMetric = await json(
      await createBenchmark(request("POST", "/benchmarks", keyA, { name: "x", datasetVersionId, metrics: ["r2"] })),
    );
    expect(badMetric).toMatchObject({ status: 400, body: { error: { field: "metrics.0" } } });
    expect(await counts()).toEqual(before);
    const found = await json(await findBenchmark(request("GET", "/benchmarks?name=holdout", readKeyA)));
    expect(found.body).toMatchObject({ id: benchmarkId, version: 1 });
  });

  it("POST /evaluations → 202 {runId}, recording the key; GET /evaluations/{id} and its gate", async () => {
    await savePredictions({
      db,
      storage: directoryStorage(testEnv.storageDir),
      teamId: teamA.id,
      modelVersionId: versionId,
      datasetVersionId,
      body: chunksOf(PREDICTIONS_CSV),
      format: "csv",
      userId: alice.id,
    });
    const before = await counts();
    for (const [body, field] of [
      [{ kind: "shadow", modelVersionId: versionId, benchmarkId }, "kind"],
      [{ kind: "benchmark", modelVersionId: "x", benchmarkId }, "modelVersionId"],
    ] as const) {
      expect((await json(await createEvaluation(request("POST", "/evaluations", keyA, body)))).body.error?.field).toBe(
        field,
      );
    }
    const otherTeam = await createEvaluation(
      request("POST", "/evaluations", keyB, { kind: "benchmark", modelVersionId: versionId, benchmarkId }),
    );
    expect(otherTeam.status).toBe(404);
    expect(await counts()).toEqual(before);

    const started = await json(
      await createEvaluation(
        request("POST", "/evaluations", keyA, { kind: "benchmark", modelVersionId: versionId, benchmarkId }),
      ),
    );
    expect(started.status).toBe(202);
    expect(Object.keys(started.body)).toEqual(["runId"]);
    runId = String(started.body.runId);
    const run = await db.evaluationRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ apiKeyId: keyAId, createdById: alice.id, status: "queued" });

    const queued = await json(await getEvaluation(request("GET", `/evaluations/${runId}`, readKeyA), params(runId)));
    expect(queued.body).toEqual({ id: runId, status: "queued", progress: 0, metrics: {} });
    const pending = await json(
      await evaluationGate(request("GET", `/evaluations/${runId}/gate`, readKeyA), params(runId)),
    );
    expect(pending.body).toMatchObject({ verdict: null, ready: false, status: "queued" });
    expect((await getEvaluation(request("GET", `/evaluations/${runId}`, keyB), params(runId))).status).toBe(404);
    expect((await evaluationGate(request("GET", `/evaluations/${runId}/gate`, keyB), params(runId))).status).toBe(404);
    expect((await getEvaluation(request("GET", "/evaluations/zzz", keyA), params("zzz"))).status).toBe(404);

    // Finish it as the worker would (the worker is not running in this test).
    await db.$transaction([
      db.evaluationRun.update({
        where: { id: runId },
        data: { status: "succeeded", progress: 1, finishedAt: new Date() },
      }),
      db.metricValue.createMany({
        data: [
          {
            runId,
            modelVersionId: versionId,
            metric: "roc_auc",
            value: 0.85,
            lower: 0.8,
            upper: 0.9,
            level: 0.95,
            n: 500,
          },
          {
            runId,
            modelVersionId: versionId,
            metric: "ece",
            value: 0.03,
            lower: 0.01,
            upper: 0.05,
            level: 0.95,
            n: 500,
          },
          { runId, modelVersionId: versionId, metric: "roc_auc", slice: "segment=a", value: 0.5, n: 250 },
        ],
      }),
    ]);
    const done = await json(await getEvaluation(request("GET", `/evaluations/${runId}`, readKeyA), params(runId)));
    expect(done.body).toEqual({
      id: runId,
      status: "succeeded",
      progress: 1,
      metrics: { ece: { value: 0.03, interval: [0.01, 0.05] }, roc_auc: { value: 0.85, interval: [0.8, 0.9] } },
    });
    const gate = await json(
      await evaluationGate(request("GET", `/evaluations/${runId}/gate`, readKeyA), params(runId)),
    );
    expect(gate.body).toMatchObject({ runId, verdict: "pass", ready: true, task: "binary_classification" });
    expect((gate.body.gates as { id: string }[]).map((g) => g.id)).toEqual(["benchmark-roc-auc", "benchmark-ece"]);

    const list = await json(
      await listEvaluations(
        request(
          "GET",
          `/evaluations?modelVersionId=${versionId}&benchmarkId=${benchmarkId}&status=succeeded`,
          readKeyA,
        ),
      ),
    );
    expect((list.body.evaluations as { id: string }[]).map((e) => e.id)).toEqual([runId]);
    const badList = await json(
      await listEvaluations(request("GET", `/evaluations?benchmarkId=${benchmarkId}`, readKeyA)),
    );
    expect(badList.body.error?.field).toBe("modelVersionId");
  });

  it("an operator-minted key starts runs with no creator", async () => {
    const model = await json(
      await createModel(request("POST", "/models", keyB, { name: "b-model", task: "binary_classification" })),
    );
    expect(model.status).toBe(201);
    expect((await db.model.findUniqueOrThrow({ where: { id: String(model.body.id) } })).createdById).toBe(bob.id);
  });
});

describe("JSON body size", () => {
  const paddedModel = (bytes: number) => {
    const shell = JSON.stringify({ name: "big", task: "regression", pad: "" });
    return JSON.stringify({ name: "big", task: "regression", pad: "a".repeat(bytes - shell.length) });
  };
  const streamed = (text: string) => {
    const bytes = new TextEncoder().encode(text);
    return new Request(`${BASE}/models`, {
      method: "POST",
      headers: { authorization: `Bearer ${keyA}`, "content-type": "application/json" },
      // Streamed in 64 KiB chunks with no content-length, as a chunked upload arrives.
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 65_536) controller.enqueue(bytes.subarray(i, i + 65_536));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
  };

  it("413 PAYLOAD_TOO_LARGE past 1 MB, declared or streamed; nothing stored", async () => {
    const before = await counts();
    const big = paddedModel(1024 * 1024 + 1);
    for (const req of [request("POST", "/models", keyA, big, { "content-type": "application/json" }), streamed(big)]) {
      const response = await createModel(req);
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({
        error: { code: "PAYLOAD_TOO_LARGE", message: "The body must be at most 1 MB of JSON", field: null },
      });
    }
    expect(await counts()).toEqual(before);
  });

  it("reads a body of exactly 1 MB (then the schema answers); invalid JSON is 400 naming the body", async () => {
    const atLimit = await json(await createModel(streamed(paddedModel(1024 * 1024))));
    expect(atLimit).toMatchObject({ status: 400, body: { error: { code: "BAD_INPUT", field: "body" } } });
    expect(atLimit.body.error?.message).toMatch(/pad/);
    const invalid = await json(await createModel(streamed('{"name": "x",')));
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: "BAD_INPUT", field: "body" } } });
    expect(invalid.body.error?.message).toMatch(/The body must be a JSON object/);
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("lists every route with the bearer scheme, generated from the zod schemas", async () => {
    const doc = (await openApi().json()) as {
      openapi: string;
      components: { securitySchemes: Record<string, { scheme: string }> };
      paths: Record<
        string,
        Record<
          string,
          {
            security: unknown;
            requestBody?: {
              content: Record<string, { schema: { $defs?: unknown; properties?: Record<string, unknown> } }>;
            };
          }
        >
      >;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.bearer?.scheme).toBe("bearer");
    const listed = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(listed.sort()).toEqual([...OPENAPI_ROUTES].sort());
    for (const route of [
      "POST /api/v1/models",
      "POST /api/v1/models/{id}/versions",
      "POST /api/v1/datasets",
      "POST /api/v1/benchmarks",
      "POST /api/v1/evaluations",
      "GET /api/v1/evaluations/{id}",
    ]) {
      expect(listed).toContain(route);
    }
    const models = doc.paths["/api/v1/models"]?.post?.requestBody?.content["application/json"]?.schema;
    expect(JSON.stringify(models)).toContain("binary_classification");
    expect(Object.keys(doc.paths["/api/v1/datasets"]?.post?.requestBody?.content ?? {})).toContain("text/csv");

    // Every route file under app/api/v1 is in the document, and the other way round.
    const root = path.resolve(__dirname, "../../app/api/v1");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (name === "route.ts") files.push(path.relative(root, dir));
      }
    };
    walk(root);
    const documented = new Set(OPENAPI_ROUTES.map((r) => r.split(" ")[1]));
    const fromFiles = files.filter((f) => f !== "openapi.json").map((f) => `/api/v1/${f.replaceAll("[id]", "{id}")}`);
    expect(new Set(fromFiles)).toEqual(documented);
  });
});
