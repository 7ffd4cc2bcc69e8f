import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("./testing/int-env");
  return applyIntegrationEnv();
});

import { getDb } from "@fieldtest/db";
import { closeQueues, getQueue } from "@fieldtest/jobs";
import { decryptSecret, parseSecretKey } from "@fieldtest/outbound";
import {
  callerFor,
  cleanUpCreated,
  createTeam,
  createUser,
  failure,
  migrateTestDatabase,
  type TestUser,
} from "./testing/fixtures";
import { errorField } from "./trpc";

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
  await getQueue("webhookDelivery").obliterate({ force: true });
  await closeQueues();
  await db.$disconnect();
  await rm(testEnv.storageDir, { recursive: true, force: true });
});

const URL_OK = "https://hooks.example.com/fieldtest";

describe("webhook router", () => {
  it("creates a webhook for an admin: the secret is shown once and stored encrypted", async () => {
    const api = await callerFor(alice);
    const created = await api.webhook.create({
      teamId: teamA.id,
      url: URL_OK,
      events: ["review.requested", "readiness.changed"],
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.webhook).toMatchObject({ teamId: teamA.id, url: URL_OK, active: true });
    expect(created.webhook.events).toEqual(["review.requested", "readiness.changed"]);

    const row = await db.webhook.findUniqueOrThrow({ where: { id: created.webhook.id } });
    expect(row.secret).toMatch(/^ftsec:v1:/);
    expect(row.secret).not.toContain(created.secret);
    const key = parseSecretKey(process.env.FIELDTEST_SECRET_KEY);
    expect(decryptSecret(row.secret, key, `webhook:${row.id}`)).toBe(created.secret);

    // Never again: not in the list, not in the audit log.
    const listed = await api.webhook.list();
    expect(listed.events).toEqual(["review.requested", "review.decided", "version.promoted", "readiness.changed"]);
    expect(listed.webhooks.map((w) => w.id)).toEqual([row.id]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(JSON.stringify(listed)).not.toContain("ftsec");
    const audit = await db.auditEvent.findFirstOrThrow({ where: { teamId: teamA.id, action: "webhook.created" } });
    expect(audit).toMatchObject({ targetType: "webhook", targetId: row.id, actorUserId: alice.id });
    expect(JSON.stringify(audit.details)).not.toContain(created.secret);
  });

  it("refuses a member (FORBIDDEN) and another team's admin (NOT_FOUND)", async () => {
    const input = { teamId: teamA.id, url: URL_OK, events: ["review.decided" as const] };
    const asCarol = await failure((await callerFor(carol)).webhook.create(input));
    expect(asCarol.code).toBe("FORBIDDEN");
    await expect((await callerFor(carol)).webhook.list()).resolves.toMatchObject({ webhooks: [] });
    const asBob = await failure((await callerFor(bob)).webhook.create(input));
    expect(asBob.code).toBe("NOT_FOUND");
    const hook = await (await callerFor(alice)).webhook.create(input);
    const asBobApi = await callerFor(bob);
    const webhookId = hook.webhook.id;
    for (const call of [
      () => asBobApi.webhook.delete({ webhookId }),
      () => asBobApi.webhook.deliveries({ webhookId }),
      () => asBobApi.webhook.sendTest({ webhookId }),
    ]) {
      expect((await failure(call())).code).toBe("NOT_FOUND");
    }
    expect((await (await callerFor(bob)).webhook.list()).webhooks).toEqual([]);
    expect(await db.webhook.count({ where: { teamId: teamB.id } })).toBe(0);
  });

  it.each([
    ["not https", "http://hooks.example.com/x"],
    ["another scheme", "ftp://hooks.example.com/x"],
    ["not a URL", "hooks.example.com"],
    ["loopback, not allowed", "https://127.0.0.1/x"],
    ["private, not allowed", "https://10.1.2.3/x"],
    ["cloud metadata", "https://169.254.169.254/latest"],
    ["credentials", "https://user:pw@hooks.example.com/x"],
  ])("answers 400 naming url for a URL %s", async (_why, url) => {
    const before = await db.webhook.count();
    const error = await failure(
      (await callerFor(alice)).webhook.create({ teamId: teamA.id, url, events: ["review.decided"] }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(errorField(error)).toBe("url");
    expect(await db.webhook.count()).toBe(before);
  });

  it("answers 400 naming events for an unknown event or none", async () => {
    const api = await callerFor(alice);
    const unknown = await failure(
      api.webhook.create({ teamId: teamA.id, url: URL_OK, events: ["model.deleted" as "review.decided"] }),
    );
    expect([unknown.code, errorField(unknown)?.startsWith("events")]).toEqual(["BAD_REQUEST", true]);
    const none = await failure(api.webhook.create({ teamId: teamA.id, url: URL_OK, events: [] }));
    expect([none.code, errorField(none)]).toEqual(["BAD_REQUEST", "events"]);
  });

  it("sends a test delivery, lists deliveries, and deletes a webhook with them (audited)", async () => {
    const api = await callerFor(alice);
    const { webhook } = await api.webhook.create({ teamId: teamA.id, url: URL_OK, events: ["version.promoted"] });
    const sent = await api.webhook.sendTest({ webhookId: webhook.id });
    expect(sent.status).toBe("pending");
    const deliveries = await api.webhook.deliveries({ webhookId: webhook.id });
    expect(deliveries.map((d) => [d.id, d.event, d.status, d.attempts])).toEqual([
      [sent.id, "webhook.test", "pending", 0],
    ]);
    // Handed to the worker's queue after the commit.
    expect(await getQueue("webhookDelivery").getJob(`${sent.id}.a1`)).toBeTruthy();
    const listed = await api.webhook.list();
    expect(listed.webhooks.find((w) => w.id === webhook.id)?.deliveries.map((d) => d.id)).toEqual([sent.id]);

    await api.webhook.delete({ webhookId: webhook.id });
    expect(await db.webhook.findUnique({ where: { id: webhook.id } })).toBeNull();
    expect(await db.webhookDelivery.count({ where: { webhookId: webhook.id } })).toBe(0);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { teamId: teamA.id, action: "webhook.deleted", targetId: webhook.id },
    });
    // The log keeps the destination's origin and a hash, never the URL itself (hooks carry tokens in it).
    expect(audit.details).toMatchObject({
      destination: { origin: new URL(URL_OK).origin, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      events: ["version.promoted"],
    });
    expect(JSON.stringify(audit.details)).not.toContain(URL_OK);
    expect((await failure(api.webhook.deliveries({ webhookId: webhook.id }))).code).toBe("NOT_FOUND");
  });

  it("gives every member an inbox of their own", async () => {
    const asCarol = await callerFor(carol);
    expect(await asCarol.notification.list()).toEqual({ items: [], unread: 0 });
    await expect(asCarol.notification.markRead({ all: true })).resolves.toEqual({ updated: 0 });
    const error = await failure(asCarol.notification.markRead({ ids: ["00000000-0000-4000-8000-000000000000"] }));
    expect([error.code, errorField(error)]).toEqual(["NOT_FOUND", "ids"]);
  });
});
