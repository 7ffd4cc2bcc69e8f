import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("../api/testing/int-env");
  return applyIntegrationEnv();
});

import { createRng, rocAuc, type ShadowVersionInput, scoreShadowSnapshot } from "@fieldtest/core";
import {
  getDb,
  ingestLabels,
  ingestPredictionEvents,
  loadShadowWindow,
  mintApiKey,
  type Prisma,
  saveShadowSnapshot,
  shadowWindowColumns,
} from "@fieldtest/db";
import { closeQueues } from "@fieldtest/jobs";
import { GET as getShadow } from "../../app/api/v1/shadow-evaluations/[id]/route";
import { GET as getRows } from "../../app/api/v1/shadow-evaluations/[id]/rows/route";
import { POST as stopShadowRoute } from "../../app/api/v1/shadow-evaluations/[id]/stop/route";
import { POST as postShadow } from "../../app/api/v1/shadow-evaluations/route";
import {
  callerFor,
  cleanUpCreated,
  createTwoTeams,
  failure,
  migrateTestDatabase,
  type TestUser,
} from "../api/testing/fixtures";
import type { ShadowEvaluationView } from "./shadow-view-types";

const db = getDb();
let alice: TestUser;
let bob: TestUser;
let teamA: { id: string };
let teamB: { id: string };
let keyA: string;
let readKeyA: string;
let keyB: string;
let modelA: string;
let champion: string;
let challenger: string;
let versionB: string;

const N = 240;
const START = Date.UTC(2025, 5, 1);
const rng = createRng(11);
const EVENTS = Array.from({ length: N }, (_, i) => {
  const x = rng.nextFloat();
  return {
    eventId: `s-${i}`,
    timestamp: new Date(START + i * 3_600_000),
    x,
    champion: Math.min(1, Math.max(0, x + (rng.nextFloat() - 0.5) * 0.8)),
    challenger: Math.min(1, Math.max(0, x + (rng.nextFloat() - 0.5) * 0.3)),
    label: rng.nextFloat() < x ? 1 : 0,
  };
});

async function version(modelId: string, userId: string, label: string) {
  return (
    await db.modelVersion.create({ data: { modelId, version: label, createdById: userId, lastChangedById: userId } })
  ).id;
}

beforeAll(async () => {
  migrateTestDatabase(testEnv.databaseUrl);
  ({ alice, bob, teamA, teamB } = await createTwoTeams());
  const all = ["ingest", "evaluate", "read"];
  keyA = (await mintApiKey({ db, teamId: teamA.id, name: "svc", scopes: all, createdById: alice.id })).key;
  readKeyA = (await mintApiKey({ db, teamId: teamA.id, name: "r", scopes: ["read"], createdById: alice.id })).key;
  keyB = (await mintApiKey({ db, teamId: teamB.id, name: "svc", scopes: all, createdById: bob.id })).key;
  const model = await db.model.create({
    data: { teamId: teamA.id, name: "shadow-api", task: "binary_classification", createdById: alice.id },
  });
  modelA = model.id;
  champion = await version(model.id, alice.id, "1");
  challenger = await version(model.id, alice.id, "2");
  const modelB = await db.model.create({
    data: { teamId: teamB.id, name: "shadow-api-b", task: "binary_classification", createdById: bob.id },
  });
  versionB = await version(modelB.id, bob.id, "1");
  await ingestPredictionEvents({
    db,
    teamId: teamA.id,
    events: EVENTS.flatMap((e) => [
      {
        eventId: e.eventId,
        modelVersionId: champion,
        timestamp: e.timestamp,
        features: { x: e.x },
        prediction: e.champion,
      },
      {
        eventId: e.eventId,
        modelVersionId: challenger,
        timestamp: e.timestamp,
        features: { x: e.x },
        prediction: e.challenger,
      },
    ]),
  });
  await ingestLabels({
    db,
    teamId: teamA.id,
    labels: EVENTS.slice(0, 200).map((e) => ({ eventId: e.eventId, label: e.label })),
  });
}, 120_000);

afterAll(async () => {
  await cleanUpCreated([teamA, teamB], [alice, bob]);
  await closeQueues();
  await db.$disconnect();
  await rm(testEnv.storageDir, { recursive: true, force: true });
});

