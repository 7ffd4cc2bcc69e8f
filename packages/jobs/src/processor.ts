import { type Job, UnrecoverableError } from "bullmq";
import { z } from "zod";
import { type QueueKey, type QueuePayload, queues } from "./queues.ts";

/**
 * The consumer side of the contract: a BullMQ processor for queue `key` that re-parses the job's
 * payload with the queue's schema before `handle` sees it. A payload that does not fit can never
 * succeed, so it fails the job without retries (UnrecoverableError) instead of burning attempts.
 */
export function processorFor<K extends QueueKey, R>(
  key: K,
  handle: (payload: QueuePayload<K>, job: Job<QueuePayload<K>>) => Promise<R>,
): (job: Job) => Promise<R> {
  const spec = queues[key];
  return async (job) => {
    const parsed = spec.payload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`Invalid ${spec.name} payload: ${z.prettifyError(parsed.error)}`);
    return handle(parsed.data as QueuePayload<K>, job as Job<QueuePayload<K>>);
  };
}
