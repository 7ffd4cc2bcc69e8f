import type { Db } from "@fieldtest/db";
import { processorFor, removeScheduler } from "@fieldtest/jobs";
import { errorMessage, type Log } from "../log.ts";
import { type FireOutcome, fireSchedule } from "../schedules/fire-schedule.ts";

export interface ScheduledRunDeps {
  db: Db;
  log: Log;
  /** BullMQ key prefix: the runs a fire creates are enqueued under it. */
  prefix: string;
  codeVersion: string;
}

/**
 * Processes one fire of a job scheduler: creates and enqueues the schedule's benchmark runs
 * (see fireSchedule). A fire of a deleted schedule also removes its scheduler, in case the
 * removal when it was deleted did not reach Redis (reconcile would otherwise do it later).
 */
export function scheduledRunProcessor(deps: ScheduledRunDeps) {
  return processorFor("scheduledRun", async ({ scheduleId }, job): Promise<FireOutcome> => {
    // A scheduler's job is added `delay` ms after `timestamp`, when it is due.
    const dueAt = new Date(job.timestamp + (job.opts.delay ?? 0));
    const outcome = await fireSchedule({ ...deps, scheduleId, dueAt });
    if (outcome.status === "gone") {
      await removeScheduler(scheduleId, { prefix: deps.prefix }).catch((err) =>
        deps.log("schedules.remove-failed", { scheduleId, error: errorMessage(err) }),
      );
    }
    return outcome;
  });
}
