import type { Db } from "../client.ts";
import type { Prisma } from "../generated/prisma/client.ts";

export interface SaveShadowSnapshotInput {
  db: Db;
  shadowEvaluationId: string;
  sequence: number;
  scoredAt: Date;
  windowFrom: Date | null;
  windowTo: Date;
  counts: { events: number; matched: number; labelled: number };
  /** The core's ShadowSnapshotResult (JSON-safe). */
  result: Prisma.InputJsonValue;
  codeVersion: string;
  /** Shadow inference is complete for the window (no challenger answer pending). */
  inferenceDone: boolean;
  /** The evaluation's own window end as the job read it (null: continuous, it never finishes by itself). */
  evaluationWindowTo: Date | null;
  /** Its stop time as the job read it: a stop while the job scored makes this snapshot stale (not written). */
  stoppedAt: Date | null;
  /** When this snapshot is a look: the evaluation's look count and labelled events after it. */
  look: { looks: number; labelled: number } | null;
  /** Share of the window's champion events answered by every challenger, 0..1. */
  progress: number;
}

/**
 * Writes snapshot `sequence` and moves the evaluation on, in one transaction and only when the
 * evaluation still expects that snapshot (snapshotCount = sequence − 1, not finished): a scoring
 * job that runs twice, or late, writes nothing the second time. A fixed window that has ended
 * (its windowTo ≤ scoredAt) with inference done is the last snapshot: the evaluation succeeds.
 * Returns false when nothing was written.
 */
export async function saveShadowSnapshot(
  input: SaveShadowSnapshotInput,
): Promise<{ saved: boolean; finished: boolean }> {
  const { db, shadowEvaluationId, sequence, scoredAt, windowTo } = input;
  const end = input.evaluationWindowTo;
  const finished = input.inferenceDone && end !== null && end.getTime() <= scoredAt.getTime();
  return db.$transaction(async (tx) => {
    const moved = await tx.shadowEvaluation.updateMany({
      where: {
        id: shadowEvaluationId,
        snapshotCount: sequence - 1,
        status: { in: ["queued", "running"] },
        windowTo: input.evaluationWindowTo,
        stoppedAt: input.stoppedAt,
      },
      data: {
        ...(input.look ? { looks: input.look.looks, labelledAtLastLook: input.look.labelled } : {}),
        snapshotCount: sequence,
        lastScoredAt: scoredAt,
        progress: input.progress,
        status: finished ? "succeeded" : "running",
        ...(finished ? { finishedAt: scoredAt } : {}),
        error: null,
      },
    });
    if (moved.count === 0) return { saved: false, finished: false };
    await tx.shadowSnapshot.create({
      data: {
        shadowEvaluationId,
        sequence,
        scoredAt,
        windowFrom: input.windowFrom,
        windowTo,
        events: input.counts.events,
        matched: input.counts.matched,
        labelled: input.counts.labelled,
        result: input.result,
        codeVersion: input.codeVersion,
      },
    });
    return { saved: true, finished };
  });
}
