import { Queue } from "bullmq";
import { createRedis } from "./connection.ts";
import { jobsEnv } from "./env.ts";
import { jobIdOf, type QueueKey, type QueuePayload, queues } from "./queues.ts";

// BullMQ does not close a connection it was given, so each queue's connection is kept to close it ourselves.
type ProducerQueue = { queue: Queue; connection: ReturnType<typeof createRedis> };
const globalForQueues = globalThis as unknown as { fieldtestQueues?: Map<string, ProducerQueue> };

/** The producer-side Queue for `key`, one per process and prefix. */
export function getQueue(key: QueueKey, prefix: string = jobsEnv().FIELDTEST_QUEUE_PREFIX): Queue {
  globalForQueues.fieldtestQueues ??= new Map();
  const cacheKey = `${prefix}:${key}`;
  let entry = globalForQueues.fieldtestQueues.get(cacheKey);
  if (!entry) {
    const connection = createRedis("producer");
    entry = { queue: new Queue(queues[key].name, { connection, prefix }), connection };
    globalForQueues.fieldtestQueues.set(cacheKey, entry);
  }
  return entry.queue;
}

/** How long `enqueue` waits for Redis unless told otherwise. */
export const DEFAULT_ENQUEUE_TIMEOUT_MS = 5_000;

export interface EnqueueOptions {
  /** BullMQ key prefix; defaults to FIELDTEST_QUEUE_PREFIX. */
  prefix?: string;
  /** How long to wait for Redis before rejecting (default DEFAULT_ENQUEUE_TIMEOUT_MS). */
  timeoutMs?: number;
}

/**
 * Validates the payload against the queue's schema and adds the job with jobId = row id,
 * so a second enqueue of the same run is a no-op while the first job exists.
 * Rejects when Redis does not answer within `timeoutMs`: BullMQ waits for an unreachable
 * Redis indefinitely (ioredis keeps reconnecting), and the caller's row is safe in Postgres.
 */
export async function enqueue<K extends QueueKey>(
  key: K,
  payload: QueuePayload<K>,
  options: EnqueueOptions = {},
): Promise<string> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_ENQUEUE_TIMEOUT_MS;
  // setTimeout fires at once for Infinity, NaN or values past 2^31 - 1 ms.
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > 2_147_483_647) {
    throw new RangeError(`enqueue: timeoutMs must be a positive integer of milliseconds, got ${timeoutMs}`);
  }
  const spec = queues[key];
  const data = spec.payload.parse(payload) as QueuePayload<K>;
  const jobId = jobIdOf(key, data);
  const added = getQueue(key, options.prefix).add(spec.name, data, { ...spec.options, jobId });
  await answeredWithin(added, timeoutMs);
  return jobId;
}

async function answeredWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  // After a timeout nobody awaits `promise`; its late rejection (e.g. when the queue is closed) must not go unhandled.
  promise.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`Redis did not answer within ${ms}ms; the run stays queued and the sweeper will enqueue it`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Closes every producer queue of this process (tests, graceful shutdown). */
export async function closeQueues(): Promise<void> {
  const all = globalForQueues.fieldtestQueues;
  if (!all) return;
  const entries = [...all.values()];
  all.clear();
  await Promise.all(
    entries.map(async ({ queue, connection }) => {
      await queue.close();
      await connection.quit().catch(() => connection.disconnect());
    }),
  );
}
