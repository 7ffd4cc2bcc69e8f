import { Queue } from "bullmq";
import { createRedis } from "./connection.ts";
import { jobsEnv } from "./env.ts";
import { jobIdOf, type QueueKey, type QueuePayload, queues, type RowQueueKey } from "./queues.ts";

// BullMQ does not close a connection it was given, so each queue's connection is kept to close it ourselves.
type ProducerQueue = { queue: Queue; connection: ReturnType<typeof createRedis> };
const globalForQueues = globalThis as unknown as { fieldtestQueues?: Map<string, ProducerQueue> };

function producerQueue(key: QueueKey, prefix: string = jobsEnv().FIELDTEST_QUEUE_PREFIX): ProducerQueue {
  globalForQueues.fieldtestQueues ??= new Map();
  const cacheKey = `${prefix}:${key}`;
  let entry = globalForQueues.fieldtestQueues.get(cacheKey);
  if (!entry) {
    const connection = createRedis("producer");
    entry = { queue: new Queue(queues[key].name, { connection, prefix }), connection };
    globalForQueues.fieldtestQueues.set(cacheKey, entry);
  }
  return entry;
}

/** The producer-side Queue for `key`, one per process and prefix. */
export function getQueue(key: QueueKey, prefix?: string): Queue {
  return producerQueue(key, prefix).queue;
}

/** How long `enqueue` waits for Redis unless told otherwise. */
export const DEFAULT_ENQUEUE_TIMEOUT_MS = 5_000;

export interface EnqueueOptions {
  /** BullMQ key prefix; defaults to FIELDTEST_QUEUE_PREFIX. */
  prefix?: string;
  /** How long to wait for Redis before rejecting (default DEFAULT_ENQUEUE_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Runs the job no earlier than this many ms from now (a retry's backoff); `enqueue` only. */
  delayMs?: number;
}

/**
 * Validates the payload against the queue's schema and adds the job with jobId = row id,
 * so a second enqueue of the same run is a no-op while the first job exists.
 * Rejects when Redis does not answer within `timeoutMs`: BullMQ waits for an unreachable
 * Redis indefinitely (ioredis keeps reconnecting), and the caller's row is safe in Postgres.
 */
export async function enqueue<K extends RowQueueKey>(
  key: K,
  payload: QueuePayload<K>,
  options: EnqueueOptions = {},
): Promise<string> {
  const timeoutMs = checkedTimeout("enqueue", options.timeoutMs);
  const spec = queues[key];
  const data = spec.payload.parse(payload) as QueuePayload<K>;
  const jobId = jobIdOf(key, data);
  const delay = options.delayMs && options.delayMs > 0 ? { delay: Math.round(options.delayMs) } : {};
  const added = getQueue(key, options.prefix).add(spec.name, data, { ...spec.options, jobId, ...delay });
  await answeredWithin(added, timeoutMs);
  return jobId;
}

/** Jobs per `addBulk` call of `enqueueMany`: one MULTI each, small enough not to stall Redis for others. */
export const ENQUEUE_MANY_CHUNK = 500;

/**
 * `enqueue` for many rows at once: every payload is validated first (one bad payload rejects
 * the call and adds nothing), then the jobs go to Redis with `addBulk`, ENQUEUE_MANY_CHUNK per
 * round trip instead of one round trip each. Same job options and jobId = row id as `enqueue`,
 * so a row whose job already exists is skipped by BullMQ, as with `enqueue`. `timeoutMs` bounds
 * each chunk. Chunks are sent one after another: when one fails, the earlier ones are in Redis
 * and the later ones are not (the sweeper enqueues those rows).
 */
export async function enqueueMany<K extends RowQueueKey>(
  key: K,
  payloads: readonly QueuePayload<K>[],
  options: EnqueueOptions = {},
): Promise<string[]> {
  const timeoutMs = checkedTimeout("enqueueMany", options.timeoutMs);
  const spec = queues[key];
  const jobs = payloads.map((payload) => {
    const data = spec.payload.parse(payload) as QueuePayload<K>;
    const jobId = jobIdOf(key, data);
    return { name: spec.name, data, opts: { ...spec.options, jobId } };
  });
  if (jobs.length === 0) return [];
  const queue = getQueue(key, options.prefix);
  for (const chunk of chunked(jobs, ENQUEUE_MANY_CHUNK)) {
    await answeredWithin(queue.addBulk(chunk), timeoutMs);
  }
  return jobs.map((job) => job.opts.jobId);
}

/** `items` in consecutive slices of at most `size`. */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function checkedTimeout(caller: string, timeoutMs = DEFAULT_ENQUEUE_TIMEOUT_MS): number {
  // setTimeout fires at once for Infinity, NaN or values past 2^31 - 1 ms.
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > 2_147_483_647) {
    throw new RangeError(`${caller}: timeoutMs must be a positive integer of milliseconds, got ${timeoutMs}`);
  }
  return timeoutMs;
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

/**
 * Pings Redis over this process's producer connection for `prefix` (the one `enqueue` uses), for
 * readiness checks. Resolves when Redis answers PONG. While Redis is unreachable it rejects at
 * once, except before the first connection, when it waits: callers bound it with a timeout.
 */
export async function pingQueueRedis(prefix?: string): Promise<void> {
  const { queue, connection } = producerQueue(Object.keys(queues)[0] as QueueKey, prefix);
  await queue.waitUntilReady();
  const answer = await connection.ping();
  if (answer !== "PONG") throw new Error(`Redis answered ${JSON.stringify(answer)} to PING`);
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
