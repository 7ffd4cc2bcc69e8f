import type { Db } from "@fieldtest/db";
import { enqueue, getQueue, jobIdOf } from "@fieldtest/jobs";
import { errorMessage, type Log } from "../log.ts";

/** Job states in which BullMQ will still run (or is running) the job. */
const LIVE_JOB_STATES = new Set(["active", "waiting", "delayed", "prioritized", "waiting-children"]);

export interface ShadowSweepResult {
  checked: number;
  /** Scorings enqueued, as `<evaluation id>.s<snapshot>`. */
  enqueued: string[];
}

/** Whether a queued or running shadow evaluation's next scoring is due at `now`. */
export function shadowScoringDue(
  evaluation: {
    snapshotCount: number;
    lastScoredAt: Date | null;
    rescoreSeconds: number;
    windowTo: Date | null;
    progress: number;
  },
  now: Date,
): boolean {
  if (evaluation.snapshotCount === 0 || evaluation.lastScoredAt === null) return true;
  // Shadow inference still pending, or a fixed window that has ended since the last scoring: go on at once.
  if (evaluation.progress < 1) return true;
  if (
    evaluation.windowTo &&
    evaluation.windowTo.getTime() <= now.getTime() &&
    evaluation.lastScoredAt < evaluation.windowTo
  ) {
    return true;
  }
  return now.getTime() - evaluation.lastScoredAt.getTime() >= evaluation.rescoreSeconds * 1_000;
}

/**
 * The scheduler of shadow evaluations, run by the worker's sweeper: every queued or running
 * evaluation whose next scoring is due gets a job for snapshot snapshotCount + 1 (jobId
 * `<id>.s<n>`, so sweepers in several workers add it once). A job that ended without writing
 * its snapshot (a crash, a skip) is replaced; a live one is left alone.
 */
export async function sweepShadowEvaluations(options: {
  db: Db;
  prefix: string;
  log: Log;
  now?: Date;
}): Promise<ShadowSweepResult> {
  const { db, prefix, log } = options;
  const now = options.now ?? new Date();
  const queue = getQueue("shadowEvaluation", prefix);
  const result: ShadowSweepResult = { checked: 0, enqueued: [] };
  const evaluations = await db.shadowEvaluation.findMany({
    where: { status: { in: ["queued", "running"] } },
    select: { id: true, snapshotCount: true, lastScoredAt: true, rescoreSeconds: true, windowTo: true, progress: true },
    // The longest unscored first, so that more than a page of active evaluations all get their turn.
    orderBy: [{ lastScoredAt: { sort: "asc", nulls: "first" } }, { createdAt: "asc" }],
    take: 1_000,
  });
  for (const evaluation of evaluations) {
    result.checked++;
    if (!shadowScoringDue(evaluation, now)) continue;
    const payload = { shadowEvaluationId: evaluation.id, snapshot: evaluation.snapshotCount + 1 };
    const jobId = jobIdOf("shadowEvaluation", payload);
    try {
      const job = await queue.getJob(jobId);
      if (job) {
        const state = await job.getState();
        if (LIVE_JOB_STATES.has(state)) continue;
        await job.remove();
      }
      await enqueue("shadowEvaluation", payload, { prefix });
      result.enqueued.push(jobId);
    } catch (err) {
      log("sweeper.skipped", { shadowEvaluationId: evaluation.id, error: errorMessage(err) });
    }
  }
  return result;
}
