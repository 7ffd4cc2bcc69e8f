import type { BlobStorage, Db } from "@fieldtest/db";
import { createRedis, type QueueKey, queues } from "@fieldtest/jobs";
import { Worker } from "bullmq";
import type { WorkerEnv } from "./env.ts";
import { errorMessage, type Log } from "./log.ts";
import { processors } from "./processors/index.ts";
import { type LazyOutboundClient, lazyOutboundClient } from "./runs/outbound-client.ts";
import type { OutboundClient } from "./runs/scorers.ts";
import { startScheduleReconciler } from "./schedules/reconcile.ts";
import { startSweeper } from "./sweeper.ts";

export interface StartWorkerOptions {
  db: Db;
  storage: BlobStorage;
  /** BullMQ key prefix (FIELDTEST_QUEUE_PREFIX). */
  prefix: string;
  env: Pick<
    WorkerEnv,
    | "FIELDTEST_WORKER_CONCURRENCY"
    | "FIELDTEST_WORKER_LOCK_DURATION_MS"
    | "FIELDTEST_WORKER_STALLED_INTERVAL_MS"
    | "FIELDTEST_SWEEP_INTERVAL_MS"
    | "FIELDTEST_WORKER_THROTTLE_MS"
    | "FIELDTEST_CODE_VERSION"
  > &
    Partial<Pick<WorkerEnv, "FIELDTEST_OUTBOUND_ALLOW" | "FIELDTEST_WEBHOOK_ALLOW" | "FIELDTEST_EVENT_RETENTION_DAYS">>;
  log: Log;
  /** The outbound client endpoint runs call through (tests pass their own); default: one built from the env, lazily. */
  outbound?: () => OutboundClient;
  /** Waits before webhook delivery attempts 2, 3, … (ms); default the contract's (tests pass small ones). */
  webhookRetryDelaysMs?: readonly number[];
  /** Called with each Worker right after it is created, before it takes a job (metrics listeners). */
  instrument?: (worker: Worker) => void;
}

export interface RunningWorker {
  workers: Worker[];
  /** Stops the sweeper, waits for running jobs to finish, closes the Redis connections. */
  close(): Promise<void>;
}

/**
 * One BullMQ Worker per queue of the contract, plus the sweeper that re-enqueues lost runs and
 * the reconciler that keeps BullMQ's job schedulers in step with the Schedule rows.
 */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const { db, storage, prefix, env, log } = options;
  const ownOutbound = options.outbound ? null : lazyOutboundClient({ allow: env.FIELDTEST_OUTBOUND_ALLOW ?? "" });
  // Webhooks get their own client: their own allow-list, and no redirects (a 3xx is a failed
  // attempt; following it would send the signed body to wherever the receiver points).
  const webhookOutbound = lazyOutboundClient({ allow: env.FIELDTEST_WEBHOOK_ALLOW ?? "", maxRedirects: 0 });
  const deps = {
    db,
    storage,
    log,
    prefix,
    codeVersion: env.FIELDTEST_CODE_VERSION,
    throttleMs: env.FIELDTEST_WORKER_THROTTLE_MS,
    outbound: options.outbound ?? (ownOutbound as LazyOutboundClient).get,
    webhookOutbound: webhookOutbound.get,
    webhookRetryDelaysMs: options.webhookRetryDelaysMs,
  };
  const connections: ReturnType<typeof createRedis>[] = [];
  const workers: Worker[] = [];
  for (const key of Object.keys(queues) as QueueKey[]) {
    const connection = createRedis("worker");
    connections.push(connection);
    const worker = new Worker(queues[key].name, processors[key](deps), {
      connection,
      prefix,
      concurrency: env.FIELDTEST_WORKER_CONCURRENCY,
      lockDuration: env.FIELDTEST_WORKER_LOCK_DURATION_MS,
      stalledInterval: env.FIELDTEST_WORKER_STALLED_INTERVAL_MS,
    });
    worker.on("error", (err) => log("worker.error", { queue: queues[key].name, error: errorMessage(err) }));
    worker.on("stalled", (jobId) => log("job.stalled", { queue: queues[key].name, jobId }));
    options.instrument?.(worker);
    workers.push(worker);
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  const sweeper = startSweeper({
    db,
    storage,
    prefix,
    log,
    intervalMs: env.FIELDTEST_SWEEP_INTERVAL_MS,
    retentionDays: env.FIELDTEST_EVENT_RETENTION_DAYS,
  });
  const reconciler = startScheduleReconciler({ db, prefix, log, intervalMs: env.FIELDTEST_SWEEP_INTERVAL_MS });

  return {
    workers,
    async close() {
      await sweeper.stop();
      await reconciler.stop();
      await Promise.all(workers.map((w) => w.close()));
      // BullMQ leaves connections it was given open.
      await Promise.all(connections.map((c) => c.quit()));
      ownOutbound?.close();
      webhookOutbound.close();
    },
  };
}
