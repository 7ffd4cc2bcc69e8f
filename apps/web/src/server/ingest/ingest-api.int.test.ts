import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("../api/testing/int-env");
  return applyIntegrationEnv();
});

import {
  applyEventRetention,
  currentLabels,
  ensureEventPartitions,
  getDb,
  ingestPredictionEvents,
  mintApiKey,
} from "@fieldtest/db";
import { closeQueues, createRedis } from "@fieldtest/jobs";
import { DELETE as eraseEvent } from "../../app/api/v1/events/[id]/route";
import { POST as postEvents } from "../../app/api/v1/events/route";
import { POST as postLabels } from "../../app/api/v1/labels/route";
import { cleanUp, createTeam, createUser, migrateTestDatabase, type TestUser } from "../api/testing/fixtures";
import { MAX_INGEST_BODY_BYTES, MAX_INGEST_ITEMS } from "./ingest-limits";
import { ingestRateKey } from "./rate-limit";

const db = getDb();
const redis = createRedis("producer");
let alice: TestUser;
let bob: TestUser;
let teamA: { id: string };
let teamB: { id: string };
let keyA: string;
let keyAId: string;
let readKeyA: string;
let keyB: string;
let binaryA: string;
let multiA: string;
let binaryB: string;

async function versionOf(teamId: string, userId: string, task: "binary_classification" | "multiclass_classification") {
  const model = await db.model.create({ data: { teamId, name: `m-${task}-${teamId}`, task, createdById: userId } });
  const v = await db.modelVersion.create({
    data: { modelId: model.id, version: "1", createdById: userId, lastChangedById: userId },
  });
  return v.id;
}

beforeAll(async () => {
  migrateTestDatabase(testEnv.databaseUrl);
  alice = await createUser("alice-ingest");
  bob = await createUser("bob-ingest");
  teamA = await createTeam("Ingest A", [{ user: alice, role: "admin" }]);
  teamB = await createTeam("Ingest B", [{ user: bob, role: "admin" }]);
  const a = await mintApiKey({ db, teamId: teamA.id, name: "svc", scopes: ["ingest"], createdById: alice.id });
  keyA = a.key;
  keyAId = a.apiKey.id;
  readKeyA = (await mintApiKey({ db, teamId: teamA.id, name: "r", scopes: ["read"], createdById: alice.id })).key;
  keyB = (await mintApiKey({ db, teamId: teamB.id, name: "svc", scopes: ["ingest"], createdById: null })).key;
  binaryA = await versionOf(teamA.id, alice.id, "binary_classification");
  multiA = await versionOf(teamA.id, alice.id, "multiclass_classification");
  binaryB = await versionOf(teamB.id, bob.id, "binary_classification");
}, 120_000);

afterAll(async () => {
  await cleanUp(
    [teamA?.id, teamB?.id].filter(Boolean) as string[],
    [alice, bob].filter(Boolean).map((u) => u.id),
  );
  redis.disconnect();
  await closeQueues();
  await db.$disconnect();
  await rm(testEnv.storageDir, { recursive: true, force: true });
});

const TS = "2026-11-20T10:00:00Z";
const event = (eventId: string, over: Record<string, unknown> = {}) => ({
  eventId,
  modelVersionId: binaryA,
  timestamp: TS,
  features: { x: 1, city: "Seattle" },
  prediction: 0.7,
  latencyMs: 12,
  ...over,
});

