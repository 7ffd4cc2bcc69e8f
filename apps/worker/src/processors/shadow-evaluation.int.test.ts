import { accuracy, createRng, rocAuc, type ShadowSnapshotResult } from "@fieldtest/core";
import {
  createShadowEvaluation,
  ingestLabels,
  ingestPredictionEvents,
  saveShadowSnapshot,
  stopShadowEvaluation,
} from "@fieldtest/db";
import { createOutboundClient, type OutboundClient } from "@fieldtest/outbound";
import { type InferenceTestServer, logisticScore, startInferenceTestServer } from "@fieldtest/outbound/testing";
import type { Job } from "bullmq";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { collectLog } from "../testing/log-collector.ts";
import type { WorkerTestContext } from "../testing/worker-test-context.ts";
import { shadowEvaluationProcessor } from "./shadow-evaluation.ts";

// This file's own database: other worker int tests may recreate the shared one meanwhile.
vi.hoisted(() => {
  process.env.FIELDTEST_WORKER_TEST_DATABASE ??= "fieldtest_worker_shadow_int";
});

const MODEL = { coefficients: { temp: 0.2 }, intercept: -2 };
const N = 400;
const START = Date.UTC(2025, 2, 1);
const rng = createRng(7);
const EVENTS = Array.from({ length: N }, (_, i) => {
  const temp = Math.round(rng.nextFloat() * 200) / 10;
  const p = 1 / (1 + Math.exp(-(0.2 * temp - 2)));
  return {
    eventId: `e-${String(i).padStart(4, "0")}`,
    timestamp: new Date(START + i * 60_000),
    features: { temp },
    champion: Math.min(1, Math.max(0, p + (rng.nextFloat() - 0.5) * 0.6)),
    challenger: Math.min(1, Math.max(0, p + (rng.nextFloat() - 0.5) * 0.2)),
    label: rng.nextFloat() < p ? 1 : 0,
  };
});

let ctx: WorkerTestContext;
let server: InferenceTestServer;
let modelId: string;
let versions = 0;
const clients: OutboundClient[] = [];
const logs = collectLog();

beforeAll(async () => {
  const { openWorkerTestContext } = await import("../testing/worker-test-context.ts");
  server = await startInferenceTestServer({ models: { rain: MODEL } });
  ctx = await openWorkerTestContext("shadow-processor");
  const model = await ctx.db.model.create({
    data: { teamId: ctx.teamId, name: "rain", task: "binary_classification", createdById: ctx.userId },
  });
  modelId = model.id;
});

afterAll(async () => {
  for (const c of clients) c.close();
  await ctx?.close();
  await server?.close();
});

async function newVersion(kind: "offline" | "open_inference_v2"): Promise<string> {
  const version = await ctx.db.modelVersion.create({
    data: {
      modelId,
      version: String(++versions),
      endpointKind: kind,
      ...(kind === "open_inference_v2"
        ? { endpointConfig: { url: server.url, modelName: "rain", batchSize: 64 } }
        : {}),
      createdById: ctx.userId,
      lastChangedById: ctx.userId,
    },
  });
  return version.id;
}

function score(id: string, snapshot: number) {
  const job = {
    id: `${id}.s${snapshot}`,
    data: { shadowEvaluationId: id, snapshot },
    attemptsMade: 0,
    opts: { attempts: 3 },
    updateProgress: async () => {},
  } as unknown as Job;
  return shadowEvaluationProcessor({
    db: ctx.db,
    storage: ctx.storage,
    log: logs.log,
    prefix: "fieldtest-test-shadow-processor",
    codeVersion: "test",
    throttleMs: 0,
    outbound: () => {
      const c = createOutboundClient({ allow: "127.0.0.0/8", retries: 0 });
      clients.push(c);
      return c;
    },
  })(job);
}

async function latest(id: string) {
  const snapshot = await ctx.db.shadowSnapshot.findFirstOrThrow({
    where: { shadowEvaluationId: id },
    orderBy: { sequence: "desc" },
  });
  return { ...snapshot, result: snapshot.result as unknown as ShadowSnapshotResult };
}

