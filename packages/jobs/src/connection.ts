import { Redis, type RedisOptions } from "ioredis";
import { jobsEnv } from "./env.ts";

/**
 * A Redis connection for BullMQ. Workers need `maxRetriesPerRequest: null`
 * (blocking commands must wait through reconnects); producers fail fast instead.
 */
export function createRedis(role: "producer" | "worker", url: string = jobsEnv().REDIS_URL): Redis {
  const options: RedisOptions =
    role === "worker" ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 2, enableOfflineQueue: false };
  return new Redis(url, options);
}
