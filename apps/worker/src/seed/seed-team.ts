import type { Db, Prisma, Team, User } from "@fieldtest/db";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { DEMO_PASSWORD, DEMO_TEAM, DEMO_USERS } from "./demo-content.ts";
import { findOrCreate } from "./find-or-create.ts";
import type { SeedLog } from "./seed-log.ts";

/**
 * better-auth's own server-side API on `database` (the seed's client or one of its transactions),
 * so that the `user` and `account` rows (ids, columns, password hash) stay better-auth's business.
 * Not the sign-up endpoint: the web app disables sign-up.
 */
function authContext(database: Db | Prisma.TransactionClient) {
  return betterAuth({
    database: prismaAdapter(database, { provider: "postgresql" }),
    emailAndPassword: { enabled: true },
    // better-auth requires one; the seed signs nothing with it (no sessions, cookies or tokens).
    secret: "fieldtest-seed-signs-nothing-with-this-secret",
    logger: { disabled: true },
  }).$context;
}
type AuthContext = Awaited<ReturnType<typeof authContext>>;

/**
 * The demo team and its users, created through better-auth's internal adapter the way its email +
 * password sign-up creates them (a user and a `credential` account holding the password hash), so
 * the web app's better-auth signs them in. An existing user keeps their password.
 */
export async function seedTeam(options: { db: Db; log: SeedLog }): Promise<{ team: Team; users: Map<string, User> }> {
  const { db, log } = options;
  const team = await findOrCreate(
    () => db.team.findUnique({ where: { slug: DEMO_TEAM.slug } }),
    () => db.team.create({ data: { slug: DEMO_TEAM.slug, name: DEMO_TEAM.name } }),
  );
  if (team.created) log(`created team ${DEMO_TEAM.slug} (${DEMO_TEAM.name})`);

  const auth = await authContext(db);
  const users = new Map<string, User>();
  // scrypt takes ~140 ms a hash: hash the three passwords in parallel.
  const seeded = await Promise.all(DEMO_USERS.map((spec) => seedUser(db, auth, spec)));
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

async function seedUser(
  db: Db,
  auth: AuthContext,
  spec: { email: string; name: string },
): Promise<{ user: User; created: boolean }> {
  const findUser = () => db.user.findUnique({ where: { email: spec.email } });
  const existing = await findUser();
  if (existing && (await auth.internalAdapter.findCredentialAccount(existing.id))) {
    return { user: existing, created: false };
  }

  const password = await auth.password.hash(DEMO_PASSWORD);
  const credential = (userId: string) => ({ userId, providerId: "credential", accountId: userId, password });
  if (existing) {
    // A user without a password (e.g. a crash between the two writes of an older seed).
    await auth.internalAdapter.linkAccount(credential(existing.id));
    return { user: existing, created: false };
  }
  // User and credential in one transaction: a concurrent seed sees both or neither, and the loser
  // of the race on the email gets the winner's user (findOrCreate) without a second credential.
  const created = await findOrCreate(findUser, () =>
    db.$transaction(async (tx) => {
      const { internalAdapter } = await authContext(tx);
      const user = await internalAdapter.createUser(
        { name: spec.name, email: spec.email, emailVerified: true },
        { method: "email-password" },
      );
      await internalAdapter.linkAccount(credential(user.id));
      // Read back as the Prisma row the rest of the seed works with.
      return tx.user.findUniqueOrThrow({ where: { id: user.id } });
    }),
  );
  return { user: created.row, created: created.created };
}
