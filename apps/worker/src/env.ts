import { AllowListError, parseAllowList } from "@fieldtest/outbound";
import { z } from "zod";

// BullMQ's own defaults, spelled out so the worker's settings are visible in one place.
const BULLMQ_LOCK_DURATION_MS = 30_000;
const BULLMQ_STALLED_INTERVAL_MS = 30_000;

// An empty variable (`FOO=` in a .env file) means "use the default", like an unset one.
const unsetIfEmpty = (v: unknown) => (v === "" ? undefined : v);
const integer = (fallback: number) => z.preprocess(unsetIfEmpty, z.coerce.number().int().min(0).default(fallback));
const milliseconds = integer;

/** A typo in the allow list fails start-up (naming the variable) instead of the first endpoint run. */
function checkAllowList(value: string, ctx: z.RefinementCtx): void {
  try {
    parseAllowList(value);
  } catch (err) {
    if (!(err instanceof AllowListError)) throw err;
    ctx.addIssue({ code: "custom", message: err.message.replace(/^FIELDTEST_OUTBOUND_ALLOW: /, "") });
  }
}

const schema = z.object({
  /** Jobs processed at once per queue by one worker process. */
  FIELDTEST_WORKER_CONCURRENCY: integer(2).pipe(z.number().min(1).max(64)),
  /** How long a job's lock lives without renewal; a crashed worker's job is retried after it expires. */
  FIELDTEST_WORKER_LOCK_DURATION_MS: milliseconds(BULLMQ_LOCK_DURATION_MS).pipe(z.number().min(500)),
  /** How often the worker looks for jobs whose lock expired (stalled jobs) and puts them back. */
  FIELDTEST_WORKER_STALLED_INTERVAL_MS: milliseconds(BULLMQ_STALLED_INTERVAL_MS).pipe(z.number().min(100)),
  /** How often the sweeper re-enqueues runs whose job was lost (it also sweeps once at start). */
  FIELDTEST_SWEEP_INTERVAL_MS: milliseconds(30_000).pipe(z.number().min(100)),
  /** Prediction events older than this (event time) and labels older than this (arrival) are removed by the sweeper. */
  FIELDTEST_EVENT_RETENTION_DAYS: integer(400).pipe(z.number().min(1)),
  /** On SIGTERM, how long running jobs may take to finish before the worker stops anyway. */
  FIELDTEST_WORKER_SHUTDOWN_GRACE_MS: milliseconds(10_000),
  /** Which code computed a run's results (`npm start` sets the git commit). */
  FIELDTEST_CODE_VERSION: z
    .string()
    .trim()
    .transform((v) => v || "dev")
    .default("dev"),
  /**
   * Hosts and CIDRs (comma-separated) that endpoint runs may call although they are loopback,
   * private or link-local; cloud metadata addresses stay refused whatever this says.
   */
  FIELDTEST_OUTBOUND_ALLOW: z.preprocess(unsetIfEmpty, z.string().trim().default("").superRefine(checkAllowList)),
  /**
   * The same for webhook deliveries, kept apart: a team admin sets webhook URLs, and the model
   * endpoints' internal hosts are not theirs to reach. Empty by default.
   */
  FIELDTEST_WEBHOOK_ALLOW: z.preprocess(unsetIfEmpty, z.string().trim().default("").superRefine(checkAllowList)),
  /**
   * Base64 of the 32-byte key that encrypts endpoint secrets (the web app encrypts with the same
   * key). Needed only to call endpoints registered with a secret.
   */
  FIELDTEST_SECRET_KEY: z.preprocess(unsetIfEmpty, z.string().trim().optional()),
  /** Port of the worker's /healthz, /readyz and /metrics (0 picks a free port, for tests). */
  FIELDTEST_WORKER_METRICS_PORT: integer(9464).pipe(z.number().max(65_535)),
  /** Interface those endpoints listen on; loopback unless a scraper on another machine needs them. */
  FIELDTEST_WORKER_METRICS_HOST: z.preprocess(unsetIfEmpty, z.string().trim().min(1).default("127.0.0.1")),
  /**
   * When set, /metrics also answers callers that are not on loopback if they send
   * `Authorization: Bearer <token>` (the web app's /api/metrics takes the same token).
   */
  FIELDTEST_METRICS_TOKEN: z.preprocess(
    unsetIfEmpty,
    z.string().min(16, "must be at least 16 characters (use a random value)").optional(),
  ),
  /**
   * TEST ONLY. Sleeps this long between scoring chunks so that a crash test can catch a run
   * mid-flight. Leave at 0 (the default) everywhere else.
   */
  FIELDTEST_WORKER_THROTTLE_MS: milliseconds(0).pipe(z.number().max(60_000)),
});

export type WorkerEnv = z.infer<typeof schema>;

/** Validates the worker's settings; a bad value names the variable. */
export function parseWorkerEnv(source: Record<string, string | undefined>): WorkerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

let cached: WorkerEnv | undefined;

/** The worker's settings, read from process.env once per process. */
export function workerEnv(): WorkerEnv {
  cached ??= parseWorkerEnv(process.env);
  return cached;
}
