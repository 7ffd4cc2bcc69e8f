import { appendAuditEvent } from "../audit/audit-log.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Stage } from "../generated/prisma/enums.ts";

type Tx = Prisma.TransactionClient;

/**
 * Moves a version to `toStage` inside `tx`: the version's stage, a StageChange row (who, why, from
 * which report, with which override) and a `version.stage_changed` audit event, together.
 */
export async function recordStageChange(
  tx: Tx,
  change: {
    version: { id: string; stage: Stage; teamId: string; modelName: string; version: string };
    toStage: Stage;
    userId: string;
    reviewId?: string | null;
    reportId?: string | null;
    overrideReason?: string | null;
  },
) {
  const { version, toStage, userId } = change;
  await tx.modelVersion.update({ where: { id: version.id }, data: { stage: toStage } });
  const row = await tx.stageChange.create({
    data: {
      teamId: version.teamId,
      modelVersionId: version.id,
      fromStage: version.stage,
      toStage,
      actorUserId: userId,
      reviewId: change.reviewId ?? null,
      reportId: change.reportId ?? null,
      overrideReason: change.overrideReason ?? null,
    },
  });
  await appendAuditEvent(tx, {
    teamId: version.teamId,
    action: "version.stage_changed",
    actor: { userId },
    targetType: "model_version",
    targetId: version.id,
    details: {
      model: version.modelName,
      version: version.version,
      from: version.stage,
      to: toStage,
      reviewId: change.reviewId ?? null,
      reportId: change.reportId ?? null,
      override: change.overrideReason ?? null,
    },
  });
  return row;
}
