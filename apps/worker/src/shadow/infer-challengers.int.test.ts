import { type FeatureColumn, predictBuiltinModel, trainBuiltinModel } from "@fieldtest/core";
import { type EndpointKind, ingestPredictionEvents, type ModelResult, type Prisma } from "@fieldtest/db";
import { createOutboundClient, type OutboundClient } from "@fieldtest/outbound";
import { type InferenceTestServer, logisticScore, startInferenceTestServer } from "@fieldtest/outbound/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { collectLog } from "../testing/log-collector.ts";
import type { WorkerTestContext } from "../testing/worker-test-context.ts";
import { type InferChallengerInput, inferChallengerPredictions } from "./infer-challengers.ts";

// This file's own database: other worker int tests may recreate the shared one meanwhile.
vi.hoisted(() => {
  process.env.FIELDTEST_WORKER_TEST_DATABASE ??= "fieldtest_worker_shadow_infer_int";
});

const MODEL = { coefficients: { temp: 0.15, windy: -0.6 }, categories: { city: { Seattle: 0.8 } }, intercept: -1.4 };

type Features = {
  temp: number;
  windy: boolean;
  city: string;
};

/** 30 champion events, 3 hours apart, across the January/February 2025 month partitions. */
const START = Date.UTC(2025, 0, 30, 0, 0, 0);
const EVENTS = Array.from({ length: 30 }, (_, i) => ({
  eventId: `ev-${String(i).padStart(3, "0")}`,
  timestamp: new Date(START + i * 3 * 3_600_000),
  features: { temp: (i * 7) % 23, windy: i % 2 === 0, city: i % 3 === 0 ? "New York" : "Seattle" } as Features,
}));
const FOREVER = new Date(Date.UTC(2030, 0, 1));

let ctx: WorkerTestContext;
let server: InferenceTestServer;
let championId: string;
let modelId: string;
let versions = 0;
const clients: OutboundClient[] = [];
const logs = collectLog();

function client(options: Parameters<typeof createOutboundClient>[0] = {}): OutboundClient {
  const c = createOutboundClient({
    allow: "127.0.0.0/8",
    concurrency: 2,
    retries: 0,
    backoff: { baseMs: 1, maxMs: 5 },
    ...options,
  });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  const { openWorkerTestContext } = await import("../testing/worker-test-context.ts");
  server = await startInferenceTestServer({ models: { rain: MODEL } });
  ctx = await openWorkerTestContext("shadow-infer");
  const model = await ctx.db.model.create({
    data: { teamId: ctx.teamId, name: "rain", task: "binary_classification", createdById: ctx.userId },
  });
  modelId = model.id;
  championId = await newVersion("offline");
  const outcomes = await ingestPredictionEvents({
    db: ctx.db,
    teamId: ctx.teamId,
    events: EVENTS.map((e) => ({ ...e, modelVersionId: championId, prediction: 0.5, latencyMs: 12 })),
  });
  expect(outcomes.every((o) => o.status === "accepted")).toBe(true);
});

afterAll(async () => {
  for (const c of clients) c.close();
  await ctx?.close();
  await server?.close();
});

async function newVersion(kind: EndpointKind, config?: Prisma.InputJsonObject): Promise<string> {
  const version = await ctx.db.modelVersion.create({
    data: {
      modelId,
      version: String(++versions),
      endpointKind: kind,
      ...(config ? { endpointConfig: config } : {}),
      createdById: ctx.userId,
      lastChangedById: ctx.userId,
    },
  });
  return version.id;
}

function v2Challenger(settings: Prisma.InputJsonObject = {}): Promise<string> {
  return newVersion("open_inference_v2", { url: server.url, modelName: "rain", batchSize: 4, ...settings });
}

async function newShadow(champion: string, challengers: string[]): Promise<string> {
  const shadow = await ctx.db.shadowEvaluation.create({
    data: {
      teamId: ctx.teamId,
      championVersionId: champion,
      seed: 1,
      versions: {
        create: [
          { modelVersionId: champion, role: "champion", position: 0 },
          ...challengers.map((id, k) => ({ modelVersionId: id, role: "challenger" as const, position: k + 1 })),
        ],
      },
    },
  });
  return shadow.id;
}