const BASE = "http://localhost/api/v1/shadow-evaluations";
const request = (method: string, path: string, key: string, body?: unknown) =>
  new Request(`${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const window = { from: new Date(START).toISOString(), to: new Date(START + N * 3_600_000).toISOString() };

/**
 * What the worker does for one snapshot that is a look, minus shadow inference (both versions'
 * answers come from the client here): score, then store with `labelledAsOf` naming its rows.
 */
async function scoreSnapshot(id: string, sequence: number) {
  const evaluation = await db.shadowEvaluation.findUniqueOrThrow({
    where: { id },
    include: { versions: { orderBy: { position: "asc" } } },
  });
  const scoredAt = new Date();
  const to = evaluation.windowTo ?? scoredAt;
  const loaded = await loadShadowWindow({
    db,
    teamId: evaluation.teamId,
    versions: evaluation.versions,
    from: evaluation.windowFrom,
    to,
    receivedBy: scoredAt,
  });
  const columns = shadowWindowColumns(loaded, "binary_classification");
  const result = scoreShadowSnapshot({
    task: "binary_classification",
    labels: columns.labels as Float64Array,
    eventTimeMs: loaded.eventTimeMs,
    look: evaluation.looks + 1,
    seed: evaluation.seed,
    nowMs: scoredAt.getTime(),
    versions: columns.versions as ShadowVersionInput<Float64Array>[],
  });
  const labelledAsOf = {
    sequence,
    scoredAt: scoredAt.toISOString(),
    windowFrom: evaluation.windowFrom?.toISOString() ?? null,
    windowTo: to.toISOString(),
    labelled: result.counts.labelled,
  };
  await saveShadowSnapshot({
    db,
    shadowEvaluationId: id,
    sequence,
    scoredAt,
    windowFrom: evaluation.windowFrom,
    windowTo: to,
    counts: result.counts,
    result: { ...result, labelledAsOf } as unknown as Prisma.InputJsonValue,
    codeVersion: "test",
    inferenceDone: true,
    evaluationWindowTo: evaluation.windowTo,
    stoppedAt: evaluation.stoppedAt,
    look: { looks: evaluation.looks + 1, labelled: result.counts.labelled },
    progress: 1,
  });
}

describe("REST /api/v1/shadow-evaluations", () => {
  let id: string;

  it("refuses bad input with the field named, and stores nothing", async () => {
    const before = await db.shadowEvaluation.count();
    const cases: [unknown, string][] = [
      [{ championVersionId: champion }, "challengerVersionIds"],
      [{ championVersionId: champion, challengerVersionIds: [] }, "challengerVersionIds"],
      [{ championVersionId: "nope", challengerVersionIds: [challenger] }, "championVersionId"],
      [{ championVersionId: champion, challengerVersionIds: [challenger], from: "yesterday" }, "from"],
      [
        {
          championVersionId: champion,
          challengerVersionIds: [challenger],
          ...window,
          from: window.to,
          to: window.from,
        },
        "to",
      ],
      [{ championVersionId: champion, challengerVersionIds: [champion] }, "challengerVersionIds"],
      [{ championVersionId: champion, challengerVersionIds: [challenger], extra: 1 }, "body"],
    ];
    for (const [body, field] of cases) {
      const response = await postShadow(request("POST", "", keyA, body));
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = ((await response.json()) as { error: { field?: string } }).error;
      if (field !== "body") expect(error.field, JSON.stringify(body)).toBe(field);
    }
    expect(await db.shadowEvaluation.count()).toBe(before);
  });

  it("another team's version is not found, a read key may not start one", async () => {
    const other = await postShadow(
      request("POST", "", keyA, { championVersionId: champion, challengerVersionIds: [versionB] }),
    );
    expect(other.status).toBe(404);
    const fromB = await postShadow(
      request("POST", "", keyB, { championVersionId: champion, challengerVersionIds: [challenger] }),
    );
    expect(fromB.status).toBe(404);
    const read = await postShadow(
      request("POST", "", readKeyA, { championVersionId: champion, challengerVersionIds: [challenger] }),
    );
    expect(read.status).toBe(403);
  });

  it("starts one (202), shows it queued, then its snapshot: metrics equal core's on the exported CSV", async () => {
    const created = await postShadow(
      request("POST", "", keyA, { championVersionId: champion, challengerVersionIds: [challenger], ...window }),
    );
    expect(created.status).toBe(202);
    id = ((await created.json()) as { id: string }).id;

    const queued = (await (
      await getShadow(request("GET", `/${id}`, readKeyA), params(id))
    ).json()) as ShadowEvaluationView;
    expect(queued).toMatchObject({
      id,
      status: "queued",
      snapshot: null,
      counts: { events: 0, labelled: 0, matched: 0 },
    });
    // Before any snapshot, the live counts already show what has been ingested for the window.
    expect(queued.live).toEqual({ events: N, labelled: 200 });
    expect((await getShadow(request("GET", `/${id}`, keyB), params(id))).status).toBe(404);
    expect(await (await getRows(request("GET", `/${id}/rows`, readKeyA), params(id))).text()).toBe(
      "event_id,event_time,label,champion,challenger_1\n",
    );

    await scoreSnapshot(id, 1);
    const view = (await (
      await getShadow(request("GET", `/${id}`, readKeyA), params(id))
    ).json()) as ShadowEvaluationView;
    expect(view.status).toBe("succeeded");
    expect(view.counts).toEqual({ events: N, matched: N, labelled: 200, labelledEvents: 200 });
    expect(view.versions.map((v) => v.role)).toEqual(["champion", "challenger"]);

    const csv = await (await getRows(request("GET", `/${id}/rows`, readKeyA), params(id))).text();
    const rows = csv
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.split(","));
    expect(rows).toHaveLength(200);
    const labels = Float64Array.from(rows, (r) => Number(r[2]));
    for (const [k, v] of view.versions.entries()) {
      const scores = Float64Array.from(rows, (r) => Number(r[3 + k]));
      expect(v.metrics.roc_auc).toBeCloseTo(rocAuc(labels, scores), 12);
      const [lower, upper] = v.intervals.roc_auc ?? [Number.NaN, Number.NaN];
      expect(lower).toBeLessThanOrEqual(v.metrics.roc_auc ?? Number.NaN);
      expect(upper).toBeGreaterThanOrEqual(v.metrics.roc_auc ?? Number.NaN);
    }
    expect(view.difference.length).toBeGreaterThan(0);
    expect(view.latency).toHaveLength(2);
    expect(view.labelMaturity.reduce((s, b) => s + b.events, 0)).toBe(N);
    // Before labels: the challenger's scores against the champion's on the same requests.
    const shift = view.predictionShift.find((p) => p.against === "champion");
    expect(shift?.modelVersionId).toBe(challenger);
    expect(shift?.ks).toBeGreaterThan(0);
  });

  it("stop refuses a fixed window (409) and another team's evaluation (404)", async () => {
    expect((await stopShadowRoute(request("POST", `/${id}/stop`, keyA), params(id))).status).toBe(409);
    expect((await stopShadowRoute(request("POST", `/${id}/stop`, keyB), params(id))).status).toBe(404);
  });
});

describe("tRPC shadow", () => {
  it("creates, lists, shows and stops a continuous evaluation for its team only", async () => {
    const asAlice = await callerFor(alice);
    const asBob = await callerFor(bob);
    const { id } = await asAlice.shadow.create({ championVersionId: champion, challengerVersionIds: [challenger] });
    expect((await asAlice.shadow.listByModel({ modelId: modelA })).map((s) => s.id)).toContain(id);
    expect(await asBob.shadow.listByModel({ modelId: modelA })).toEqual([]);
    expect((await failure(asBob.shadow.get({ id }))).code).toBe("NOT_FOUND");
    expect((await failure(asBob.shadow.stop({ id }))).code).toBe("NOT_FOUND");
    expect((await db.shadowEvaluation.findUniqueOrThrow({ where: { id } })).windowTo).toBeNull();
    expect(
      (await failure(asBob.shadow.create({ championVersionId: champion, challengerVersionIds: [challenger] }))).code,
    ).toBe("NOT_FOUND");

    await scoreSnapshot(id, 1);
    const shown = await asAlice.shadow.get({ id });
    expect(shown.status).toBe("running");
    expect(shown.continuous).toBe(true);
    expect(shown.series).toHaveLength(1);
    expect(shown.series[0]?.versions[0]?.metric).toBe("roc_auc");

    await asAlice.shadow.stop({ id });
    expect((await failure(asAlice.shadow.stop({ id }))).code).toBe("CONFLICT");
    await scoreSnapshot(id, 2);
    expect((await asAlice.shadow.get({ id })).status).toBe("succeeded");
  });
});
