import { appendAuditEvent } from "../audit/audit-log.ts";
import type { Db } from "../client.ts";
import { AppError, badInput, notFound } from "../errors.ts";
import { emitVersionPromoted } from "../notifications/emit-notifications.ts";
import { assertNotAuthor, fourEyesRefusal } from "./four-eyes.ts";
import { reviewText } from "./request-review.ts";
import { judgeReadinessNow, latestReport, lockVersion, REVIEW_TRANSACTION } from "./review-context.ts";
import { recordStageChange } from "./stage-change.ts";

export interface PromotionResult {
  modelVersionId: string;
  retired: string[];
  /** The approval's report is no longer the latest one. */
  staleApproval: boolean;
  overridden: boolean;
}

/**
 * Promotes an approved version to production and retires the model's previous production
 * version, in one transaction with their stage changes and audit events. The version's readiness
 * is evaluated first. When the latest report is not `ready` the promotion needs an override with a
 * reason — unless the approval itself overrode that very report — and an override needs the
 * reviewer role and four eyes (not the version's creator or last changer; the database refuses it
 * too). A stale approval (a newer report since) is recorded as such.
 */
export async function promoteVersion(options: {
  db: Db;
  teamIds: readonly string[];
  modelVersionId: string;
  userId: string;
  overrideReason?: string;
}): Promise<PromotionResult> {
  const { db, teamIds, modelVersionId, userId } = options;
  const overrideReason = reviewText(options.overrideReason, "overrideReason");
  await judgeReadinessNow(db, teamIds, modelVersionId);
  try {
    return await db.$transaction(async (tx) => {
      const version = await lockVersion(tx, teamIds, modelVersionId);
      if (!version) throw notFound("Model version", "modelVersionId");
      // Promotions of one model queue up, so two can never leave two production versions.
      await tx.$queryRaw`SELECT id FROM model WHERE id = ${version.modelId}::uuid FOR NO KEY UPDATE`;
      if (version.stage !== "approved") {
        throw new AppError(
          "CONFLICT",
          `Only an approved version can be promoted: this one is ${version.stage}${version.stage === "production" ? " already" : ""}`,
          { field: "modelVersionId" },
        );
      }
      const approval = await tx.review.findFirst({
        where: { modelVersionId, status: "approved" },
        orderBy: [{ decidedAt: "desc" }, { id: "desc" }],
      });
      if (!approval) throw new AppError("CONFLICT", "This version has no approval", { field: "modelVersionId" });
      const latest = await latestReport(tx, modelVersionId);
      const staleApproval = latest?.id !== approval.decisionReportId;
      const approvalCovers = !staleApproval && approval.overrideReason !== null;
      const overriding = latest?.verdict !== "ready" && !approvalCovers;
      if (overriding) {
        if (overrideReason === "") {
          throw badInput(
            "overrideReason",
            `The latest report is ${latest?.verdict.replace("_", " ") ?? "missing"}${staleApproval ? " (newer than the approval)" : ""}: promoting needs an override with a reason`,
          );
        }
        const membership = await tx.membership.findUnique({
          where: { teamId_userId: { teamId: version.teamId, userId } },
          select: { role: true },
        });
        if (membership?.role !== "reviewer" && membership?.role !== "admin") {
          throw new AppError("FORBIDDEN", "Overriding readiness needs the reviewer role in the team", {
            field: "overrideReason",
          });
        }
        assertNotAuthor(version, userId, "overrideReason");
      } else if (overrideReason !== "") {
        throw badInput("overrideReason", "Nothing to override: the latest report allows the promotion");
      }

      const previous = await tx.modelVersion.findMany({
        where: { modelId: version.modelId, stage: "production", id: { not: modelVersionId } },
        select: { id: true, version: true, stage: true },
        orderBy: { id: "asc" },
      });
      for (const p of previous) {
        await recordStageChange(tx, {
          version: { ...p, teamId: version.teamId, modelName: version.modelName },
          toStage: "retired",
          userId,
        });
      }
      if (overriding) {
        await appendAuditEvent(tx, {
          teamId: version.teamId,
          action: "readiness.overridden",
          actor: { userId },
          targetType: "model_version",
          targetId: modelVersionId,
          details: {
            model: version.modelName,
            version: version.version,
            at: "promotion",
            reason: overrideReason,
            reportId: latest?.id ?? null,
            verdict: latest?.verdict ?? null,
          },
        });
      }
      await recordStageChange(tx, {
        version,
        toStage: "production",
        userId,
        reviewId: approval.id,
        reportId: latest?.id ?? null,
        overrideReason: overriding ? overrideReason : null,
      });
      await appendAuditEvent(tx, {
        teamId: version.teamId,
        action: "version.promoted",
        actor: { userId },
        targetType: "model_version",
        targetId: modelVersionId,
        details: {
          model: version.modelName,
          version: version.version,
          retired: previous.map((p) => p.version),
          reviewId: approval.id,
          reportId: latest?.id ?? null,
          verdict: latest?.verdict ?? null,
          staleApproval,
          override: overriding ? overrideReason : null,
        },
      });
      await emitVersionPromoted(tx, {
        modelVersionId,
        retiredVersionIds: previous.map((p) => p.id),
        reviewId: approval.id,
        reportId: latest?.id ?? null,
        overridden: overriding,
        userId,
      });
      return { modelVersionId, retired: previous.map((p) => p.id), staleApproval, overridden: overriding };
    }, REVIEW_TRANSACTION);
  } catch (error) {
    throw fourEyesRefusal(error, "overrideReason");
  }
}