async function infer(
  challengerVersionId: string,
  options: Partial<InferChallengerInput> & { shadowEvaluationId?: string } = {},
) {
  const shadowEvaluationId = options.shadowEvaluationId ?? (await newShadow(championId, [challengerVersionId]));
  return inferChallengerPredictions({
    db: ctx.db,
    storage: ctx.storage,
    outbound: () => client(),
    log: logs.log,
    teamId: ctx.teamId,
    championVersionId: championId,
    window: { from: null, to: FOREVER },
    receivedBy: new Date(),
    ...options,
    shadowEvaluationId,
    challengerVersionId,
  });
}

/** The challenger's rows, by eventId. */
async function rowsOf(modelVersionId: string) {
  const rows = await ctx.db.predictionEvent.findMany({
    where: { teamId: ctx.teamId, modelVersionId },
    orderBy: [{ timestamp: "asc" }, { eventId: "asc" }],
  });
  const keys = await ctx.db.predictionEventKey.count({ where: { teamId: ctx.teamId, modelVersionId } });
  expect(keys).toBe(rows.length);
  return rows;
}

function expectedScore(features: Features): number {
  return logisticScore(MODEL, features);
}

describe("an open-inference-v2 challenger", () => {
  it("gets exactly one prediction per champion event, with the server's score and the call's latency", async () => {
    const challenger = await v2Challenger();
    const shadowEvaluationId = await newShadow(championId, [challenger]);
    server.resetStats();
    const progress: [number, number][] = [];
    const result = await infer(challenger, {
      shadowEvaluationId,
      onProgress: async (done, total) => {
        progress.push([done, total]);
      },
    });
    expect(result).toEqual({ status: "inferred", inferred: 30, failed: 0, remaining: 0 });
    expect(server.stats.inferenceRequests).toBe(Math.ceil(30 / 4));
    expect(server.stats.rows).toBe(30);
    expect(progress.at(-1)).toEqual([30, 30]);
    expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((a, b) => a - b));

    const rows = await rowsOf(challenger);
    expect(rows.map((r) => r.eventId)).toEqual(EVENTS.map((e) => e.eventId));
    rows.forEach((row, i) => {
      const event = EVENTS[i] as (typeof EVENTS)[number];
      expect(row.timestamp.getTime()).toBe(event.timestamp.getTime());
      expect(row.prediction as number).toBeCloseTo(expectedScore(event.features), 12);
      expect(row.features).toEqual(event.features);
      expect(row.latencyMs).not.toBeNull();
      expect(row.latencyMs as number).toBeGreaterThanOrEqual(0);
      expect(row.error).toBeNull();
      expect(row.inferredById).toBe(shadowEvaluationId);
    });
    // Events of one batch share that call's latency.
    expect(new Set(rows.slice(0, 4).map((r) => r.latencyMs)).size).toBe(1);

    // Idempotent: nothing is pending, nothing is called.
    server.resetStats();
    const again = await infer(challenger, { shadowEvaluationId });
    expect(again).toEqual({ status: "inferred", inferred: 0, failed: 0, remaining: 0 });
    expect(server.stats.inferenceRequests).toBe(0);
    expect(await rowsOf(challenger)).toHaveLength(30);
  });

  it("does not call for events whose challenger prediction the client sent", async () => {
    const challenger = await v2Challenger();
    const sent = EVENTS.filter((_, i) => i % 3 === 1);
    await ingestPredictionEvents({
      db: ctx.db,
      teamId: ctx.teamId,
      events: sent.map((e) => ({ ...e, modelVersionId: challenger, prediction: 0.123, latencyMs: 7 })),
    });
    server.resetStats();
    const result = await infer(challenger);
    expect(result).toEqual({ status: "inferred", inferred: 30 - sent.length, failed: 0, remaining: 0 });
    expect(server.stats.rows).toBe(30 - sent.length);
    const rows = await rowsOf(challenger);
    expect(rows).toHaveLength(30);
    const sentIds = new Set(sent.map((e) => e.eventId));
    for (const row of rows) {
      if (sentIds.has(row.eventId)) {
        expect(row).toMatchObject({ prediction: 0.123, latencyMs: 7, inferredById: null, error: null });
      } else {
        expect(row.inferredById).not.toBeNull();
      }
    }
  });

  it("stores a batch the endpoint fails (after retries) as error rows, and does not call for them again", async () => {
    const challenger = await v2Challenger({ batchSize: 5 });
    const oneAtATime = client({ concurrency: 1, retries: 1 });
    server.resetStats();
    server.failNext(2, { status: 500, body: '{"error":"model crashed"}' });
    const result = await infer(challenger, { outbound: () => oneAtATime });
    expect(result).toEqual({ status: "inferred", inferred: 25, failed: 5, remaining: 0 });
    expect(server.stats.inferenceRequests).toBe(6 + 1);

    const rows = await rowsOf(challenger);
    const failed = rows.filter((r) => r.error !== null);
    expect(failed.map((r) => r.eventId)).toEqual(EVENTS.slice(0, 5).map((e) => e.eventId));
    for (const row of failed) {
      expect(row.prediction).toBeNull();
      expect(row.latencyMs).toBeNull();
      expect(row.error).toMatch(/HTTP 500.*model crashed/);
    }
    expect(rows.filter((r) => r.error === null).every((r) => typeof r.prediction === "number")).toBe(true);
    expect(logs.events.some((e) => e.event === "shadow.inference.batch-error")).toBe(true);

    server.resetStats();
    expect(await infer(challenger)).toMatchObject({ inferred: 0, failed: 0, remaining: 0 });
    expect(server.stats.inferenceRequests).toBe(0);
  });

  it('records "timeout" when the endpoint does not answer in time', async () => {
    const challenger = await v2Challenger({ batchSize: 10 });
    const impatient = client({ timeoutMs: 150 });
    server.setDelay(400);
    try {
      const result = await infer(challenger, { outbound: () => impatient, maxEvents: 10 });
      expect(result).toEqual({ status: "inferred", inferred: 0, failed: 10, remaining: 20 });
    } finally {
      server.setDelay(0);
    }
    const rows = await rowsOf(challenger);
    expect(rows.map((r) => r.error)).toEqual(Array(10).fill("timeout"));
  });

  it("stops at the maxEvents budget, earliest events first; the next call finishes", async () => {
    const challenger = await v2Challenger();
    const shadowEvaluationId = await newShadow(championId, [challenger]);
    const first = await infer(challenger, { shadowEvaluationId, maxEvents: 11 });
    expect(first).toEqual({ status: "inferred", inferred: 11, failed: 0, remaining: 19 });
    expect((await rowsOf(challenger)).map((r) => r.eventId)).toEqual(EVENTS.slice(0, 11).map((e) => e.eventId));
    const second = await infer(challenger, { shadowEvaluationId, maxEvents: 1_000 });
    expect(second).toEqual({ status: "inferred", inferred: 19, failed: 0, remaining: 0 });
    expect(await rowsOf(challenger)).toHaveLength(30);
  });

  it("stops when onProgress throws, keeping the batches it stored", async () => {
    const challenger = await v2Challenger();
    await expect(
      infer(challenger, {
        outbound: () => client({ concurrency: 1 }),
        onProgress: async (done) => {
          if (done >= 8) throw new Error("cancelled");
        },
      }),
    ).rejects.toThrow("cancelled");
    expect(await rowsOf(challenger)).toHaveLength(8);
    expect(await infer(challenger)).toMatchObject({ inferred: 22, remaining: 0 });
  });

  it("infers only champion events in [from, to) received by receivedBy", async () => {
    const challenger = await v2Challenger();
    const from = (EVENTS[5] as (typeof EVENTS)[number]).timestamp;
    const to = (EVENTS[20] as (typeof EVENTS)[number]).timestamp;
    const result = await infer(challenger, { window: { from, to } });
    expect(result).toEqual({ status: "inferred", inferred: 15, failed: 0, remaining: 0 });
    expect((await rowsOf(challenger)).map((r) => r.eventId)).toEqual(EVENTS.slice(5, 20).map((e) => e.eventId));

    // A champion event received after `receivedBy` waits for a later call.
    const other = await newVersion("offline");
    const late = await v2Challenger();
    await ingestPredictionEvents({
      db: ctx.db,
      teamId: ctx.teamId,
      events: EVENTS.slice(0, 3).map((e) => ({ ...e, modelVersionId: other, prediction: 0.5 })),
    });
    const receivedBy = new Date();
    await new Promise((r) => setTimeout(r, 20));
    await ingestPredictionEvents({
      db: ctx.db,
      teamId: ctx.teamId,
      events: EVENTS.slice(3, 5).map((e) => ({ ...e, modelVersionId: other, prediction: 0.5 })),
    });
    expect(await infer(late, { championVersionId: other, receivedBy })).toMatchObject({ inferred: 3, remaining: 0 });
    expect(await infer(late, { championVersionId: other })).toMatchObject({ inferred: 2, remaining: 0 });
    expect((await rowsOf(late)).map((r) => r.eventId)).toEqual(EVENTS.slice(0, 5).map((e) => e.eventId));
  });

  it("throws on a configuration error (EndpointConfigError) without storing anything", async () => {
    const challenger = await newVersion("open_inference_v2", { url: server.url });
    await expect(infer(challenger)).rejects.toThrow(/modelName|model's name/);
    expect(await rowsOf(challenger)).toHaveLength(0);
  });
});

