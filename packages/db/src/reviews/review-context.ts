import type { Db } from "../client.ts";
import { notFound } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { evaluateReadiness } from "../readiness/evaluate-readiness.ts";

type Tx = Prisma.TransactionClient;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string) => UUID.test(value);

/** A version of one of `teamIds`, locked (FOR NO KEY UPDATE) for the rest of the transaction; null when not found. */
export async function lockVersion(tx: Tx, teamIds: readonly string[], modelVersionId: string) {
  if (!isUuid(modelVersionId)) return null;
  const version = await tx.modelVersion.findFirst({
    where: { id: modelVersionId, model: { teamId: { in: [...teamIds] } } },
    select: {
      id: true,
      version: true,
      stage: true,
      modelId: true,
      createdById: true,
      lastChangedById: true,
      model: { select: { teamId: true, name: true } },
    },
  });
  if (!version) return null;
  await tx.$queryRaw`SELECT id FROM model_version WHERE id = ${modelVersionId}::uuid FOR NO KEY UPDATE`;
  // Re-read under the lock what others change: the stage (a concurrent decision) and who last changed it (an upload).
  const locked = await tx.modelVersion.findUniqueOrThrow({
    where: { id: modelVersionId },
    select: { stage: true, createdById: true, lastChangedById: true },
  });
  return { ...version, ...locked, teamId: version.model.teamId, modelName: version.model.name };
}

/** The version's newest readiness report (id and verdict), or null. */
export function latestReport(tx: Tx, modelVersionId: string) {
  return tx.readinessReport.findFirst({
    where: { modelVersionId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, verdict: true, createdAt: true },
  });
}

/** Stages from which a version may be put up for review. */
export const REVIEWABLE_STAGES = ["development", "candidate", "shadow"] as const;

/** `approved` once a review approved it, before its promotion. */
export function isReviewable(stage: string): stage is (typeof REVIEWABLE_STAGES)[number] {
  return (REVIEWABLE_STAGES as readonly string[]).includes(stage);
}

/**
 * Judges the version's readiness on today's evidence (a new report when it changed), before a
 * review step reads the latest report. NOT_FOUND on `modelVersionId` when it is not in `teamIds`.
 */
export async function judgeReadinessNow(db: Db, teamIds: readonly string[], modelVersionId: string): Promise<void> {
  const found = isUuid(modelVersionId)
    ? await db.modelVersion.findFirst({
        where: { id: modelVersionId, model: { teamId: { in: [...teamIds] } } },
        select: { model: { select: { teamId: true } } },
      })
    : null;
  if (!found) throw notFound("Model version", "modelVersionId");
  await evaluateReadiness({ db, teamId: found.model.teamId, modelVersionId });
}

/**
 * Options of every review transaction: the version lock may be held by a readiness evaluation for
 * up to its own 30 s timeout (evaluate-readiness.ts), so waiting for it must not fail at Prisma's 5 s.
 */
export const REVIEW_TRANSACTION = { maxWait: 10_000, timeout: 40_000 } as const;
