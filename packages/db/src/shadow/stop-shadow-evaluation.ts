import type { Db } from "../client.ts";
import { AppError, notFound } from "../errors.ts";
import type { ShadowEvaluation } from "../generated/prisma/client.ts";

/**
 * Stops a continuous shadow evaluation: its window ends now (windowTo = stoppedAt = now); the
 * caller enqueues one last scoring, after which it succeeds. Only a continuous evaluation that
 * has not ended can be stopped (CONFLICT otherwise); another team's is NOT_FOUND.
 */
export async function stopShadowEvaluation(input: {
  db: Db;
  teamId: string;
  id: string;
  now?: Date;
}): Promise<ShadowEvaluation> {
  const { db, teamId, id } = input;
  const now = input.now ?? new Date();
  const updated = await db.shadowEvaluation.updateMany({
    where: { id, teamId, windowTo: null, status: { in: ["queued", "running"] } },
    data: { windowTo: now, stoppedAt: now },
  });
  const row = await db.shadowEvaluation.findFirst({ where: { id, teamId } });
  if (!row) throw notFound("Shadow evaluation", "id");
  if (updated.count === 0) {
    throw new AppError(
      "CONFLICT",
      row.windowTo
        ? "This shadow evaluation has a fixed window; it ends by itself"
        : `This shadow evaluation has already ${row.status}`,
      { field: "id" },
    );
  }
  return row;
}
