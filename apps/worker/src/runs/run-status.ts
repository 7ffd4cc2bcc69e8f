import type { BinaryMetricValue } from "@fieldtest/core";
import type { Db } from "@fieldtest/db";

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

/** Raises a running run's progress (0..1); never lowers it, so a retried attempt does not move it back. */
export async function recordRunProgress(db: Db, runId: string, progress: number): Promise<void> {
  await db.evaluationRun.updateMany({
    where: { id: runId, status: "running", progress: { lt: progress } },
    data: { progress },
  });
}

/** Marks an unfinished run `failed` with a message for its owner; false when it had already finished. */
export async function markRunFailed(db: Db, runId: string, error: string): Promise<boolean> {
  const { count } = await db.evaluationRun.updateMany({
    where: { id: runId, status: UNFINISHED },
    data: { status: "failed", error, finishedAt: new Date() },
  });
  return count === 1;
}

/** A metric of a run, with its bootstrap interval when the protocol asks for one. */
export type RunMetricValue = BinaryMetricValue & { lower?: number; upper?: number; level?: number };

export interface CompleteRunInput {
  runId: string;
  modelVersionId: string;
  values: readonly RunMetricValue[];
  /** The code version of the worker that computed the values: it is what reproduces them. */
  codeVersion: string;
}

/**
 * Writes the run's metric values and marks it `succeeded`, in one transaction. Returns false
 * (and writes nothing) when the run had already finished: the row lock taken by the update
 * makes a concurrent second completion wait, then find the run succeeded. The unique key
 * (runId, modelVersionId, metric, slice) with skipDuplicates is the last line of defence.
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
        slice: "",
        value: v.value,
        lower: v.lower ?? null,
        upper: v.upper ?? null,
        level: v.level ?? null,
        n: v.n,
      })),
      skipDuplicates: true,
    });
    return true;
  });
}
