import { randomUUID } from "node:crypto";
import { createDb, dbEnv, mintApiKey } from "@fieldtest/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fieldtest } from "./helpers/run-fieldtest.ts";

/**
 * `fieldtest audit verify` against the real database in DATABASE_URL (the integration database):
 * spawned as an operator would run it. Other tests' teams share that database, so the checks look
 * at this file's teams only.
 */
const db = createDb();
/** The database owner (DATABASE_URL), who alone can switch the append-only trigger off: the app's role cannot. */
const owner = createDb(dbEnv().DATABASE_URL);
let intact: { id: string; slug: string };
let tampered: { id: string; slug: string };

async function teamWithKeys(name: string, keys: number) {
  const team = await db.team.create({ data: { slug: `audit-${randomUUID().slice(0, 8)}`, name } });
  for (let i = 1; i <= keys; i++) {
    await mintApiKey({ db, teamId: team.id, name: `key ${i}`, scopes: ["read"], createdById: null });
  }
  return team;
}

interface Report {
  ok: boolean;
  teams: { teamId: string; slug: string; ok: boolean; events: number; broken: unknown }[];
}

beforeAll(async () => {
  intact = await teamWithKeys("Audit intact", 3);
  tampered = await teamWithKeys("Audit tampered", 3);
});

afterAll(async () => {
  // Deleting a team is the one way its audit events may go (the trigger lets the cascade through).
  await db.team.deleteMany({ where: { id: { in: [intact?.id, tampered?.id].filter((id) => id !== undefined) } } });
  await db.$disconnect();
  await owner.$disconnect();
});

describe("fieldtest audit verify", () => {
  it("exits 0 for an intact chain, printing its events", async () => {
    const { code, stdout, stderr } = await fieldtest(["audit", "verify", "--team", intact.slug]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toBe(`ok   ${intact.slug}  3 events\n`);
  });

  it("checks every team without --team; --json prints one document", async () => {
    const { code, stdout } = await fieldtest(["audit", "verify", "--json"]);
    const doc = JSON.parse(stdout) as Report;
    expect(doc.teams.find((t) => t.slug === intact.slug)).toMatchObject({ ok: true, events: 3, broken: null });
    expect(doc.ok).toBe(doc.teams.every((t) => t.ok));
    expect(code).toBe(doc.ok ? 0 : 1);
  });

  it("exits 1 naming the first broken entry after an owner tampered with an event", async () => {
    const second = await db.auditEvent.findFirstOrThrow({ where: { teamId: tampered.id, seq: 2 } });
    // An owner switches the append-only trigger off, inside one transaction that nobody else sees.
    await owner.$transaction(async (tx) => {
      await tx.$executeRaw`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`;
      await tx.$executeRaw`UPDATE audit_event SET details = '{"name":"forged"}' WHERE id = ${second.id}::uuid`;
      await tx.$executeRaw`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`;
    });
    const { code, stdout, stderr } = await fieldtest(["audit", "verify", "--team", tampered.slug]);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(stdout).toBe(
      `BROKEN ${tampered.slug} at seq 2 (event ${second.id}): the event was changed after it was written (its hash does not match)\n`,
    );

    const json = await fieldtest(["audit", "verify", "--team", tampered.slug, "--json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      teams: [{ slug: tampered.slug, ok: false, events: 3, broken: { seq: 2, id: second.id } }],
    });
  });

  it.each([
    ["an unknown team", ["verify", "--team", "no-such-team-xyz"], /--team: Team "no-such-team-xyz" not found/],
    ["an unknown subcommand", ["repair"], /unknown subcommand "repair"/],
    ["an unknown flag", ["verify", "--fix"], /--fix/],
  ])("exits 2 with nothing on stdout for %s", async (_, args, message) => {
    const { code, stdout, stderr } = await fieldtest(["audit", ...args]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
  });

  it("--help prints the usage and exits 0", async () => {
    const { code, stdout } = await fieldtest(["audit", "verify", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: fieldtest audit verify");
  });
});
