import type { RepeatOptions } from "bullmq";
import { getQueue } from "./enqueue.ts";
import { queues } from "./queues.ts";

/**
 * BullMQ job schedulers for Schedule rows. Postgres is the source of truth: the scheduler id is
 * the schedule id, so upserting is idempotent (a worker restart or a second worker never adds a
 * second scheduler), and the worker's reconcile step repairs whatever a failed call left behind.
 */

/** The cadence columns of a Schedule row. */
export interface ScheduleCadence {
  cron: string | null;
  everySeconds: number | null;
  timezone: string;
}

/** How long a scheduler call waits for Redis unless told otherwise. */
export const DEFAULT_SCHEDULER_TIMEOUT_MS = 5_000;

export interface SchedulerCallOptions {
  /** BullMQ key prefix; defaults to FIELDTEST_QUEUE_PREFIX. */
  prefix?: string;
  /** How long to wait for Redis before rejecting. */
  timeoutMs?: number;
}

/** The BullMQ repeat options of a cadence: `{ pattern, tz }` for cron, `{ every }` (ms) for an interval. */
export function repeatOptionsOf(cadence: ScheduleCadence): Omit<RepeatOptions, "key"> {
  if (cadence.cron) return { pattern: cadence.cron, tz: cadence.timezone };
  if (cadence.everySeconds && cadence.everySeconds > 0) return { every: cadence.everySeconds * 1_000 };
  throw new RangeError("A schedule needs a cron expression or a positive interval in seconds");
}

/** The scheduled-run queue, producer side. */
export function scheduledRunQueue(prefix?: string) {
  return getQueue("scheduledRun", prefix);
}

/** Creates the schedule's job scheduler, or replaces its cadence; its jobs carry `{ scheduleId }`. */
export async function upsertScheduler(
  schedule: ScheduleCadence & { id: string },
  options: SchedulerCallOptions = {},
): Promise<void> {
  const spec = queues.scheduledRun;
  const data = spec.payload.parse({ scheduleId: schedule.id });
  const upserted = scheduledRunQueue(options.prefix).upsertJobScheduler(schedule.id, repeatOptionsOf(schedule), {
    name: spec.name,
    data,
    opts: spec.options,
  });
  await within(upserted, options.timeoutMs);
}

/** Removes the schedule's job scheduler (and its next, not yet started job); true when there was one. */
export async function removeScheduler(scheduleId: string, options: SchedulerCallOptions = {}): Promise<boolean> {
  return within(scheduledRunQueue(options.prefix).removeJobScheduler(scheduleId), options.timeoutMs);
}

/** When each schedule's scheduler fires next, by schedule id (absent when it has no scheduler). */
export async function nextFireTimes(
  scheduleIds: readonly string[],
  options: SchedulerCallOptions = {},
): Promise<Map<string, Date>> {
  const queue = scheduledRunQueue(options.prefix);
  const found = await within(Promise.all(scheduleIds.map((id) => queue.getJobScheduler(id))), options.timeoutMs);
  const next = new Map<string, Date>();
  found.forEach((scheduler, i) => {
    if (scheduler?.next !== undefined) next.set(scheduleIds[i] as string, new Date(scheduler.next));
  });
  return next;
}

/** Whether a stored scheduler already has the cadence of `cadence` (so reconcile leaves it alone). */
export function schedulerMatches(
  scheduler: { pattern?: string | null; every?: number | string | null; tz?: string | null },
  cadence: ScheduleCadence,
): boolean {
  const wanted = repeatOptionsOf(cadence);
  if (wanted.pattern) return scheduler.pattern === wanted.pattern && (scheduler.tz ?? "UTC") === wanted.tz;
  return !scheduler.pattern && Number(scheduler.every) === wanted.every;
}

async function within<T>(promise: Promise<T>, ms = DEFAULT_SCHEDULER_TIMEOUT_MS): Promise<T> {
  // After a timeout nobody awaits `promise`; its late rejection must not go unhandled.
  promise.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms}ms`)), ms);
  });
  try {
    return await Promise.race([promise, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
