import type { WorkerMetrics } from "./metrics.ts";
import { withTimeout } from "./with-timeout.ts";

/** What the gauges need of a BullMQ Queue (a Queue satisfies it). */
export interface CountedQueue {
  name: string;
  getJobCounts(): Promise<Record<string, number>>;
}

/** Jobs not started yet: waiting, prioritized (BullMQ keeps those apart from waiting) and delayed. */
export function queueDepth(counts: Readonly<Record<string, number>>): number {
  return (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0);
}

/**
 * Reads each queue's job counts from Redis into the job and depth gauges (called on each
 * scrape). A queue whose counts cannot be read within `timeoutMs` loses its series until the
 * next scrape (no stale numbers) and counts a scrape error.
 */
export async function refreshQueueGauges(options: {
  metrics: WorkerMetrics;
  queues: readonly CountedQueue[];
  timeoutMs: number;
}): Promise<void> {
  const { metrics, queues, timeoutMs } = options;
  await Promise.all(
    queues.map(async (queue) => {
      try {
        const counts = await withTimeout(queue.getJobCounts(), timeoutMs, `job counts of ${queue.name}`);
        for (const [state, count] of Object.entries(counts)) metrics.queueJobs.set({ queue: queue.name, state }, count);
        metrics.queueDepth.set({ queue: queue.name }, queueDepth(counts));
      } catch {
        for (const state of STATES) metrics.queueJobs.remove({ queue: queue.name, state });
        metrics.queueDepth.remove({ queue: queue.name });
        metrics.queueScrapeErrors.inc({ queue: queue.name });
      }
    }),
  );
}

const STATES = ["active", "completed", "delayed", "failed", "paused", "prioritized", "waiting", "waiting-children"];
