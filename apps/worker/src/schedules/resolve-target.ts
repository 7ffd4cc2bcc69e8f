import type { Db } from "@fieldtest/db";

/** The stage aliases a Schedule may target instead of one version. */
export const STAGE_ALIASES = ["production", "candidates"] as const;
export type StageAlias = (typeof STAGE_ALIASES)[number];

export interface ScheduleTarget {
  teamId: string;
  modelVersionId: string | null;
  modelId: string | null;
  stageAlias: string | null;
}

export type ResolvedTarget = { versionIds: string[] } | { versionIds: []; reason: string };

/**
 * The model versions one fire of a schedule runs, resolved when it fires: its version, or the
 * model's production version, or each of its candidate versions (oldest first). None is a
 * reason, never an error: the schedule fires again later, when the model may have one.
 */
export async function resolveScheduleTarget(db: Db, target: ScheduleTarget): Promise<ResolvedTarget> {
  if (target.modelVersionId) {
    const version = await db.modelVersion.findFirst({
      where: { id: target.modelVersionId, model: { teamId: target.teamId } },
      select: { id: true },
    });
    return version ? { versionIds: [version.id] } : { versionIds: [], reason: "the model version no longer exists" };
  }
  if (!target.modelId || (target.stageAlias !== "production" && target.stageAlias !== "candidates")) {
    return {
      versionIds: [],
      reason: `the schedule names no version and no stage alias it knows (${target.stageAlias})`,
    };
  }
  const stage = target.stageAlias === "production" ? "production" : "candidate";
  const versions = await db.modelVersion.findMany({
    where: { modelId: target.modelId, model: { teamId: target.teamId }, stage },
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
  if (versions.length === 0) {
    return {
      versionIds: [],
      reason:
        target.stageAlias === "production"
          ? "the model has no production version"
          : "the model has no candidate versions",
    };
  }
  return { versionIds: versions.map((v) => v.id) };
}
