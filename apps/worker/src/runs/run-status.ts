import type { BinaryMetricValue } from "@fieldtest/core";
import type { Db, Prisma, RunResultEntry } from "@fieldtest/db";

// Every transition is conditional on the run still being unfinished, so a job that runs twice
// (a stalled job retried while the first attempt still finishes) cannot undo the other's result.
const UNFINISHED = { in: ["queued" as const, "running" as const] };

/** Marks an unfinished run `running` and counts the attempt; false when the run is already finished. */
export async function markRunRunning(db: Db, run: { id: string; startedAt: Date | null }): Promise<boolean> {
  const { count } = await db.evaluationRun.updateMany({
    where: { id: run.id, status: UNFINISHED },
    data: { status: "running", startedAt: run.startedAt ?? new Date(), attempts: { increment: 1 } },
  });
  return count === 1;
}

/** Thrown between scoring steps when the run was cancelled meanwhile: the execution stops and writes nothing. */
export class RunCancelledError extends Error {
  constructor(readonly runId: string) {
    super(`Run ${runId} was cancelled`);
    this.name = "RunCancelledError";
  }
}

/**
 * Raises a running run's progress (0..1); never lowers it, so a retried attempt does not move
 * it back. Also the cancellation check between chunks: throws RunCancelledError when the run
 * has been cancelled (one extra read only when the progress could not be raised).
 */
export async function recordRunProgress(db: Db, runId: string, progress: number): Promise<void> {
  const { count } = await db.evaluationRun.updateMany({
    where: { id: runId, status: "running", progress: { lt: progress } },
    data: { progress },
  });
  if (count === 1) return;
  const run = await db.evaluationRun.findUnique({ where: { id: runId }, select: { status: true } });
  if (run?.status === "cancelled") throw new RunCancelledError(runId);
}

/** Marks an unfinished run `failed` with a message for its owner; false when it had already finished. */
export async function markRunFailed(db: Db, runId: string, error: string): Promise<boolean> {
  const { count } = await db.evaluationRun.updateMany({
    where: { id: runId, status: UNFINISHED },
    data: { status: "failed", error, finishedAt: new Date() },
  });
  return count === 1;
}

/**
 * A metric of a run, with its bootstrap interval when the protocol asks for one; `slice` is ""
 * (or absent) for the whole test set, "<column>=<value>" for one slice.
 */
export type RunMetricValue = BinaryMetricValue & { lower?: number; upper?: number; level?: number; slice?: string };

export interface CompleteRunInput {
  runId: string;
  modelVersionId: string;
  values: readonly RunMetricValue[];
  /** Everything else the run computed (curves, slices, folds …), one row per kind. */
  results?: readonly RunResultEntry[];
  /** The code version of the worker that computed the values: it is what reproduces them. */
  codeVersion: string;
}

/**
 * Writes the run's metric values and results and marks it `succeeded`, in one transaction.
 * Returns false (and writes nothing) when the run had already finished or was cancelled: the
 * row lock taken by the update makes a concurrent second completion (or a cancel) wait, then
 * find the run no longer unfinished — so a cancelled run never turns succeeded, even when a
 * stale job finishes later. The unique keys (runId, modelVersionId, metric, slice) and
 * (runId, kind) with skipDuplicates are the last line of defence.
 */
export async function completeRun(db: Db, input: CompleteRunInput): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.evaluationRun.updateMany({
      where: { id: input.runId, status: UNFINISHED },
      data: { status: "succeeded", progress: 1, error: null, finishedAt: new Date(), codeVersion: input.codeVersion },
    });
    if (count === 0) return false;
    await tx.metricValue.createMany({
      data: input.values.map((v) => ({
        runId: input.runId,
        modelVersionId: input.modelVersionId,
        metric: v.metric,
        slice: v.slice ?? "",
        value: v.value,
        lower: v.lower ?? null,
        upper: v.upper ?? null,
        level: v.level ?? null,
        n: v.n,
      })),
      skipDuplicates: true,
    });
    if (input.results && input.results.length > 0) {
      await tx.runResult.createMany({
        data: input.results.map((r) => ({
          runId: input.runId,
          kind: r.kind,
          data: r.data as unknown as Prisma.InputJsonObject,
        })),
        skipDuplicates: true,
      });
    }
    return true;
  });
}
