import type { JobsOptions } from "bullmq";
import { z } from "zod";

/**
 * The one queue contract shared by web (producer) and worker (consumer):
 * name, payload schema and default job options per queue.
 */
export const queues = {
  benchmarkRun: {
    name: "benchmark-run",
    payload: z.object({ runId: z.uuid() }),
    options: {
      attempts: 3,
      backoff: { type: "exponential", delay: 2_000 },
      removeOnComplete: { count: 1_000 },
      removeOnFail: { count: 5_000 },
    } satisfies JobsOptions,
  },
} as const;

export type QueueKey = keyof typeof queues;
export type QueuePayload<K extends QueueKey> = z.infer<(typeof queues)[K]["payload"]>;

/** Every payload carries the id of the Postgres row it works on; it is also the BullMQ jobId. */
export function jobIdOf<K extends QueueKey>(_key: K, payload: QueuePayload<K>): string {
  return payload.runId;
}
