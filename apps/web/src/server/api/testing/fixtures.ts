import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { findRepoRoot, getDb } from "@fieldtest/db";
import { TRPCError } from "@trpc/server";
import { auth } from "../../auth";
import { createCaller } from "../root";
import { createTRPCContext } from "../trpc";

/**
 * Recreates the tests' own database from the repository's migrations, so every run starts from
 * nothing. Only a database whose name ends in `_it` is ever dropped.
 */
export function migrateTestDatabase(databaseUrl: string): void {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[a-z0-9_]+_it$/.test(name)) throw new Error(`refusing to reset database "${name}": its name must end in _it`);
  url.pathname = "/postgres";
  execFileSync("psql", [url.toString(), "-qtA", "-c", `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`], {
    stdio: "pipe",
  });
  execFileSync("npm", ["run", "--silent", "db:migrate"], {
    cwd: findRepoRoot(),
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: "pipe",
  });
}

export type TestUser = { id: string; email: string; password: string; cookie: string };

/**
 * A real better-auth user and the session cookie of a real sign-in. Sign-up is disabled, so the
 * user is created the way admin tooling will: better-auth's internal adapter, with a credential
 * account holding its password hash.
 */
export async function createUser(name: string): Promise<TestUser> {
  const email = `${name}-${randomUUID().slice(0, 8)}@web-it.test`;
  const password = "correct horse battery staple";
  const ctx = await auth.$context;
  const user = await ctx.internalAdapter.createUser({ name, email, emailVerified: true }, { method: "admin" });
  await ctx.internalAdapter.linkAccount({
    userId: user.id,
    providerId: "credential",
    accountId: user.id,
    password: await ctx.password.hash(password),
  });
  const { headers } = await auth.api.signInEmail({ body: { email, password }, returnHeaders: true });
  const cookie = headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { id: user.id, email, password, cookie };
}

export async function createTeam(name: string, members: { user: TestUser; role?: "member" | "reviewer" | "admin" }[]) {
  return getDb().team.create({
    data: {
      slug: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}`,
      name,
      memberships: { create: members.map((m) => ({ userId: m.user.id, role: m.role ?? "member" })) },
    },
  });
}

/** A tRPC caller with the user's real session cookie (or none). */
export async function callerFor(user: TestUser | null) {
  const headers = new Headers(user ? { cookie: user.cookie } : {});
  return createCaller(await createTRPCContext({ headers }));
}

/** The scoping tests' cast: alice in team Alpha, bob in team Bravo. */
export async function createTwoTeams(): Promise<{
  alice: TestUser;
  bob: TestUser;
  teamA: { id: string };
  teamB: { id: string };
}> {
  const alice = await createUser("alice");
  const bob = await createUser("bob");
  return {
    alice,
    bob,
    teamA: await createTeam("Alpha", [{ user: alice }]),
    teamB: await createTeam("Bravo", [{ user: bob }]),
  };
}

/** cleanUp of whatever a beforeAll got to create before it failed (undefined entries are skipped). */
export async function cleanUpCreated(teams: ({ id: string } | undefined)[], users: ({ id: string } | undefined)[]) {
  const ids = (items: ({ id: string } | undefined)[]) => items.flatMap((item) => (item ? [item.id] : []));
  await cleanUp(ids(teams), ids(users));
}

/** Removes what the tests created (teams cascade to their objects; users to sessions and accounts). */
export async function cleanUp(teamIds: string[], userIds: string[]) {
  const db = getDb();
  await db.evaluationRun.deleteMany({ where: { teamId: { in: teamIds } } });
  await db.benchmark.deleteMany({ where: { teamId: { in: teamIds } } });
  await db.team.deleteMany({ where: { id: { in: teamIds } } });
  await db.user.deleteMany({ where: { id: { in: userIds } } });
}

export const DATASET_CSV = [
  "id,label,ts,segment",
  "r1,1,2024-01-01,a",
  "r2,0,2024-01-02,b",
  "r3,1,2024-01-03,a",
  "r4,0,2024-01-04,b",
  "r5,1,2024-01-05,a",
  "r6,0,2024-01-06,b",
].join("\n");

export const PREDICTIONS_CSV = ["id,score", "r1,0.9", "r2,0.2", "r3,0.7", "r4,0.4", "r5,0.6", "r6,0.1"].join("\n");

/** The TRPCError a call fails with; throws when it succeeds or fails otherwise. */
export async function failure(call: Promise<unknown>): Promise<TRPCError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof TRPCError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}
