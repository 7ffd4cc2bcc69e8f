import { appendAuditEvent } from "../audit/audit-log.ts";
import type { Db } from "../client.ts";
import { AppError, badInput, notFound } from "../errors.ts";
import type { Review } from "../generated/prisma/client.ts";
import { emitReviewDecided } from "../notifications/emit-notifications.ts";
import { evaluateReadiness } from "../readiness/evaluate-readiness.ts";
import { assertNotAuthor, fourEyesRefusal } from "./four-eyes.ts";
import { reviewText } from "./request-review.ts";
import { isReviewable, isUuid, latestReport, lockVersion, REVIEW_TRANSACTION } from "./review-context.ts";
import { recordStageChange } from "./stage-change.ts";

export const REVIEW_DECISIONS = ["approve", "reject", "request_changes"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

const STATUS = { approve: "approved", reject: "rejected", request_changes: "changes_requested" } as const;

/**
 * A reviewer decides an open review against the version's latest readiness report, the one they
 * read (`reportId`): a newer one makes the decision a CONFLICT until they have read it.
 *
 * - Four-eyes: the version's creator or last changer cannot decide, whatever their role; the
 *   database refuses such an approval too.
 * - Every decision needs a comment (what was checked, or why not).
 * - Approving a version whose report is not `ready` needs `overrideReason`: it is recorded on the
 *   review, on the stage change and in the audit log (`readiness.overridden`).
 * - An approval moves the version to `approved` (promotion to production is promoteVersion).
 */
export async function decideReview(options: {
  db: Db;
  teamIds: readonly string[];
  reviewId: string;
  userId: string;
  decision: ReviewDecision;
  comment?: string;
  reportId: string;
  overrideReason?: string;
}): Promise<Review> {
  const { db, teamIds, reviewId, userId, decision, reportId } = options;
  const comment = reviewText(options.comment, "comment");
  const overrideReason = reviewText(options.overrideReason, "overrideReason");
  if (!(REVIEW_DECISIONS as readonly string[]).includes(decision)) {
    throw badInput("decision", `Decide with one of ${REVIEW_DECISIONS.join(", ")}`);
  }
  if (comment === "") {
    throw badInput(
      "comment",
      decision === "approve"
        ? "Say what you checked: an approval needs a comment"
        : "Say why: rejecting or requesting changes needs a comment",
    );
  }
  if (decision !== "approve" && overrideReason !== "") {
    throw badInput("overrideReason", "Only an approval overrides the readiness report");
  }
  if (!isUuid(reviewId)) throw notFound("Review", "reviewId");
  const found = await db.review.findFirst({
    where: { id: reviewId, teamId: { in: [...teamIds] } },
    select: { teamId: true, modelVersionId: true },
  });
  if (!found) throw notFound("Review", "reviewId");
  // Today's evidence is judged before anyone decides on it.
  await evaluateReadiness({ db, teamId: found.teamId, modelVersionId: found.modelVersionId });
  try {
    return await db.$transaction(async (tx) => {
      const version = await lockVersion(tx, teamIds, found.modelVersionId);
      if (!version) throw notFound("Review", "reviewId");
      await tx.$queryRaw`SELECT id FROM review WHERE id = ${reviewId}::uuid FOR UPDATE`;
      const review = await tx.review.findUniqueOrThrow({ where: { id: reviewId } });
      if (review.status !== "requested") {
        throw new AppError("CONFLICT", `This review is already ${review.status.replace("_", " ")}`, {
          field: "reviewId",
        });
      }
      assertNotAuthor(version, userId, "reviewId");
      const latest = await latestReport(tx, version.id);
      if (!latest || latest.id !== reportId) {
        throw new AppError(
          "CONFLICT",
          `A newer readiness report exists (${latest?.verdict.replace("_", " ") ?? "none"}): read it before deciding`,
          { field: "reportId" },
        );
      }
      const overriding = decision === "approve" && latest.verdict !== "ready";
      if (overriding && overrideReason === "") {
        throw badInput(
          "overrideReason",
          `The report is ${latest.verdict.replace("_", " ")}: approving needs an override with a reason`,
        );
      }
      if (decision === "approve" && !overriding && overrideReason !== "") {
        throw badInput("overrideReason", "The report is ready: there is nothing to override");
      }
      if (decision === "approve" && !isReviewable(version.stage)) {
        throw new AppError("CONFLICT", `This version is already ${version.stage}`, { field: "reviewId" });
      }
      const decided = await tx.review.update({
        where: { id: reviewId },
        data: {
          status: STATUS[decision],
          decidedById: userId,
          decisionComment: comment,
          decisionReportId: latest.id,
          overrideReason: overriding ? overrideReason : null,
          decidedAt: new Date(),
        },
      });
      const subject = { modelVersionId: version.id, model: version.modelName, version: version.version };
      await appendAuditEvent(tx, {
        teamId: version.teamId,
        action: `review.${STATUS[decision]}`,
        actor: { userId },
        targetType: "review",
        targetId: reviewId,
        details: { ...subject, comment, reportId: latest.id, verdict: latest.verdict },
      });
      if (decision === "approve") {
        if (overriding) {
          await appendAuditEvent(tx, {
            teamId: version.teamId,
            action: "readiness.overridden",
            actor: { userId },
            targetType: "model_version",
            targetId: version.id,
            details: {
              ...subject,
              at: "approval",
              reviewId,
              reason: overrideReason,
              reportId: latest.id,
              verdict: latest.verdict,
            },
          });
        }
        await recordStageChange(tx, {
          version,
          toStage: "approved",
          userId,
          reviewId,
          reportId: latest.id,
          overrideReason: overriding ? overrideReason : null,
        });
      }
      await emitReviewDecided(tx, decided);
      return decided;
    }, REVIEW_TRANSACTION);
  } catch (error) {
    throw fourEyesRefusal(error, "reviewId");
  }
}
