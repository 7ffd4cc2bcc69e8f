import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../client.ts";
import { APP_DATABASE_ROLE, appDatabaseUrl } from "../env.ts";
import { applyEventRetention } from "../events/erase-events.ts";
import { ensureEventPartitions } from "../events/event-partitions.ts";
import { deployMigrations } from "../migrations/deploy-migrations.ts";
import { defaultMigrationTargets } from "../migrations/migration-targets.ts";
import { dropTestDatabase, unusedDatabaseUrl } from "../migrations/test-databases.ts";
import { appendAuditEvent, verifyAuditChain } from "./audit-log.ts";

// The application's database role (migration *_app_role), tested by connecting as it: what the
// web app, the worker and the seed connect as (createDb's default URL).

let url: string;
let owner: Db;
let app: Db;
let teamId: string;
let userId: string;

beforeAll(async () => {
  url = unusedDatabaseUrl();
  await deployMigrations({ url, migrationsDir: defaultMigrationTargets().migrationsDir });
  owner = createDb(url);
  app = createDb(appDatabaseUrl(url));
  userId = randomUUID();
  await app.user.create({ data: { id: userId, name: "App", email: `${userId}@example.test` } });
  teamId = (await app.team.create({ data: { slug: `app-${userId}`, name: "App role" } })).id;
}, 120_000);

afterAll(async () => {
  await app?.$disconnect();
  await owner?.$disconnect();
  if (url) await dropTestDatabase(url);
});

const append = (db: Db, targetId: string) =>
  db.$transaction((tx) =>
    appendAuditEvent(tx, {
      teamId,
      action: "api_key.created",
      actor: { userId },
      targetType: "api_key",
      targetId,
      details: {},
    }),
  );

describe("the application's database role", () => {
  it("is the role the app connects as: no superuser, owner of nothing", async () => {
    const [me] = await app.$queryRaw<{ user: string; superuser: boolean; owned: number }[]>`
      SELECT current_user AS user, r.rolsuper AS superuser,
        (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned
      FROM pg_roles r WHERE r.rolname = current_user`;
    expect(me).toEqual({ user: APP_DATABASE_ROLE, superuser: false, owned: 0 });
  });

  it("appends to the audit log but cannot update, delete or truncate it", async () => {
    await append(app, "a");
    await append(app, "b");
    const before = await app.auditEvent.findMany({ where: { teamId }, orderBy: { seq: "asc" } });
    expect(before.map((e) => e.seq)).toEqual([1, 2]);
    await expect(
      app.$executeRaw`UPDATE audit_event SET details = '{"x":1}' WHERE "teamId" = ${teamId}::uuid`,
    ).rejects.toThrow(/permission denied/);
    await expect(app.auditEvent.deleteMany({ where: { teamId } })).rejects.toThrow(/permission denied/);
    await expect(app.$executeRawUnsafe("TRUNCATE audit_event")).rejects.toThrow(/permission denied/);
    // The owner has the privileges, and the trigger refuses it all the same.
    await expect(
      owner.$executeRaw`UPDATE audit_event SET details = '{"x":1}' WHERE "teamId" = ${teamId}::uuid`,
    ).rejects.toThrow(/append-only/);
    expect(await app.auditEvent.findMany({ where: { teamId }, orderBy: { seq: "asc" } })).toEqual(before);
    expect(await verifyAuditChain(app, teamId)).toMatchObject({ ok: true, events: 2 });
  });

  it("creates and drops event partitions only through the owner's functions", async () => {
    await expect(
      app.$executeRawUnsafe(
        `CREATE TABLE prediction_event_2001_01 PARTITION OF prediction_event FOR VALUES FROM ('2001-01-01') TO ('2001-02-01')`,
      ),
    ).rejects.toThrow(/must be owner|permission denied/);
    await ensureEventPartitions(app, [new Date("2001-01-15T00:00:00Z")]);
    const exists = async () =>
      (await app.$queryRaw<{ ok: boolean }[]>`SELECT to_regclass('prediction_event_2001_01') IS NOT NULL AS ok`)[0]?.ok;
    expect(await exists()).toBe(true);
    await expect(app.$executeRaw`SELECT fieldtest_drop_event_partition('model_version')`).rejects.toThrow(
      /not an event partition name/,
    );
    const { droppedPartitions } = await applyEventRetention({
      db: app,
      days: 30,
      now: new Date("2026-01-01T00:00:00Z"),
    });
    expect(droppedPartitions).toContain("prediction_event_2001_01");
    expect(await exists()).toBe(false);
  });

  it("deletes a team, its audit log going with it", async () => {
    await app.team.delete({ where: { id: teamId } });
    expect(await owner.auditEvent.count({ where: { teamId } })).toBe(0);
  });
});
