import { AllowListError, parseAllowList } from "@fieldtest/outbound";
import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

/**
 * The web app's settings: the only place in apps/web that reads process.env.
 * next.config.ts imports this module, so a bad variable fails `next build` / `next start`.
 * (packages/db and packages/jobs read DATABASE_URL, REDIS_URL, FIELDTEST_QUEUE_PREFIX and
 * FIELDTEST_STORAGE_DIR themselves; validating them here too surfaces mistakes at start.)
 */
const isProduction = process.env.NODE_ENV === "production";
// Secrets are injected at run time, so a production *build* may lack the secret (next.config.ts
// is loaded before Next sets NEXT_PHASE, hence the argv check); `next start` needs it.
const isBuild = process.env.NEXT_PHASE === "phase-production-build" || process.argv.slice(2).includes("build");

/** Adds parseAllowList's complaint (without its variable-name prefix; the issue path names it). */
function checkAllowList(value: string, ctx: z.RefinementCtx): void {
  try {
    parseAllowList(value);
  } catch (err) {
    if (!(err instanceof AllowListError)) throw err;
    ctx.addIssue({ code: "custom", message: err.message.replace(/^FIELDTEST_OUTBOUND_ALLOW: /, "") });
  }
}

const authSecret = z.string().min(32, "must be at least 32 characters");

export const env = createEnv({
  server: {
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
      .optional(),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// URL")
      .optional(),
    BETTER_AUTH_SECRET: isProduction && !isBuild ? authSecret : authSecret.optional(),
    BETTER_AUTH_URL: z.url().optional(),
    FIELDTEST_QUEUE_PREFIX: z
      .string()
      .regex(/^[a-z0-9_-]+$/i, "letters, digits, - and _ only")
      .optional(),
    FIELDTEST_STORAGE_DIR: z.string().min(1).optional(),
    FIELDTEST_CODE_VERSION: z.string().min(1).default("dev"),
    FIELDTEST_AUTH_RATE_LIMIT: z.enum(["on", "off"]).default("on"),
    // Events (or labels) per second one API key may send to /api/v1/events and /labels, counted in
    // Redis so that every web process shares the budget; more are answered 429 with Retry-After.
    FIELDTEST_INGEST_RATE_LIMIT: z.coerce.number().int().min(1).default(20_000),
    // Prediction events older than this (by event time) are refused at ingestion and removed by
    // the worker's sweeper (the worker reads the same variable).
    FIELDTEST_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).default(400),
    // When set, /api/metrics requires `Authorization: Bearer <token>` from every caller; unset, it
    // answers loopback callers only (server/observability/access.ts says why).
    FIELDTEST_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters (use a random value)").optional(),
    // Hosts and CIDRs (comma-separated) that model endpoints may be registered at although they are
    // loopback, private or link-local (DESIGN.md "Model endpoints"); cloud metadata stays refused.
    // A typo fails start-up here, naming the variable, instead of the first registration.
    FIELDTEST_OUTBOUND_ALLOW: z.string().trim().default("").superRefine(checkAllowList),
    // The same for webhook URLs, kept apart from the model endpoints' list: a team admin sets
    // webhook URLs, and the endpoints' internal hosts are not theirs to reach. Empty by default.
    FIELDTEST_WEBHOOK_ALLOW: z.string().trim().default("").superRefine(checkAllowList),
    // Base64 of the 32-byte key that encrypts endpoint secrets; the worker needs the same key.
    // Required only to register an endpoint with a secret.
    FIELDTEST_SECRET_KEY: z.string().trim().optional(),
    // Next's build folder, relative to apps/web: `npm test` builds into its own (.next-test) so a
    // running `npm start` keeps serving .next. `next build` empties this folder, so only a
    // `.next…` name is accepted (no path, no `..`): a typo cannot point it at src/ or the repo.
    FIELDTEST_NEXT_DIST_DIR: z
      .string()
      .regex(/^\.next[\w.-]*$/, "must be a folder name starting with .next, e.g. .next-test")
      .refine((dir) => !dir.includes(".."), "must not contain ..")
      .default(".next"),
  },
  client: {},
  runtimeEnv: {
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL,
    BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET,
    BETTER_AUTH_URL: process.env.BETTER_AUTH_URL,
    FIELDTEST_QUEUE_PREFIX: process.env.FIELDTEST_QUEUE_PREFIX,
    FIELDTEST_STORAGE_DIR: process.env.FIELDTEST_STORAGE_DIR,
    FIELDTEST_CODE_VERSION: process.env.FIELDTEST_CODE_VERSION,
    FIELDTEST_AUTH_RATE_LIMIT: process.env.FIELDTEST_AUTH_RATE_LIMIT,
    FIELDTEST_INGEST_RATE_LIMIT: process.env.FIELDTEST_INGEST_RATE_LIMIT,
    FIELDTEST_EVENT_RETENTION_DAYS: process.env.FIELDTEST_EVENT_RETENTION_DAYS,
    FIELDTEST_METRICS_TOKEN: process.env.FIELDTEST_METRICS_TOKEN,
    FIELDTEST_NEXT_DIST_DIR: process.env.FIELDTEST_NEXT_DIST_DIR,
    FIELDTEST_OUTBOUND_ALLOW: process.env.FIELDTEST_OUTBOUND_ALLOW,
    FIELDTEST_WEBHOOK_ALLOW: process.env.FIELDTEST_WEBHOOK_ALLOW,
    FIELDTEST_SECRET_KEY: process.env.FIELDTEST_SECRET_KEY,
  },
  emptyStringAsUndefined: true,
});
