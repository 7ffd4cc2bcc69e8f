import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatasetTestDb, openDatasetTestDb } from "../datasets/testing/dataset-test-db.ts";
import { appendAuditEvent, verifyAuditChain } from "./audit-log.ts";

let t: DatasetTestDb;

beforeAll(async () => {
  t = await openDatasetTestDb();
}, 120_000);

afterAll(async () => {
  await t?.close();
});

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

  it("notices an event changed after it was written", async () => {
    await t.db
      .$executeRaw`UPDATE audit_event SET details = '{"name":"forged"}' WHERE "teamId" = ${t.teamId}::uuid AND seq = 3`;
    expect(await verifyAuditChain(t.db, t.teamId)).toMatchObject({ ok: false, seq: 3 });
  });

  it("notices a deleted event", async () => {
    const other = await t.db.team.create({ data: { slug: `audit-${t.teamId}`, name: "Audit" } });
    for (const id of ["x", "y", "z"]) {
      await t.db.$transaction((tx) =>
        appendAuditEvent(tx, {
          teamId: other.id,
          action: "api_key.created",
          actor: { operator: "test" },
          targetType: "api_key",
          targetId: id,
          details: {},
        }),
      );
    }
    expect(await verifyAuditChain(t.db, other.id)).toEqual({ ok: true, events: 3 });
    await t.db.auditEvent.deleteMany({ where: { teamId: other.id, seq: 2 } });
    expect(await verifyAuditChain(t.db, other.id)).toMatchObject({ ok: false, seq: 2, reason: "an event is missing" });
  });
});