function send(route: (r: Request) => Promise<Response>, url: string, key: string, body: unknown) {
  return route(
    new Request(`http://localhost/api/v1/${url}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}
const sendEvents = (key: string, body: unknown) => send(postEvents, "events", key, body);
const sendLabels = (key: string, body: unknown) => send(postLabels, "labels", key, body);

async function results(response: Response) {
  const body = (await response.json()) as {
    results: { eventId: string; status: string; reason?: string }[];
    error?: { code: string; field?: string };
  };
  return { status: response.status, body, statuses: body.results?.map((r) => r.status) };
}

const storedEvents = (teamId: string) => db.predictionEvent.count({ where: { teamId } });

describe("POST /api/v1/events", () => {
  it("answers per event in request order: 200 when none is rejected, 207 otherwise", async () => {
    const first = await results(
      await sendEvents(keyA, [event("e1"), event("e2", { modelVersionId: multiA, prediction: { a: 0.2, b: 0.8 } })]),
    );
    expect(first.status).toBe(200);
    expect(first.body.results).toEqual([
      { eventId: "e1", status: "accepted" },
      { eventId: "e2", status: "accepted" },
    ]);
    const mixed = await results(
      await sendEvents(keyA, {
        events: [
          event("e1"),
          event("e3", { prediction: 1.5 }),
          event("e4"),
          event("e5", { modelVersionId: binaryB }),
          event("e6", { timestamp: "2026-11-20T10:00:00" }),
          event("e1", { timestamp: "2026-11-21T10:00:00Z" }),
          event("e4"),
        ],
      }),
    );
    expect(mixed.status).toBe(207);
    expect(mixed.body.results.map((r) => r.eventId)).toEqual(["e1", "e3", "e4", "e5", "e6", "e1", "e4"]);
    expect(mixed.statuses).toEqual([
      "duplicate",
      "rejected",
      "accepted",
      "rejected",
      "rejected",
      "rejected",
      "duplicate",
    ]);
    expect(mixed.body.results[1]?.reason).toMatch(/prediction/);
    expect(mixed.body.results[3]?.reason).toMatch(/modelVersionId: model version not found/);
    expect(mixed.body.results[4]?.reason).toMatch(/timestamp/);
    expect(mixed.body.results[5]?.reason).toMatch(/another timestamp/);
    const rows = await db.predictionEvent.findMany({ where: { teamId: teamA.id }, orderBy: { eventId: "asc" } });
    expect(rows.map((r) => r.eventId)).toEqual(["e1", "e2", "e4"]);
    expect(rows[0]).toMatchObject({ features: { x: 1, city: "Seattle" }, prediction: 0.7, latencyMs: 12 });
    expect(rows[0]?.timestamp.toISOString()).toBe("2026-11-20T10:00:00.000Z");
    expect(await storedEvents(teamB.id)).toBe(0);
  });

  it("a resend of a whole batch is all duplicates and stores no second row", async () => {
    const batch = [event("r1"), event("r2"), event("r2", { modelVersionId: multiA, prediction: { a: 1, b: 0 } })];
    expect((await results(await sendEvents(keyA, batch))).statuses).toEqual(["accepted", "accepted", "accepted"]);
    const again = await results(await sendEvents(keyA, batch));
    expect(again.status).toBe(200);
    expect(again.statuses).toEqual(["duplicate", "duplicate", "duplicate"]);
    expect(await db.predictionEvent.count({ where: { teamId: teamA.id, eventId: { in: ["r1", "r2"] } } })).toBe(3);
    // The same eventId in another team is another event.
    expect((await results(await sendEvents(keyB, [event("r1", { modelVersionId: binaryB })]))).statuses).toEqual([
      "accepted",
    ]);
  });

  it("refuses a body of the wrong shape or over the caps with a 4xx, storing nothing", async () => {
    const before = await storedEvents(teamA.id);
    const bad = [
      "not json",
      { event: [] },
      [],
      [{ modelVersionId: binaryA }],
      [event("x".repeat(201))],
      Array.from({ length: MAX_INGEST_ITEMS + 1 }, (_, i) => event(`cap-${i}`)),
    ];
    for (const body of bad) {
      const response = await sendEvents(keyA, body);
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("BAD_INPUT");
    }
    const big = JSON.stringify([event("big", { features: { blob: "x".repeat(MAX_INGEST_BODY_BYTES) } })]);
    const tooLarge = await sendEvents(keyA, big);
    expect(tooLarge.status).toBe(413);
    expect(await storedEvents(teamA.id)).toBe(before);
  });

  it("403 for a key without the ingest scope, storing nothing", async () => {
    const before = await storedEvents(teamA.id);
    const response = await sendEvents(readKeyA, [event("scope")]);
    expect(response.status).toBe(403);
    expect((await sendLabels(readKeyA, [{ eventId: "scope", label: 1 }])).status).toBe(403);
    expect(await storedEvents(teamA.id)).toBe(before);
  });

  it("429 with Retry-After once the key's budget of the second is spent, storing nothing", async () => {
    const before = await storedEvents(teamA.id);
    const now = Math.floor(Date.now() / 1000);
    // Spend this second's and the next seconds' budget, so the request cannot slip into a fresh window.
    for (let s = now; s <= now + 3; s++) await redis.set(ingestRateKey(keyAId, s), 1_000_000, "EX", 10);
    const response = await sendEvents(keyA, [event("limited")]);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
    for (let s = now; s <= now + 3; s++) await redis.del(ingestRateKey(keyAId, s));
    expect(await storedEvents(teamA.id)).toBe(before);
    expect((await sendEvents(keyA, [event("limited")])).status).toBe(200);
  });

  it("concurrent senders with shared duplicates: acknowledged ids equal stored ids, each once", async () => {
    const senders = 4;
    const perSender = 2_000;
    const shared = Array.from({ length: Math.round(perSender * 0.3) }, (_, i) => `c-shared-${i}`);
    const batches = Array.from({ length: senders }, (_, s) => {
      const own = Array.from({ length: perSender - shared.length }, (_, i) => `c-${s}-${i}`);
      // Each sender sends the shared ids in its own order, in two requests of 1,000.
      const ids = [...own, ...shared].sort(() => Math.random() - 0.5);
      return [ids.slice(0, 1000), ids.slice(1000)];
    });
    const acknowledged = new Map<string, number>();
    await Promise.all(
      batches.map(async (requests) => {
        for (const ids of requests) {
          const r = await results(
            await sendEvents(
              keyA,
              ids.map((id) => event(id)),
            ),
          );
          expect(r.status).toBe(200);
          for (const x of r.body.results)
            if (x.status === "accepted") acknowledged.set(x.eventId, (acknowledged.get(x.eventId) ?? 0) + 1);
        }
      }),
    );
    const stored = await db.predictionEvent.findMany({
      where: { teamId: teamA.id, eventId: { startsWith: "c-" } },
      select: { eventId: true },
    });
    expect([...acknowledged.values()].every((n) => n === 1)).toBe(true);
    expect(stored.length).toBe(senders * (perSender - shared.length) + shared.length);
    expect(new Set(stored.map((s) => s.eventId))).toEqual(new Set(acknowledged.keys()));
  }, 120_000);
});

describe("POST /api/v1/labels", () => {
  it("takes a label before its event, and the event after it", async () => {
    const label = await results(await sendLabels(keyA, [{ eventId: "early", label: 1 }]));
    expect(label.status).toBe(200);
    expect(label.statuses).toEqual(["accepted"]);
    expect((await results(await sendEvents(keyA, [event("early")]))).statuses).toEqual(["accepted"]);
    expect((await currentLabels({ db, teamId: teamA.id, eventIds: ["early"] })).get("early")).toBe(1);
  });

  it("relabels by label timestamp, then by arrival; an identical resend is a duplicate", async () => {
    const first = { eventId: "rl", label: 0, timestamp: "2026-11-20T10:00:00Z" };
    expect((await results(await sendLabels(keyA, [first]))).statuses).toEqual(["accepted"]);
    const again = await results(await sendLabels(keyA, { labels: [first] }));
    expect(again.statuses).toEqual(["duplicate"]);
    const later = await results(
      await sendLabels(keyA, [{ eventId: "rl", label: 1, timestamp: "2026-11-21T10:00:00Z" }]),
    );
    expect(later.body.results[0]).toMatchObject({ status: "accepted", reason: expect.stringMatching(/replaced/) });
    // A label stamped earlier than the current one is kept but does not become current.
    const stale = await results(
      await sendLabels(keyA, [{ eventId: "rl", label: 0, timestamp: "2026-11-19T10:00:00Z" }]),
    );
    expect(stale.body.results[0]).toMatchObject({ status: "accepted", reason: expect.stringMatching(/stays current/) });
    expect((await currentLabels({ db, teamId: teamA.id, eventIds: ["rl"] })).get("rl")).toBe(1);
    // Same timestamp: the later arrival wins.
    await sendLabels(keyA, [{ eventId: "rl", label: 2, timestamp: "2026-11-21T10:00:00Z" }]);
    expect((await currentLabels({ db, teamId: teamA.id, eventIds: ["rl"] })).get("rl")).toBe(2);
    expect(await db.labelEvent.count({ where: { teamId: teamA.id, eventId: "rl" } })).toBe(4);
    const bad = await results(
      await sendLabels(keyA, [
        { eventId: "rl2", label: 1 },
        { eventId: "rl3", label: null },
      ]),
    );
    expect(bad.status).toBe(207);
    expect(bad.statuses).toEqual(["accepted", "rejected"]);
  });
});

describe("erasure and retention", () => {
  it("DELETE /api/v1/events/{id} removes the event's predictions and labels in the key's team only", async () => {
    await sendEvents(keyA, [event("gone"), event("gone", { modelVersionId: multiA, prediction: { a: 0.5, b: 0.5 } })]);
    await sendLabels(keyA, [{ eventId: "gone", label: 1 }]);
    await sendEvents(keyB, [event("gone", { modelVersionId: binaryB })]);
    const del = (key: string) =>
      eraseEvent(
        new Request("http://localhost/api/v1/events/gone", {
          method: "DELETE",
          headers: { authorization: `Bearer ${key}` },
        }),
        {
          params: Promise.resolve({ id: "gone" }),
        },
      );
    expect((await del(readKeyA)).status).toBe(403);
    const response = await del(keyA);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ eventId: "gone", predictions: 2, labels: 1 });
    expect(await db.predictionEvent.count({ where: { eventId: "gone" } })).toBe(1);
    expect(await db.labelEvent.count({ where: { eventId: "gone" } })).toBe(0);
    // Erased, the event may be sent again.
    expect((await results(await sendEvents(keyA, [event("gone")]))).statuses).toEqual(["accepted"]);
  });

  it("retention removes events older than the period and drops their empty month partitions", async () => {
    const old = new Date("2024-01-15T00:00:00Z");
    await ensureEventPartitions(db, [old]);
    const outcome = await ingestPredictionEvents({
      db,
      teamId: teamA.id,
      events: [{ eventId: "ancient", modelVersionId: binaryA, timestamp: old, features: {}, prediction: 0.1 }],
    });
    expect(outcome).toEqual([{ status: "accepted" }]);
    const result = await applyEventRetention({ db, days: 400, now: new Date("2026-11-27T00:00:00Z") });
    expect(result.predictions).toBe(1);
    expect(result.droppedPartitions).toContain("prediction_event_2024_01");
    expect(await db.predictionEvent.count({ where: { eventId: "ancient" } })).toBe(0);
    expect(await db.predictionEventKey.count({ where: { eventId: "ancient" } })).toBe(0);
    expect(await db.predictionEvent.count({ where: { eventId: "e1" } })).toBe(1);
  });
});
