import { AppError, createBenchmarkRun, type Db } from "@fieldtest/db";
import { enqueue } from "@fieldtest/jobs";
import { errorMessage, type Log } from "../log.ts";
import { resolveScheduleTarget } from "./resolve-target.ts";

export interface FireScheduleOptions {
  db: Db;
  log: Log;
  /** BullMQ key prefix the runs are enqueued under. */
  prefix: string;
  /** Recorded on each run created (the worker's FIELDTEST_CODE_VERSION). */
  codeVersion: string;
  scheduleId: string;
  /** When this fire was due (its identity: a fire seen twice creates its runs once). */
  dueAt: Date;
}

export type FireOutcome =
  | { status: "gone" | "paused" | "already-fired" }
  | { status: "fired"; runIds: string[]; skipped: { modelVersionId: string | null; reason: string }[] };

/**
 * One fire of a schedule: load it (gone or paused → nothing), claim the fire, resolve its
 * version(s), create a benchmark run for each the way the UI does (createBenchmarkRun, with
 * scheduleId and the schedule's creator), and enqueue it. A version that cannot run (e.g. an
 * offline version without predictions for the benchmark's dataset) is skipped with its reason
 * logged; it never throws for that, so one bad target never stops the others or the worker. A version
 * whose previous run from this schedule is still queued or running is skipped too (runs never pile up).
 */
export async function fireSchedule(options: FireScheduleOptions): Promise<FireOutcome> {
  const { db, log, scheduleId, dueAt } = options;
  const schedule = await db.schedule.findUnique({ where: { id: scheduleId } });
  if (!schedule) {
    log("schedule.skipped", { scheduleId, reason: "the schedule was deleted" });
    return { status: "gone" };
  }
  if (schedule.paused) {
    log("schedule.skipped", { scheduleId, reason: "the schedule is paused" });
    return { status: "paused" };
  }
  // Claim the fire first: a job that runs twice (stalled, then picked up again) creates runs once.
  const claimed = await db.schedule.updateMany({
    where: { id: scheduleId, paused: false, OR: [{ lastFiredAt: null }, { lastFiredAt: { lt: dueAt } }] },
    data: { lastFiredAt: dueAt },
  });
  if (claimed.count === 0) {
    log("schedule.skipped", { scheduleId, dueAt: dueAt.toISOString(), reason: "this fire was already handled" });
    return { status: "already-fired" };
  }

  const target = await resolveScheduleTarget(db, schedule);
  const skipped: { modelVersionId: string | null; reason: string }[] = [];
  if ("reason" in target) skipped.push({ modelVersionId: null, reason: target.reason });
  const runIds: string[] = [];
  for (const modelVersionId of target.versionIds) {
    // Never pile runs up: while this schedule's previous run of the version is queued or running,
    // the version sits this fire out (a slow benchmark on a short cadence would otherwise grow the queue).
    const unfinished = await db.evaluationRun.findFirst({
      where: { scheduleId, modelVersionId, status: { in: ["queued", "running"] } },
      select: { id: true },
    });
    if (unfinished) {
      const version = await db.modelVersion.findUnique({ where: { id: modelVersionId }, select: { version: true } });
      const label = version ? `version ${version.version}` : modelVersionId;
      skipped.push({ modelVersionId, reason: `the previous scheduled run of ${label} has not finished` });
      continue;
    }
    try {
      const run = await createBenchmarkRun({
        db,
        teamId: schedule.teamId,
        benchmarkId: schedule.benchmarkId,
        modelVersionId,
        userId: schedule.createdById,
        codeVersion: options.codeVersion,
        scheduleId,
      });
      runIds.push(run.id);
    } catch (err) {
      // AppError: the run was refused for a reason its owner can act on; anything else is ours.
      const reason = err instanceof AppError ? err.message : `could not create the run: ${errorMessage(err)}`;
      skipped.push({ modelVersionId, reason });
    }
  }
  for (const runId of runIds) {
    try {
      await enqueue("benchmarkRun", { runId }, { prefix: options.prefix });
    } catch (err) {
      // The row is queued in Postgres: the sweeper enqueues it.
      log("schedule.enqueue-failed", { scheduleId, runId, error: errorMessage(err) });
    }
  }
  for (const skip of skipped) log("schedule.skipped", { scheduleId, ...skip });
  log("schedule.fired", { scheduleId, dueAt: dueAt.toISOString(), runIds, skipped: skipped.length });
  return { status: "fired", runIds, skipped };
}
