import { setTimeout as sleep } from "node:timers/promises";
import { directoryStorage, getDb } from "@fieldtest/db";
import { closeQueues, jobsEnv } from "@fieldtest/jobs";
import { workerEnv } from "./env.ts";
import { errorMessage, log } from "./log.ts";
import { instrumentWorker } from "./observability/instrument-worker.ts";
import { workerMetrics } from "./observability/metrics.ts";
import { startWorkerObservability } from "./observability/start-observability.ts";
import { startWorker } from "./start-worker.ts";

const env = workerEnv();
const { FIELDTEST_QUEUE_PREFIX: prefix } = jobsEnv();
const db = getDb();

const metrics = workerMetrics();
const running = await startWorker({
  db,
  storage: directoryStorage(),
  prefix,
  env,
  log,
  instrument: (worker) => instrumentWorker(worker, metrics),
});
// /healthz, /readyz and /metrics serve operators; a port already taken is reported in
// "worker.started" (metricsError) rather than stopping a worker that can do its work.
const observability = await startWorkerObservability({ env, prefix, db, metrics }).then(
  (server) => ({ server, error: undefined }),
  (err: unknown) => ({ server: undefined, error: errorMessage(err) }),
);
let stopping = false;

/**
 * Graceful shutdown: stop taking jobs and let running ones finish within the grace period.
 * A job still running after it is simply left: its lock expires, BullMQ sees it stalled and
 * another worker runs it again — safe, because a run's writes are idempotent.
 */
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    log("worker.exit", { signal, reason: "second signal" });
    process.exit(1);
  }
  stopping = true;
  log("worker.stopping", { signal, graceMs: env.FIELDTEST_WORKER_SHUTDOWN_GRACE_MS });
  const outcome = await Promise.race([
    running.close().then(() => "closed" as const),
    // Unreferenced: once everything is closed, this timer must not keep the process alive.
    sleep(env.FIELDTEST_WORKER_SHUTDOWN_GRACE_MS, "grace expired" as const, { ref: false }),
  ]).catch((err: unknown) => `close failed: ${errorMessage(err)}`);
  if (outcome !== "closed") {
    log("worker.stopped", { signal, outcome });
    process.exit(0);
  }
  await observability.server?.close().catch(() => {});
  await closeQueues().catch(() => {});
  await db.$disconnect().catch(() => {});
  log("worker.stopped", { signal, outcome });
  // Exit by running out of work rather than process.exit(), so buffered log lines are flushed;
  // the timer only catches a handle left open by mistake.
  process.exitCode = 0;
  setTimeout(() => process.exit(0), 2_000).unref();
}

// Handlers first, then the announcement: whoever waits for "worker.started" may signal at once.
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
log("worker.started", {
  pid: process.pid,
  prefix,
  codeVersion: env.FIELDTEST_CODE_VERSION,
  concurrency: env.FIELDTEST_WORKER_CONCURRENCY,
  lockDurationMs: env.FIELDTEST_WORKER_LOCK_DURATION_MS,
  stalledIntervalMs: env.FIELDTEST_WORKER_STALLED_INTERVAL_MS,
  sweepIntervalMs: env.FIELDTEST_SWEEP_INTERVAL_MS,
  ...(observability.server ? { metricsUrl: observability.server.url } : { metricsError: observability.error }),
  ...(env.FIELDTEST_WORKER_THROTTLE_MS > 0 ? { testThrottleMs: env.FIELDTEST_WORKER_THROTTLE_MS } : {}),
});
