import type { Db } from "@fieldtest/db";
import { getQueue, pingQueueRedis, type QueueKey, queues } from "@fieldtest/jobs";
import type { WorkerEnv } from "../env.ts";
import type { WorkerMetrics } from "./metrics.ts";
import { type ObservabilityServer, startObservabilityServer } from "./server.ts";

/**
 * The worker's /healthz, /readyz and /metrics as main.ts runs them: readiness pings Redis over
 * the process's producer connection and runs `select 1` on Postgres; /metrics reads every
 * queue of the contract under `prefix`.
 */
export function startWorkerObservability(options: {
  env: Pick<WorkerEnv, "FIELDTEST_WORKER_METRICS_HOST" | "FIELDTEST_WORKER_METRICS_PORT" | "FIELDTEST_METRICS_TOKEN">;
  prefix: string;
  db: Db;
  metrics: WorkerMetrics;
}): Promise<ObservabilityServer> {
  const { env, prefix, db, metrics } = options;
  return startObservabilityServer({
    host: env.FIELDTEST_WORKER_METRICS_HOST,
    port: env.FIELDTEST_WORKER_METRICS_PORT,
    token: env.FIELDTEST_METRICS_TOKEN,
    metrics,
    queues: (Object.keys(queues) as QueueKey[]).map((key) => getQueue(key, prefix)),
    readiness: [
      { name: "redis", check: () => pingQueueRedis(prefix) },
      { name: "postgres", check: () => db.$queryRaw`select 1` },
    ],
  });
}
