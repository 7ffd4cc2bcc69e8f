import type { Db, Team, User } from "@fieldtest/db";
import { generateRandomString, hashPassword } from "better-auth/crypto";
import { DEMO_PASSWORD, DEMO_TEAM, DEMO_USERS } from "./demo-content.ts";
import { findOrCreate } from "./find-or-create.ts";
import type { SeedLog } from "./seed-log.ts";

/** better-auth's default id: 32 random alphanumerics. */
const newAuthId = () => generateRandomString(32, "a-z", "A-Z", "0-9");

/**
 * The demo team and its users, created the way better-auth's email + password sign-up
 * creates them (a `user` row and a `credential` account holding the scrypt hash), so the
 * web app's better-auth signs them in. An existing user keeps their password.
 */
export async function seedTeam(options: { db: Db; log: SeedLog }): Promise<{ team: Team; users: Map<string, User> }> {
  const { db, log } = options;
  const team = await findOrCreate(
    () => db.team.findUnique({ where: { slug: DEMO_TEAM.slug } }),
    () => db.team.create({ data: { slug: DEMO_TEAM.slug, name: DEMO_TEAM.name } }),
  );
  if (team.created) log(`created team ${DEMO_TEAM.slug} (${DEMO_TEAM.name})`);

  const users = new Map<string, User>();
  // scrypt takes ~140 ms a hash: hash the three passwords in parallel.
  const seeded = await Promise.all(DEMO_USERS.map((spec) => seedUser(db, spec)));
  for (const [k, spec] of DEMO_USERS.entries()) {
    const { user, created } = seeded[k] as { user: User; created: boolean };
    users.set(spec.email, user);
    if (created) log(`created user ${spec.email} (password "${DEMO_PASSWORD}")`);
    const membership = await findOrCreate(
      () => db.membership.findUnique({ where: { teamId_userId: { teamId: team.row.id, userId: user.id } } }),
      () => db.membership.create({ data: { teamId: team.row.id, userId: user.id, role: spec.role } }),
    );
    if (membership.created) log(`created membership ${spec.email} → ${DEMO_TEAM.slug} as ${spec.role}`);
  }
  return { team: team.row, users };
}

async function seedUser(db: Db, spec: { email: string; name: string }): Promise<{ user: User; created: boolean }> {
  const hasCredential = async (userId: string) =>
    (await db.account.count({ where: { userId, providerId: "credential" } })) > 0;
  const existing = await db.user.findUnique({ where: { email: spec.email } });
  if (existing && (await hasCredential(existing.id))) return { user: existing, created: false };

  const password = await hashPassword(DEMO_PASSWORD);
  if (existing) {
    // A user without a password (e.g. a crash between the two writes of an older seed).
    await db.account.create({
      data: { id: newAuthId(), accountId: existing.id, providerId: "credential", userId: existing.id, password },
    });
    return { user: existing, created: false };
  }
  const id = newAuthId();
  const created = await findOrCreate(
    () => db.user.findUnique({ where: { email: spec.email } }),
    () =>
      db.$transaction(async (tx) => {
        const user = await tx.user.create({ data: { id, name: spec.name, email: spec.email, emailVerified: true } });
        await tx.account.create({
          data: { id: newAuthId(), accountId: id, providerId: "credential", userId: id, password },
        });
        return user;
      }),
  );
  return { user: created.row, created: created.created };
}
