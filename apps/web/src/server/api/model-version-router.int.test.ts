import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("./testing/int-env");
  const settings = applyIntegrationEnv();
  // This suite's V2 server listens on loopback, which the operator allows here.
  process.env.FIELDTEST_OUTBOUND_ALLOW = "127.0.0.1";
  return settings;
});

import { chunksOf, createDatasetVersion, directoryStorage, getDb } from "@fieldtest/db";
import { closeQueues } from "@fieldtest/jobs";
import { type InferenceTestServer, startInferenceTestServer } from "@fieldtest/outbound/testing";
import {
  callerFor,
  cleanUp,
  createTeam,
  createUser,
  failure,
  migrateTestDatabase,
  type TestUser,
} from "./testing/fixtures";
import { errorField } from "./trpc";

const db = getDb();
const SECRET = "Bearer s3cr3t-token-for-the-v2-server";
let alice: TestUser;
let bob: TestUser;
let teamA: { id: string };
let teamB: { id: string };
let server: InferenceTestServer;

beforeAll(async () => {
  migrateTestDatabase(testEnv.databaseUrl);
  alice = await createUser("alice-endpoints");
  bob = await createUser("bob-endpoints");
  teamA = await createTeam("Endpoints A", [{ user: alice }]);
  teamB = await createTeam("Endpoints B", [{ user: bob }]);
  server = await startInferenceTestServer({
    models: { churn: { coefficients: { x: 1.5 }, categories: { segment: { a: 0.5 } }, intercept: -0.2 } },
    requireHeader: { name: "authorization", value: SECRET },
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await cleanUp([teamA?.id, teamB?.id].filter(Boolean) as string[], [alice?.id, bob?.id].filter(Boolean) as string[]);
  await closeQueues();
  await db.$disconnect();
  await rm(testEnv.storageDir, { recursive: true, force: true });
});

async function modelOf(user: TestUser, teamId: string, name: string) {
  const api = await callerFor(user);
  return { api, model: await api.model.create({ teamId, name, task: "binary_classification" }) };
}

describe("model versions with endpoints", () => {
  it("registers a builtin baseline with its algorithm and params", async () => {
    const { api, model } = await modelOf(alice, teamA.id, "builtin-model");
    const version = await api.modelVersion.create({
      modelId: model.id,
      version: "gbm-1",
      endpoint: { protocol: "builtin", algorithm: "gradient_boosting", params: { maxDepth: 2 } },
    });
    expect(version).toMatchObject({
      endpointKind: "builtin",
      endpointConfig: { algorithm: "gradient_boosting", params: { maxDepth: 2 } },
      endpointAuthHeader: null,
    });
    expect(version).not.toHaveProperty("endpointSecret");
  });

  it("stores an endpoint secret encrypted, never returns it, and calls the endpoint with it", async () => {
    const { api, model } = await modelOf(alice, teamA.id, "v2-model");
    const version = await api.modelVersion.create({
      modelId: model.id,
      version: "2.0.0",
      endpoint: {
        protocol: "open-inference-v2",
        url: server.url,
        modelName: "churn",
        auth: { header: "authorization", secret: SECRET },
      },
    });
    expect(version).toMatchObject({
      endpointKind: "open-inference-v2",
      endpointConfig: { url: server.url, modelName: "churn" },
      endpointAuthHeader: "authorization",
    });
    // Not in any answer: neither this one nor the model page's (which includes every version).
    expect(JSON.stringify(version)).not.toContain("s3cr3t");
    expect(JSON.stringify(await api.model.byId({ modelId: model.id }))).not.toMatch(/s3cr3t|endpointSecret|ftsec/);
    expect(JSON.stringify(await api.modelVersion.byId({ modelVersionId: version.id }))).not.toMatch(
      /s3cr3t|endpointSecret|ftsec/,
    );
    // At rest: encrypted, bound to this version.
    const stored = await db.modelVersion.findUniqueOrThrow({
      where: { id: version.id },
      select: { endpointSecret: true },
    });
    expect(stored.endpointSecret).toMatch(/^ftsec:v1:/);
    expect(stored.endpointSecret).not.toContain("s3cr3t");

    // Test connection against the real V2 server, with a dataset version's first row as the sample.
    const { datasetVersion } = await createDatasetVersion({
      db,
      storage: directoryStorage(),
      teamId: teamA.id,
      datasetName: "endpoint-sample",
      body: chunksOf("id,label,x,segment\nr1,1,0.5,a\nr2,0,-1,b\n"),
      format: "csv",
      idColumn: "id",
      labelColumn: "label",
      userId: alice.id,
    });
    server.resetStats();
    const report = await api.modelVersion.testConnection({
      modelVersionId: version.id,
      datasetVersionId: datasetVersion.id,
    });
    expect(report.ok).toBe(true);
    expect(server.stats.inferenceRequests).toBe(1);
    expect(server.log.every((entry) => entry.headers.authorization === SECRET)).toBe(true);

    // Another team can neither test it nor use its dataset version as the sample.
    const bobApi = await callerFor(bob);
    expect((await failure(bobApi.modelVersion.testConnection({ modelVersionId: version.id }))).code).toBe("NOT_FOUND");
  });

  it("reports a wrong secret as what the endpoint answered", async () => {
    const { api, model } = await modelOf(alice, teamA.id, "v2-wrong-secret");
    const version = await api.modelVersion.create({
      modelId: model.id,
      version: "1",
      endpoint: {
        protocol: "open-inference-v2",
        url: server.url,
        modelName: "churn",
        auth: { header: "authorization", secret: "Bearer wrong" },
      },
    });
    const report = await api.modelVersion.testConnection({ modelVersionId: version.id });
    expect(report.ok).toBe(false);
    expect(report.summary).toMatch(/401/);
    expect(JSON.stringify(report)).not.toContain("Bearer wrong");
  });

  it("refuses destinations the policy blocks, at registration, naming endpoint.url, and stores nothing", async () => {
    const { api, model } = await modelOf(alice, teamA.id, "blocked-model");
    const before = await db.modelVersion.count();
    for (const url of [
      "http://169.254.169.254/latest/meta-data",
      "http://[::ffff:169.254.169.254]/",
      "http://10.0.0.8:8080",
      "http://192.168.1.20",
      "http://0x7f000002:8080",
      "http://[::1]:8080",
    ]) {
      const err = await failure(
        api.modelVersion.create({ modelId: model.id, version: "x", endpoint: { protocol: "http-json", url } }),
      );
      expect(err.code, url).toBe("BAD_REQUEST");
      expect(errorField(err), url).toBe("endpoint.url");
    }
    expect(await db.modelVersion.count()).toBe(before);
  });
});
