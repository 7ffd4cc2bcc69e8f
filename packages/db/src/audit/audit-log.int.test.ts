import { canonicalJson } from "@fieldtest/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintApiKey } from "../api-keys/api-keys.ts";
import { sha256Hex } from "../datasets/hash.ts";
import { type DatasetTestDb, openDatasetTestDb } from "../datasets/testing/dataset-test-db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { appendAuditEvent, verifyAllAuditChains, verifyAuditChain } from "./audit-log.ts";

let t: DatasetTestDb;

beforeAll(async () => {
  t = await openDatasetTestDb();
}, 120_000);

afterAll(async () => {
  await t?.close();
});

let teams = 0;

/** A team of its own with `count` events (api_key.created of keys k1, k2, …), so each test tampers with its own chain. */
async function teamWithEvents(count: number) {
  teams++;
  const team = await t.db.team.create({ data: { slug: `audit-${teams}-${t.teamId}`, name: `Audit ${teams}` } });
  for (let i = 1; i <= count; i++) {
    await t.db.$transaction((tx) =>
      appendAuditEvent(tx, {
        teamId: team.id,
        action: "api_key.created",
        actor: { operator: "test" },
        targetType: "api_key",
        targetId: `k${i}`,
        details: { name: `key ${i}`, scopes: ["read"] },
      }),
    );
  }
  const events = await t.db.auditEvent.findMany({ where: { teamId: team.id }, orderBy: { seq: "asc" } });
  return { team, events };
}

/**
 * Someone with the owner's rights: switches the append-only trigger off, changes rows and switches
 * it on again, in one transaction (so no other session ever sees the trigger off).
 */
function asOwner(change: (tx: Prisma.TransactionClient) => Promise<unknown>) {
  return t.db.$transaction(async (tx) => {
    await tx.$executeRaw`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`;
    await change(tx);
    await tx.$executeRaw`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`;
  });
}

/** The hash appendAuditEvent gives these fields (what a careful forger would recompute). */
function rehash(event: {
  teamId: string;
  seq: number;
  action: string;
  actorUserId: string | null;
  actorLabel: string;
  targetType: string;
  targetId: string;
  details: unknown;
  createdAt: Date;
  prevHash: string;
}) {
  const { teamId, seq, action, actorUserId, actorLabel, targetType, targetId, details, prevHash } = event;
  const createdAt = event.createdAt.toISOString();
  return sha256Hex(
    canonicalJson({ teamId, seq, action, actorUserId, actorLabel, targetType, targetId, details, createdAt, prevHash }),
  );
}

const append = (action: string, targetId: string) =>
  t.db.$transaction((tx) =>
    appendAuditEvent(tx, {
      teamId: t.teamId,
      action,
      actor: { userId: t.userId },
      targetType: "api_key",
      targetId,
      details: { name: `key ${targetId}`, scopes: ["read", "evaluate"] },
    }),
  );