describe("shadow evaluation processor", () => {
  let champion: string;
  let offlineChallenger: string;
  let endpointChallenger: string;

  beforeAll(async () => {
    champion = await newVersion("offline");
    offlineChallenger = await newVersion("offline");
    endpointChallenger = await newVersion("open_inference_v2");
    // Labels first for a third of the events (they join when the events come), a relabel for one.
    const early = EVENTS.slice(0, 120);
    await ingestLabels({
      db: ctx.db,
      teamId: ctx.teamId,
      labels: early.map((e) => ({
        eventId: e.eventId,
        label: 1 - e.label,
        timestamp: new Date(e.timestamp.getTime() + 1_000),
      })),
    });
    await ingestLabels({
      db: ctx.db,
      teamId: ctx.teamId,
      labels: early.map((e) => ({
        eventId: e.eventId,
        label: e.label,
        timestamp: new Date(e.timestamp.getTime() + 2_000),
      })),
    });
    const shuffled = [...EVENTS].reverse();
    await ingestPredictionEvents({
      db: ctx.db,
      teamId: ctx.teamId,
      events: shuffled.flatMap((e) => [
        {
          eventId: e.eventId,
          modelVersionId: champion,
          timestamp: e.timestamp,
          features: e.features,
          prediction: e.champion,
          latencyMs: 10,
        },
        // The client sends the offline challenger's prediction itself, except for 20 events.
        ...(Number(e.eventId.slice(2)) % 20 === 0
          ? []
          : [
              {
                eventId: e.eventId,
                modelVersionId: offlineChallenger,
                timestamp: e.timestamp,
                features: e.features,
                prediction: e.challenger,
                latencyMs: 14,
              },
            ]),
      ]),
    });
    // Labels for events 120..299 arrive after the events; 300..399 stay unlabelled.
    await ingestLabels({
      db: ctx.db,
      teamId: ctx.teamId,
      labels: EVENTS.slice(120, 300).map((e) => ({ eventId: e.eventId, label: e.label })),
    });
  });

  it("replays a past window: infers the endpoint challenger, scores matched labelled events, and succeeds", async () => {
    const evaluation = await createShadowEvaluation({
      db: ctx.db,
      teamId: ctx.teamId,
      championVersionId: champion,
      challengerVersionIds: [offlineChallenger, endpointChallenger],
      from: new Date(START),
      to: new Date(START + N * 60_000),
      userId: ctx.userId,
      seed: 3,
    });
    expect(await score(evaluation.id, 1)).toBe("finished");
    const row = await ctx.db.shadowEvaluation.findUniqueOrThrow({ where: { id: evaluation.id } });
    expect(row.status).toBe("succeeded");
    expect(row.progress).toBe(1);
    expect(row.snapshotCount).toBe(1);

    const { result, events, matched, labelled } = await latest(evaluation.id);
    const missing = EVENTS.filter((e) => Number(e.eventId.slice(2)) % 20 === 0);
    expect(events).toBe(N);
    expect(matched).toBe(N - missing.length);
    const scored = EVENTS.filter((e, i) => i < 300 && Number(e.eventId.slice(2)) % 20 !== 0);
    expect(labelled).toBe(scored.length);

    // The real metrics are core's on exactly the matched, labelled events (the relabel applied).
    const labels = Float64Array.from(scored, (e) => e.label);
    const byVersion = new Map(result.metrics.map((m) => [m.modelVersionId, m.metrics]));
    const champ = byVersion.get(champion);
    expect(champ?.roc_auc?.value).toBeCloseTo(
      rocAuc(
        labels,
        Float64Array.from(scored, (e) => e.champion),
      ),
      12,
    );
    expect(champ?.accuracy?.value).toBeCloseTo(
      accuracy(
        labels,
        Float64Array.from(scored, (e) => e.champion),
        0.5,
      ),
      12,
    );
    expect(byVersion.get(offlineChallenger)?.roc_auc?.value).toBeCloseTo(
      rocAuc(
        labels,
        Float64Array.from(scored, (e) => e.challenger),
      ),
      12,
    );
    const endpointScores = Float64Array.from(scored, (e) => logisticScore(MODEL, e.features));
    expect(byVersion.get(endpointChallenger)?.roc_auc?.value).toBeCloseTo(rocAuc(labels, endpointScores), 12);
    const acc = champ?.accuracy;
    expect(acc?.lower).toBeLessThanOrEqual(acc?.value ?? Number.NaN);
    expect(acc?.upper).toBeGreaterThanOrEqual(acc?.value ?? Number.NaN);

    // The endpoint challenger was called for every champion event once, with latencies recorded.
    const inferred = await ctx.db.predictionEvent.count({
      where: { teamId: ctx.teamId, modelVersionId: endpointChallenger, inferredById: evaluation.id },
    });
    expect(inferred).toBe(N);
    const latency = result.latency.find((l) => l.modelVersionId === endpointChallenger);
    expect(latency?.calls).toBe(N);
    expect(latency?.p50).toBeGreaterThan(0);
    expect(result.labelMaturity.labelled).toBe(300);

    // A second delivery of the same job writes nothing.
    expect(await score(evaluation.id, 1)).toBe("skipped");
    expect(await ctx.db.shadowSnapshot.count({ where: { shadowEvaluationId: evaluation.id } })).toBe(1);
  });

  it("a continuous evaluation rescores as labels arrive, and a stop ends it with one last snapshot", async () => {
    const evaluation = await createShadowEvaluation({
      db: ctx.db,
      teamId: ctx.teamId,
      championVersionId: champion,
      challengerVersionIds: [offlineChallenger],
      from: new Date(START),
      userId: ctx.userId,
      seed: 4,
    });
    expect(evaluation.windowTo).toBeNull();
    expect(await score(evaluation.id, 1)).toBe("scored");
    const first = await latest(evaluation.id);
    expect((await ctx.db.shadowEvaluation.findUniqueOrThrow({ where: { id: evaluation.id } })).status).toBe("running");

    await ingestLabels({
      db: ctx.db,
      teamId: ctx.teamId,
      labels: EVENTS.slice(300).map((e) => ({ eventId: e.eventId, label: e.label })),
    });
    // Out of order: snapshot 3 before 2 is skipped.
    expect(await score(evaluation.id, 3)).toBe("skipped");
    expect(await score(evaluation.id, 2)).toBe("scored");
    const second = await latest(evaluation.id);
    expect(second.labelled).toBeGreaterThan(first.labelled);
    // A look: the labelled events grew by more than a quarter since the first.
    expect(second.labelled).toBeGreaterThanOrEqual(Math.ceil(1.25 * first.labelled));
    expect(second.result.look).toBe(2);
    expect((await ctx.db.shadowEvaluation.findUniqueOrThrow({ where: { id: evaluation.id } })).looks).toBe(2);

    await stopShadowEvaluation({ db: ctx.db, teamId: ctx.teamId, id: evaluation.id });
    await expect(stopShadowEvaluation({ db: ctx.db, teamId: ctx.teamId, id: evaluation.id })).rejects.toThrow(
      /fixed window|already/,
    );
    // A scoring that read the evaluation before the stop writes nothing (the stop's own scoring follows).
    const stale = await saveShadowSnapshot({
      db: ctx.db,
      shadowEvaluationId: evaluation.id,
      sequence: 3,
      scoredAt: new Date(),
      windowFrom: new Date(START),
      windowTo: new Date(),
      counts: { events: 0, matched: 0, labelled: 0 },
      result: {},
      codeVersion: "test",
      inferenceDone: true,
      evaluationWindowTo: null,
      stoppedAt: null,
      look: null,
      progress: 1,
    });
    expect(stale).toEqual({ saved: false, finished: false });
    expect(await score(evaluation.id, 3)).toBe("finished");
    const done = await ctx.db.shadowEvaluation.findUniqueOrThrow({ where: { id: evaluation.id } });
    expect(done.status).toBe("succeeded");
    expect(done.snapshotCount).toBe(3);
    // No new labels since look 2: the last snapshot is not a look and carries look 2's metrics.
    expect(done.looks).toBe(2);
    const last = await latest(evaluation.id);
    expect(last.result.look).toBe(2);
    expect(last.result.metrics).toEqual(second.result.metrics);
    expect(last.result.warnings.map((w) => w.code)).toContain("metrics_as_of_last_look");
  });

  it("refuses bad input at creation and writes nothing", async () => {
    const before = await ctx.db.shadowEvaluation.count();
    const create = (over: Partial<Parameters<typeof createShadowEvaluation>[0]>) =>
      createShadowEvaluation({
        db: ctx.db,
        teamId: ctx.teamId,
        championVersionId: champion,
        challengerVersionIds: [offlineChallenger],
        userId: ctx.userId,
        ...over,
      });
    await expect(create({ challengerVersionIds: [] })).rejects.toMatchObject({ field: "challengerVersionIds" });
    await expect(create({ challengerVersionIds: [champion] })).rejects.toMatchObject({ field: "challengerVersionIds" });
    await expect(create({ from: new Date(START + 1000), to: new Date(START) })).rejects.toMatchObject({ field: "to" });
    await expect(create({ rescoreSeconds: 1 })).rejects.toMatchObject({ field: "rescoreSeconds" });
    // A builtin challenger with no benchmark run to train it cannot answer: refused now, not in the worker.
    const untrained = await ctx.db.modelVersion.create({
      data: {
        modelId,
        version: String(++versions),
        endpointKind: "builtin",
        endpointConfig: { algorithm: "logistic_regression" },
        createdById: ctx.userId,
        lastChangedById: ctx.userId,
      },
    });
    await expect(create({ challengerVersionIds: [untrained.id] })).rejects.toMatchObject({
      field: "challengerVersionIds",
      message: expect.stringMatching(/no benchmark run to train it/),
    });
    await expect(create({ teamId: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await ctx.db.shadowEvaluation.count()).toBe(before);
  });
});
