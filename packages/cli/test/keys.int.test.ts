import { randomUUID } from "node:crypto";
import { createDb, hashApiKey, revokeApiKey, verifyApiKey, verifyAuditChain } from "@fieldtest/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fieldtest } from "./helpers/run-fieldtest.ts";

/**
 * `fieldtest keys create` against the real database in DATABASE_URL (the integration database):
 * spawned as an operator would run it.
 */
const db = createDb();
let team: { id: string; slug: string };

beforeAll(async () => {
  team = await db.team.create({ data: { slug: `keys-${randomUUID().slice(0, 8)}`, name: "Keys" } });
});

afterAll(async () => {
  if (team) await db.team.delete({ where: { id: team.id } });
  await db.$disconnect();
});

describe("fieldtest keys create", () => {
  it("prints the key once; only its hash is stored; it verifies until revoked", async () => {
    const { code, stdout, stderr } = await fieldtest([
      "keys",
      "create",
      "--team",
      team.slug,
      "--scopes",
      "ingest,read",
      "--name",
      "bootstrap",
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const key = stdout.trim();
    expect(key).toMatch(/^ft_[A-Za-z0-9_-]{43}$/);
    const row = await db.apiKey.findUniqueOrThrow({ where: { hash: hashApiKey(key) } });
    expect(row).toMatchObject({
      teamId: team.id,
      name: "bootstrap",
      scopes: ["ingest", "read"],
      createdById: null,
      prefix: key.slice(0, 11),
    });
    expect((await verifyApiKey({ db, key }))?.id).toBe(row.id);
    await revokeApiKey({ db, teamIds: [team.id], apiKeyId: row.id, actor: { operator: "keys test" } });
    expect(await verifyApiKey({ db, key })).toBeNull();
    // Both changes are in the team's tamper-evident audit log, in order.
    const events = await db.auditEvent.findMany({ where: { teamId: team.id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => [e.action, e.actorLabel, e.targetId])).toEqual([
      ["api_key.created", "operator: fieldtest keys create", row.id],
      ["api_key.revoked", "operator: keys test", row.id],
    ]);
    expect(await verifyAuditChain(db, team.id)).toEqual({ ok: true, events: 2 });
    expect(await verifyApiKey({ db, key: `${key}x` })).toBeNull();
  });

  it("--json prints the key with its id, prefix and scopes", async () => {
    const { code, stdout } = await fieldtest(["keys", "create", "--team", team.slug, "--scopes", "evaluate", "--json"]);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as { id: string; key: string; prefix: string; scopes: string[]; name: string };
    expect(doc).toMatchObject({ scopes: ["evaluate"], name: "operator" });
    expect(doc.key.startsWith(doc.prefix)).toBe(true);
  });

  it.each([
    ["an unknown team", ["--team", "no-such-team-xyz", "--scopes", "read"], /Team "no-such-team-xyz" not found/],
    ["an unknown scope", ["--team", "TEAM", "--scopes", "read,admin"], /Unknown scope "admin"/],
    ["no scopes", ["--team", "TEAM", "--scopes", " , "], /at least one scope/],
  ])("exits 2 with one stderr line for %s, storing nothing", async (_, args, message) => {
    const before = await db.apiKey.count({ where: { teamId: team.id } });
    const { code, stdout, stderr } = await fieldtest([
      "keys",
      "create",
      ...args.map((a) => (a === "TEAM" ? team.slug : a)),
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(await db.apiKey.count({ where: { teamId: team.id } })).toBe(before);
  });

  it("exits 2 without --team", async () => {
    const { code, stderr } = await fieldtest(["keys", "create", "--scopes", "read"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--team");
  });
});