describe("the audit log", () => {
  it("chains events per team, in order, even when appended concurrently", async () => {
    await Promise.all(["a", "b", "c", "d", "e"].map((id) => append("api_key.created", id)));
    const events = await t.db.auditEvent.findMany({ where: { teamId: t.teamId }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events[0]?.prevHash).toBe("0".repeat(64));
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    expect(await verifyAuditChain(t.db, t.teamId)).toEqual({ ok: true, events: 5 });
  });

  it("verifies an empty chain", async () => {
    const { team } = await teamWithEvents(0);
    expect(await verifyAuditChain(t.db, team.id)).toEqual({ ok: true, events: 0 });
  });
});

describe("verify names the first broken entry", () => {
  it("of a tampered event (its hash no longer matches)", async () => {
    const { team, events } = await teamWithEvents(5);
    await asOwner(
      (tx) =>
        tx.$executeRaw`UPDATE audit_event SET details = '{"name":"forged"}' WHERE "teamId" = ${team.id}::uuid AND seq IN (3, 4)`,
    );
    expect(await verifyAuditChain(t.db, team.id)).toEqual({
      ok: false,
      seq: 3,
      id: events[2]?.id,
      reason: expect.stringMatching(/changed after it was written/),
    });
  });

  it("of a tampered event whose hash was recomputed (the next event's link breaks)", async () => {
    const { team, events } = await teamWithEvents(4);
    const second = events[1];
    if (!second) throw new Error("no second event");
    const details = { name: "forged", scopes: ["read"] };
    await asOwner((tx) =>
      tx.auditEvent.update({ where: { id: second.id }, data: { details, hash: rehash({ ...second, details }) } }),
    );
    expect(await verifyAuditChain(t.db, team.id)).toEqual({
      ok: false,
      seq: 3,
      id: events[2]?.id,
      reason: expect.stringMatching(/link to the previous event is broken \(seq 2 was rewritten/),
    });
  });

  it("of a deleted event (a gap in seq), with no id", async () => {
    const { team } = await teamWithEvents(4);
    await asOwner((tx) => tx.auditEvent.deleteMany({ where: { teamId: team.id, seq: 2 } }));
    expect(await verifyAuditChain(t.db, team.id)).toEqual({
      ok: false,
      seq: 2,
      id: null,
      reason: "the event is missing (it was deleted)",
    });
  });

  it("of a deleted first event", async () => {
    const { team } = await teamWithEvents(2);
    await asOwner((tx) => tx.auditEvent.deleteMany({ where: { teamId: team.id, seq: 1 } }));
    expect(await verifyAuditChain(t.db, team.id)).toMatchObject({ ok: false, seq: 1, id: null });
  });

  it("cannot notice a deleted last event (documented: the shorter chain is intact)", async () => {
    const { team } = await teamWithEvents(3);
    await asOwner((tx) => tx.auditEvent.deleteMany({ where: { teamId: team.id, seq: 3 } }));
    expect(await verifyAuditChain(t.db, team.id)).toEqual({ ok: true, events: 2 });
  });

  it("of a reordered chain (two events' seq swapped)", async () => {
    const { team, events } = await teamWithEvents(5);
    await asOwner(async (tx) => {
      // Through a free seq: (teamId, seq) is unique.
      await tx.auditEvent.updateMany({ where: { teamId: team.id, seq: 2 }, data: { seq: -1 } });
      await tx.auditEvent.updateMany({ where: { teamId: team.id, seq: 3 }, data: { seq: 2 } });
      await tx.auditEvent.updateMany({ where: { teamId: team.id, seq: -1 }, data: { seq: 3 } });
    });
    expect(await verifyAuditChain(t.db, team.id)).toEqual({
      ok: false,
      seq: 2,
      id: events[2]?.id,
      reason: "the chain was reordered: this event was written as seq 3",
    });
  });

  it("of a reordered chain whose moved events were rehashed (the links do not match)", async () => {
    const { team, events } = await teamWithEvents(4);
    const [, second, third] = events;
    if (!second || !third) throw new Error("missing events");
    await asOwner(async (tx) => {
      await tx.auditEvent.update({ where: { id: second.id }, data: { seq: -1 } });
      await tx.auditEvent.update({ where: { id: third.id }, data: { seq: 2, hash: rehash({ ...third, seq: 2 }) } });
      await tx.auditEvent.update({ where: { id: second.id }, data: { seq: 3, hash: rehash({ ...second, seq: 3 }) } });
    });
    expect(await verifyAuditChain(t.db, team.id)).toEqual({
      ok: false,
      seq: 2,
      id: third.id,
      reason: "the link to the previous event is broken (seq 1 was rewritten, or this event was)",
    });
  });

  it("of an event relinked to an earlier one (its prevHash skips the event before it)", async () => {
    const { team, events } = await teamWithEvents(4);
    const [first, , third] = events;
    if (!first || !third) throw new Error("missing events");
    await asOwner((tx) =>
      tx.auditEvent.update({
        where: { id: third.id },
        data: { prevHash: first.hash, hash: rehash({ ...third, prevHash: first.hash }) },
      }),
    );
    expect(await verifyAuditChain(t.db, team.id)).toEqual({
      ok: false,
      seq: 3,
      id: third.id,
      reason: "the chain was reordered or forked: this event follows seq 1, not seq 2",
    });
  });

  it("per team, for every team", async () => {
    const { team: intact } = await teamWithEvents(2);
    const { team: broken, events } = await teamWithEvents(3);
    await asOwner(
      (tx) => tx.$executeRaw`UPDATE audit_event SET "targetId" = 'other' WHERE id = ${events[0]?.id}::uuid`,
    );
    const reports = await verifyAllAuditChains(t.db);
    expect(reports.find((r) => r.teamId === intact.id)).toEqual({
      teamId: intact.id,
      slug: intact.slug,
      name: intact.name,
      ok: true,
      events: 2,
      broken: null,
    });
    expect(reports.find((r) => r.teamId === broken.id)).toMatchObject({
      slug: broken.slug,
      ok: false,
      events: 3,
      broken: { seq: 1, id: events[0]?.id },
    });
    expect(await verifyAllAuditChains(t.db, { teamSlug: intact.slug })).toHaveLength(1);
    await expect(verifyAllAuditChains(t.db, { teamSlug: "no-such-team" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      field: "team",
    });
  });
});

describe("the audit log is append-only", () => {
  it("refuses UPDATE, DELETE and TRUNCATE by the app, leaving the rows unchanged", async () => {
    const { team, events } = await teamWithEvents(3);
    const first = events[0];
    if (!first) throw new Error("no first event");
    await expect(
      t.db.auditEvent.update({ where: { id: first.id }, data: { details: { name: "forged" } } }),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.auditEvent.deleteMany({ where: { teamId: team.id, seq: 2 } })).rejects.toThrow(/append-only/);
    await expect(t.db.$executeRaw`TRUNCATE audit_event`).rejects.toThrow(/append-only/);
    await expect(t.db.$executeRaw`DELETE FROM audit_event`).rejects.toThrow(/append-only/);
    expect(await t.db.auditEvent.findMany({ where: { teamId: team.id }, orderBy: { seq: "asc" } })).toEqual(events);
    expect(await verifyAuditChain(t.db, team.id)).toEqual({ ok: true, events: 3 });
    expect(await t.db.auditEvent.count({ where: { teamId: t.teamId } })).toBeGreaterThan(0);
  });

  it("still lets the deletion of a team cascade to its events", async () => {
    const { team } = await teamWithEvents(3);
    await t.db.team.delete({ where: { id: team.id } });
    expect(await t.db.auditEvent.count({ where: { teamId: team.id } })).toBe(0);
  });
});

describe("concurrent audited actions", () => {
  it("50 concurrent key mints leave one unbroken chain, seq 1..50", async () => {
    const { team } = await teamWithEvents(0);
    const minted = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        mintApiKey({ db: t.db, teamId: team.id, name: `key ${i}`, scopes: ["read"], createdById: t.userId }),
      ),
    );
    const events = await t.db.auditEvent.findMany({ where: { teamId: team.id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(events.every((e) => e.action === "api_key.created")).toBe(true);
    expect(new Set(events.map((e) => e.targetId))).toEqual(new Set(minted.map((m) => m.apiKey.id)));
    expect(await verifyAuditChain(t.db, team.id)).toEqual({ ok: true, events: 50 });
  });
});
