import type { Db } from "@fieldtest/db";
import { removeScheduler, scheduledRunQueue, schedulerMatches, upsertScheduler } from "@fieldtest/jobs";
import { errorMessage, type Log } from "../log.ts";

export interface ReconcileOptions {
  db: Db;
  /** BullMQ key prefix of this deployment's queues. */
  prefix: string;
  log: Log;
}

export interface ReconcileResult {
  /** Active schedules whose scheduler was missing or had another cadence. */
  upserted: string[];
  /** Schedulers whose schedule is gone or paused. */
  removed: string[];
}

/**
 * Makes BullMQ's job schedulers match Postgres: one scheduler per active schedule (id =
 * schedule id, so this never duplicates one), none for a paused or deleted schedule. The
 * schedulers are listed before the schedules are read: a schedule created meanwhile has its
 * row committed before its scheduler exists, so it is never taken for an orphan. A scheduler
 * whose cadence already matches is left alone (upserting it again would move its next fire).
 */
export async function reconcileSchedules(options: ReconcileOptions): Promise<ReconcileResult> {
  const { db, prefix, log } = options;
  const schedulers = await scheduledRunQueue(prefix).getJobSchedulers(0, -1);
  const active = await db.schedule.findMany({
    where: { paused: false },
    select: { id: true, cron: true, everySeconds: true, timezone: true },
  });
  const byId = new Map(schedulers.map((s) => [s.key, s]));
  const result: ReconcileResult = { upserted: [], removed: [] };
  for (const schedule of active) {
    const existing = byId.get(schedule.id);
    if (existing && schedulerMatches(existing, schedule)) continue;
    try {
      await upsertScheduler(schedule, { prefix });
      result.upserted.push(schedule.id);
    } catch (err) {
      log("schedules.upsert-failed", { scheduleId: schedule.id, error: errorMessage(err) });
    }
  }
  const activeIds = new Set(active.map((s) => s.id));
  for (const scheduler of schedulers) {
    if (activeIds.has(scheduler.key)) continue;
    await removeScheduler(scheduler.key, { prefix });
    result.removed.push(scheduler.key);
  }
  return result;
}

export interface ScheduleReconciler {
  /** Stops reconciling; resolves once a round in progress has finished. */
  stop(): Promise<void>;
}

/** Reconciles now, then every `intervalMs` until stopped. A failed round is logged and tried again next time. */
export function startScheduleReconciler(options: ReconcileOptions & { intervalMs: number }): ScheduleReconciler {
  const { intervalMs, log } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  const round = () => {
    current = reconcileSchedules(options)
      .then((r) => {
        if (r.upserted.length || r.removed.length) log("schedules.reconciled", { ...r });
      })
      .catch((err) => log("schedules.error", { error: errorMessage(err) }))
      .finally(() => {
        if (!stopped) timer = setTimeout(round, intervalMs);
      });
  };
  round();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
