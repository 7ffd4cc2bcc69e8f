import { appendAuditEvent } from "../audit/audit-log.ts";
import type { Db } from "../client.ts";
import { AppError, badInput, notFound } from "../errors.ts";
import type { Review } from "../generated/prisma/client.ts";
import { emitReviewRequested } from "../notifications/emit-notifications.ts";
import {
  isReviewable,
  isUuid,
  judgeReadinessNow,
  latestReport,
  lockVersion,
  REVIEW_TRANSACTION,
} from "./review-context.ts";

export const MAX_REVIEW_TEXT = 4000;

/** Trimmed text of at most MAX_REVIEW_TEXT characters, or BAD_INPUT on `field`. */
export function reviewText(value: string | undefined, field: string): string {
  const text = (value ?? "").trim();
  if (text.length > MAX_REVIEW_TEXT) throw badInput(field, `At most ${MAX_REVIEW_TEXT} characters`);
  // PostgreSQL text cannot hold NUL: refused here as the field's fault, not a failed write.
  if (text.includes("\u0000")) throw badInput(field, "Text cannot contain a NUL character");
  return text;
}

/**
 * A member asks for review of a version (development, candidate or shadow), with a note. The
 * version's readiness is evaluated first, so the review starts from a report of today's evidence.
 * One open review per version; the request is appended to the team's audit log.
 */
export async function requestReview(options: {
  db: Db;
  teamIds: readonly string[];
  modelVersionId: string;
  userId: string;
  note?: string;
}): Promise<Review> {
  const { db, teamIds, modelVersionId, userId } = options;
  const note = reviewText(options.note, "note");
  await judgeReadinessNow(db, teamIds, modelVersionId);
  return db.$transaction(async (tx) => {
    const version = await lockVersion(tx, teamIds, modelVersionId);
    if (!version) throw notFound("Model version", "modelVersionId");
    if (!isReviewable(version.stage)) {
      throw new AppError("CONFLICT", `This version is ${version.stage}: only versions before approval are reviewed`, {
        field: "modelVersionId",
      });
    }
    const open = await tx.review.findFirst({ where: { modelVersionId, status: "requested" }, select: { id: true } });
    if (open) throw new AppError("CONFLICT", "A review of this version is already open", { field: "modelVersionId" });
    const report = await latestReport(tx, modelVersionId);
    if (!report) throw notFound("Readiness report", "modelVersionId");
    const review = await tx.review.create({
      data: {
        teamId: version.teamId,
        modelVersionId,
        requestedById: userId,
        requestNote: note,
        requestReportId: report.id,
      },
    });
    await appendAuditEvent(tx, {
      teamId: version.teamId,
      action: "review.requested",
      actor: { userId },
      targetType: "review",
      targetId: review.id,
      details: {
        modelVersionId,
        model: version.modelName,
        version: version.version,
        note,
        reportId: report.id,
        verdict: report.verdict,
      },
    });
    await emitReviewRequested(tx, review);
    return review;
  }, REVIEW_TRANSACTION);
}

/**
 * Withdraws an open review: by whoever asked for it, the version's creator or last changer, or a
 * team admin. Nothing is decided, and the log says so.
 */
export async function withdrawReview(options: {
  db: Db;
  teamIds: readonly string[];
  reviewId: string;
  userId: string;
}): Promise<Review> {
  const { db, teamIds, reviewId, userId } = options;
  if (!isUuid(reviewId)) throw notFound("Review", "reviewId");
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM review WHERE id = ${reviewId}::uuid AND "teamId" = ANY(${[...teamIds]}::uuid[]) FOR UPDATE`;
    if (rows.length === 0) throw notFound("Review", "reviewId");
    const review = await tx.review.findUniqueOrThrow({ where: { id: reviewId } });
    if (review.status !== "requested") {
      throw new AppError("CONFLICT", `This review is already ${review.status.replace("_", " ")}`, {
        field: "reviewId",
      });
    }
    const version = await tx.modelVersion.findUniqueOrThrow({
      where: { id: review.modelVersionId },
      select: { createdById: true, lastChangedById: true },
    });
    const membership = await tx.membership.findUnique({
      where: { teamId_userId: { teamId: review.teamId, userId } },
      select: { role: true },
    });
    const mayWithdraw =
      userId === review.requestedById ||
      userId === version.createdById ||
      userId === version.lastChangedById ||
      membership?.role === "admin";
    if (!mayWithdraw) {
      throw new AppError(
        "FORBIDDEN",
        "Only who asked for the review, the version's author or a team admin withdraws it",
        {
          field: "reviewId",
        },
      );
    }
    const updated = await tx.review.update({
      where: { id: reviewId },
      data: { status: "withdrawn", decidedAt: new Date() },
    });
    await appendAuditEvent(tx, {
      teamId: review.teamId,
      action: "review.withdrawn",
      actor: { userId },
      targetType: "review",
      targetId: review.id,
      details: { modelVersionId: review.modelVersionId },
    });
    return updated;
  }, REVIEW_TRANSACTION);
}
