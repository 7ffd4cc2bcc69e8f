import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("./testing/int-env");
  return applyIntegrationEnv();
});

import { createDb, getDb } from "@fieldtest/db";
import {
  callerFor,
  cleanUpCreated,
  createTeam,
  createUser,
  failure,
  migrateTestDatabase,
  type TestUser,
} from "./testing/fixtures";

const db = getDb();

let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let teamA: { id: string };
let teamB: { id: string };

beforeAll(async () => {
  migrateTestDatabase(testEnv.databaseUrl);
  alice = await createUser("alice");
  bob = await createUser("bob");
  carol = await createUser("carol");
  // alice administers Alpha, where carol is a member; bob administers Bravo.
  teamA = await createTeam("Alpha", [{ user: alice, role: "admin" }, { user: carol }]);
  teamB = await createTeam("Bravo", [{ user: bob, role: "admin" }]);
}, 120_000);

afterAll(async () => {
  await cleanUpCreated([teamA, teamB], [alice, bob, carol]);
  await db.$disconnect();
  await rm(testEnv.storageDir, { recursive: true, force: true });
});

describe("audit router", () => {
  it("lists a team's events newest first, a page at a time, and verifies its chain", async () => {
    const api = await callerFor(alice);
    const keys = [];
    for (const name of ["one", "two", "three"]) {
      keys.push(await api.apiKey.create({ teamId: teamA.id, name, scopes: ["read"] }));
    }
    await api.apiKey.revoke({ apiKeyId: keys[0]?.id ?? "" });

    const all = await api.audit.list({ teamId: teamA.id });
    expect(all.nextCursor).toBeNull();
    expect(all.events.map((e) => [e.seq, e.action, e.targetId])).toEqual([
      [4, "api_key.revoked", keys[0]?.id],
      [3, "api_key.created", keys[2]?.id],
      [2, "api_key.created", keys[1]?.id],
      [1, "api_key.created", keys[0]?.id],
    ]);
    const stored = await db.auditEvent.findFirstOrThrow({ where: { teamId: teamA.id, seq: 4 } });
    expect(all.events[0]).toMatchObject({
      id: stored.id,
      actorName: "alice",
      targetType: "api_key",
      details: { name: "one", prefix: keys[0]?.prefix },
      createdAt: stored.createdAt,
      hashPrefix: stored.hash.slice(0, 12),
    });

    const first = await api.audit.list({ teamId: teamA.id, limit: 3 });
    expect(first.events.map((e) => e.seq)).toEqual([4, 3, 2]);
    expect(first.nextCursor).toBe(2);
    const rest = await api.audit.list({ teamId: teamA.id, limit: 3, cursor: first.nextCursor });
    expect(rest.events.map((e) => e.seq)).toEqual([1]);
    expect(rest.nextCursor).toBeNull();

    expect(await api.audit.verify({ teamId: teamA.id })).toEqual({ ok: true, events: 4 });
    expect(await (await callerFor(bob)).audit.list({ teamId: teamB.id })).toEqual({ events: [], nextCursor: null });
  });

  it("names the first broken entry after an owner tampered with the log", async () => {
    const api = await callerFor(alice);
    const second = await db.auditEvent.findFirstOrThrow({ where: { teamId: teamA.id, seq: 2 } });
    // Only the owner can switch the append-only trigger off (the app's role cannot even UPDATE the table).
    const owner = createDb(testEnv.databaseUrl);
    await owner.$transaction(async (tx) => {
      await tx.$executeRaw`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`;
      await tx.$executeRaw`UPDATE audit_event SET "targetId" = 'forged' WHERE id = ${second.id}::uuid`;
      await tx.$executeRaw`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`;
    });
    await owner.$disconnect();
    expect(await api.audit.verify({ teamId: teamA.id })).toEqual({
      ok: false,
      seq: 2,
      id: second.id,
      reason: expect.stringMatching(/changed after it was written/),
    });
  });

  it("refuses a member of the team (FORBIDDEN)", async () => {
    const api = await callerFor(carol);
    expect((await failure(api.audit.list({ teamId: teamA.id }))).code).toBe("FORBIDDEN");
    expect((await failure(api.audit.verify({ teamId: teamA.id }))).code).toBe("FORBIDDEN");
  });

  it("does not confirm another team exists (NOT_FOUND)", async () => {
    const api = await callerFor(alice);
    expect((await failure(api.audit.list({ teamId: teamB.id }))).code).toBe("NOT_FOUND");
    expect((await failure(api.audit.verify({ teamId: teamB.id }))).code).toBe("NOT_FOUND");
  });

  it("refuses a caller who is not signed in", async () => {
    const api = await callerFor(null);
    expect((await failure(api.audit.list({ teamId: teamA.id }))).code).toBe("UNAUTHORIZED");
  });
});
