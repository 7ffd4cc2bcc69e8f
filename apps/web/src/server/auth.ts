import "server-only";
import { getDb } from "@fieldtest/db";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { env } from "../env";

/**
 * better-auth owns sessions and passwords (scrypt); nothing here hand-rolls either.
 * Users are created by the seed (and later by admin tooling), never by themselves: the
 * sign-up endpoint is disabled, so no stranger can hold a session, even one that sees nothing.
 */
export const auth = betterAuth({
  database: prismaAdapter(getDb(), { provider: "postgresql" }),
  secret: env.BETTER_AUTH_SECRET,
  baseURL: env.BETTER_AUTH_URL,
  emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
  session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
  rateLimit: {
    // better-auth's default rules (sign-in/up a few per 10 s per IP); e2e sets FIELDTEST_AUTH_RATE_LIMIT=off.
    enabled: env.FIELDTEST_AUTH_RATE_LIMIT === "on",
  },
  // nextCookies must be the last plugin: it copies Set-Cookie of server-side calls into Next's cookies().
  plugins: [nextCookies()],
});

export type AuthSession = NonNullable<Awaited<ReturnType<typeof auth.api.getSession>>>;
