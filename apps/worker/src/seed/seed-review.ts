import { AppError, type Db, requestReview } from "@fieldtest/db";
import { DEMO_REVIEW } from "./demo-content.ts";
import type { SeedLog } from "./seed-log.ts";

/**
 * The review waiting for the demo reviewer: the demo author asks for review of the shadow
 * challenger (the version that wins the Seattle benchmark and loses in New York), so a reviewer
 * who signs in has a decision to make on both kinds of evidence. Made through the service, so it
 * has its readiness report and its audit event. Once only: a version with any review is left alone.
 */
export async function seedReview(options: {
  db: Db;
  teamId: string;
  userId: string;
  version: { id: string; version: string };
  log: SeedLog;
}): Promise<{ id: string }> {
  const { db, teamId, userId, version, log } = options;
  const existing = await db.review.findFirst({ where: { modelVersionId: version.id }, select: { id: true } });
  if (existing) return existing;
  try {
    const review = await requestReview({
      db,
      teamIds: [teamId],
      modelVersionId: version.id,
      userId,
      note: DEMO_REVIEW.note,
    });
    log(`requested review of ${version.version} (pending for the demo reviewer)`);
    return review;
  } catch (error) {
    // A concurrent seed asked first.
    if (error instanceof AppError && error.code === "CONFLICT") {
      const winner = await db.review.findFirst({ where: { modelVersionId: version.id }, select: { id: true } });
      if (winner) return winner;
    }
    throw error;
  }
}
