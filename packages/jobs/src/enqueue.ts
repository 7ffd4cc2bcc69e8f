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

/**
 * Validates the payload against the queue's schema and adds the job with jobId = row id,
 * so a second enqueue of the same run is a no-op while the first job exists.
 */
export async function enqueue<K extends QueueKey>(
  key: K,
  payload: QueuePayload<K>,
  options: { prefix?: string } = {},
): Promise<string> {
  const spec = queues[key];
  const data = spec.payload.parse(payload) as QueuePayload<K>;
  const jobId = jobIdOf(key, data);
  await getQueue(key, options.prefix).add(spec.name, data, { ...spec.options, jobId });
  return jobId;
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
