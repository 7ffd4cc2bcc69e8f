import type { Db } from "../client.ts";
import { AppError } from "../errors.ts";
import type { EvaluationRun } from "../generated/prisma/client.ts";

export interface CancelRunInput {
  db: Db;
  /** Teams the caller may cancel in: a run of another team is NOT_FOUND. */
  teamIds: readonly string[];
  runId: string;
}

/**
 * Marks a queued or running run `cancelled`. One conditional update, so it races safely with
 * the worker: whichever of "cancel" and "complete" commits first wins, and the other finds the
 * run no longer unfinished (the worker's completion is conditional on queued/running too, so a
 * cancelled run never turns succeeded). The worker notices between scoring chunks and stops
 * without writing results; a queued job is skipped when it starts. A run that already ended is
 * a CONFLICT naming its status.
 */
export async function cancelRun(input: CancelRunInput): Promise<EvaluationRun> {
  const { db, runId } = input;
  const teamId = { in: [...input.teamIds] };
  const now = new Date();
  const { count } = await db.evaluationRun.updateMany({
    where: { id: runId, teamId, status: { in: ["queued", "running"] } },
    data: { status: "cancelled", cancelledAt: now, finishedAt: now },
  });
  const run = await db.evaluationRun.findFirst({ where: { id: runId, teamId } });
  if (!run) throw new AppError("NOT_FOUND", "Run not found", { field: "runId" });
  if (count === 0) {
    throw new AppError(
      "CONFLICT",
      `The run has already ${run.status === "cancelled" ? "been cancelled" : run.status}`,
      {
        field: "runId",
      },
    );
  }
  return run;
}
