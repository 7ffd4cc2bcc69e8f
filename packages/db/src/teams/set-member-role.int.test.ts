import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../audit/audit-log.ts";
import { type DatasetTestDb, openDatasetTestDb } from "../datasets/testing/dataset-test-db.ts";
import { AppError } from "../errors.ts";
import { addMember } from "../reviews/testing/review-fixtures.ts";
import { setMemberRole } from "./set-member-role.ts";

let t: DatasetTestDb;
let admin: string;
let member: string;

beforeAll(async () => {
  t = await openDatasetTestDb();
  admin = await addMember(t.db, t.teamId, "admin", "admin");
  member = await addMember(t.db, t.teamId, "member", "member");
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const set = (userId: string, role: "member" | "reviewer" | "admin", teamIds = [t.teamId]) =>
  setMemberRole({ db: t.db, teamIds, teamId: t.teamId, userId, role, actorId: admin });

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe("setMemberRole", () => {
  it("changes a role and appends it to the audit log; the same role again changes nothing", async () => {
    expect(await set(member, "reviewer")).toEqual({ userId: member, role: "reviewer", changed: true });
    expect(await set(member, "reviewer")).toMatchObject({ changed: false });
    const events = await t.db.auditEvent.findMany({ where: { teamId: t.teamId }, orderBy: { seq: "asc" } });
    expect(events.map((e) => [e.action, (e.details as { from: string; to: string }).to])).toEqual([
      ["membership.role_changed", "reviewer"],
    ]);
    expect(events[0]?.details).toMatchObject({ userId: member, from: "member", to: "reviewer" });
    expect(await verifyAuditChain(t.db, t.teamId)).toMatchObject({ ok: true, events: 1 });
  });

  it("keeps one admin, and refuses other teams and strangers", async () => {
    const last = await refusal(set(admin, "member"));
    expect([last.code, last.field]).toEqual(["CONFLICT", "role"]);
    expect((await refusal(set(member, "admin", []))).code).toBe("NOT_FOUND");
    const stranger = await refusal(set("no-such-user", "admin"));
    expect([stranger.code, stranger.field]).toEqual(["NOT_FOUND", "userId"]);
    // With a second admin, the first may step down.
    await set(member, "admin");
    expect(await set(admin, "reviewer")).toMatchObject({ changed: true });
  });
});
