import "server-only";
import { createRedis, jobsEnv } from "@fieldtest/jobs";

type Redis = ReturnType<typeof createRedis>;
const globalForRedis = globalThis as unknown as { fieldtestIngestRedis?: Promise<Redis> };

/**
 * This process's Redis connection for rate limits, once it is ready (a producer connection
 * refuses commands while it connects). A failed first connection is forgotten, so the next
 * request tries again.
 */
function redis(): Promise<Redis> {
  globalForRedis.fieldtestIngestRedis ??= new Promise<Redis>((resolve, reject) => {
    const client = createRedis("producer");
    client.once("ready", () => resolve(client));
    client.once("error", (err) => {
      if (client.status === "ready") return;
      globalForRedis.fieldtestIngestRedis = undefined;
      client.disconnect();
      reject(err);
    });
  });
  return globalForRedis.fieldtestIngestRedis;
}

/** The Redis key counting one API key's items in one one-second window. */
export function ingestRateKey(apiKeyId: string, second: number): string {
  return `${jobsEnv().FIELDTEST_QUEUE_PREFIX}:ratelimit:ingest:${apiKeyId}:${second}`;
}

/**
 * A fixed one-second window per API key, shared by every web process through Redis (INCRBY +
 * EXPIRE). Takes `count` items from the key's budget of `limit` per second; when that would go
 * over, gives them back and answers how many seconds to wait.
 */
export async function takeIngestBudget(options: {
  apiKeyId: string;
  count: number;
  limit: number;
  now?: number;
}): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  const now = options.now ?? Date.now();
  const second = Math.floor(now / 1000);
  const key = ingestRateKey(options.apiKeyId, second);
  const [[incrErr, used]] = (await (await redis()).multi().incrby(key, options.count).expire(key, 5).exec()) as [
    [Error | null, number],
  ];
  if (incrErr) throw incrErr;
  if (used <= options.limit) return { allowed: true };
  await (await redis()).decrby(key, options.count);
  return { allowed: false, retryAfterSeconds: 1 };
}