describe("other challengers", () => {
  it("an offline challenger needs no inference: the client sends its predictions", async () => {
    const challenger = await newVersion("offline");
    const result = await infer(challenger);
    expect(result).toMatchObject({ status: "not_needed", inferred: 0, failed: 0, remaining: 0 });
    expect(result.reason).toMatch(/offline/);
    expect(await rowsOf(challenger)).toHaveLength(0);
  });

  it("a builtin challenger without a trained model fails, saying to run a benchmark", async () => {
    const challenger = await newVersion("builtin", { algorithm: "logistic_regression" });
    await expect(infer(challenger)).rejects.toThrow(
      /is builtin but has no trained model: run a benchmark for it first/,
    );
  });

  it("a builtin challenger is scored with the model its latest succeeded benchmark run trained", async () => {
    const challenger = await newVersion("builtin", { algorithm: "logistic_regression" });
    const columns = (events: typeof EVENTS): FeatureColumn[] => [
      { name: "temp", type: "number", values: Float64Array.from(events, (e) => e.features.temp) },
      { name: "windy", type: "boolean", values: Float64Array.from(events, (e) => Number(e.features.windy)) },
      { name: "city", type: "string", values: events.map((e) => e.features.city) },
    ];
    const model = trainBuiltinModel(
      { algorithm: "logistic_regression" },
      { features: columns(EVENTS), labels: Float64Array.from(EVENTS, (e, i) => (e.features.temp + i) % 2) },
      3,
    );
    const run = await ctx.db.evaluationRun.create({
      data: {
        teamId: ctx.teamId,
        kind: "benchmark",
        status: "succeeded",
        modelVersionId: challenger,
        seed: 3,
        datasetHash: "sha256:test",
        configHash: "sha256:test",
        config: {},
        codeVersion: "worker-int-test",
        finishedAt: new Date(),
      },
    });
    const data: ModelResult = { algorithm: "logistic_regression", models: [{ fold: null, trainRows: 30, model }] };
    await ctx.db.runResult.create({ data: { runId: run.id, kind: "model", data: JSON.parse(JSON.stringify(data)) } });

    const result = await infer(challenger);
    expect(result).toEqual({ status: "inferred", inferred: 30, failed: 0, remaining: 0 });
    const expected = predictBuiltinModel(model, columns(EVENTS));
    const rows = await rowsOf(challenger);
    rows.forEach((row, i) => {
      expect(row.prediction as number).toBeCloseTo(expected[i] as number, 12);
      expect(row.error).toBeNull();
    });
  });
});
