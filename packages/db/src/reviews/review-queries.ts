import type { Db } from "../client.ts";
import type { ReadinessVerdict, ReviewStatus } from "../generated/prisma/enums.ts";
import { isUuid } from "./review-context.ts";

const person = { select: { id: true, name: true } } as const;

const reviewSelect = {
  id: true,
  teamId: true,
  modelVersionId: true,
  status: true,
  requestNote: true,
  requestedAt: true,
  requestReportId: true,
  decisionComment: true,
  decisionReportId: true,
  overrideReason: true,
  decidedAt: true,
  requestedBy: person,
  decidedBy: person,
  requestReport: { select: { verdict: true } },
  modelVersion: {
    select: {
      id: true,
      version: true,
      stage: true,
      createdById: true,
      lastChangedById: true,
      model: { select: { id: true, name: true, task: true } },
    },
  },
  team: { select: { id: true, name: true, slug: true } },
} as const;

/** The newest report id and verdict of each version, in one query (DISTINCT ON reads one row per version by its index). */
async function latestReports(db: Db, versionIds: readonly string[]) {
  if (versionIds.length === 0) return new Map<string, { id: string; verdict: ReadinessVerdict }>();
  const rows = await db.$queryRaw<{ id: string; verdict: ReadinessVerdict; modelVersionId: string }[]>`
    SELECT DISTINCT ON ("modelVersionId") id, verdict::text AS verdict, "modelVersionId"
    FROM readiness_report
    WHERE "modelVersionId" = ANY(${[...versionIds]}::uuid[])
    ORDER BY "modelVersionId", "createdAt" DESC, id DESC`;
  return new Map(rows.map((r) => [r.modelVersionId, { id: r.id, verdict: r.verdict }]));
}

type ReviewRow = Awaited<ReturnType<typeof findReviews>>[number];

function findReviews(db: Db, where: NonNullable<Parameters<Db["review"]["findMany"]>[0]>["where"], take: number) {
  return db.review.findMany({ where, orderBy: [{ requestedAt: "desc" }, { id: "desc" }], take, select: reviewSelect });
}

/**
 * A review as the UI shows it: who may decide it (`canDecide`: a reviewer or admin of the team
 * who neither created nor last changed the version), the latest report, and whether an approval
 * is stale (a newer report than the one it was made against).
 */
function reviewView(
  row: ReviewRow,
  latest: { id: string; verdict: ReadinessVerdict } | undefined,
  viewer: { userId: string; roles: ReadonlyMap<string, string> },
) {
  const { createdById, lastChangedById, ...version } = row.modelVersion;
  const role = viewer.roles.get(row.teamId);
  const author = viewer.userId === createdById || viewer.userId === lastChangedById;
  return {
    ...row,
    modelVersion: version,
    latestReportId: latest?.id ?? null,
    latestVerdict: latest?.verdict ?? null,
    // Stale matters while the approval is what a promotion would rest on.
    stale:
      row.status === "approved" &&
      version.stage === "approved" &&
      latest !== undefined &&
      latest.id !== row.decisionReportId,
    viewerIsAuthor: author,
    canDecide: row.status === "requested" && (role === "reviewer" || role === "admin") && !author,
  };
}

export type ReviewView = ReturnType<typeof reviewView>;

async function rolesOf(db: Db, userId: string) {
  const memberships = await db.membership.findMany({ where: { userId }, select: { teamId: true, role: true } });
  return new Map(memberships.map((m) => [m.teamId, m.role as string]));
}

/**
 * Reviews in the caller's teams, newest first: `open` ones (the reviewer queue), `decided` ones,
 * or all. Three queries whatever the number of reviews.
 */
export async function listReviews(options: {
  db: Db;
  teamIds: readonly string[];
  userId: string;
  status?: "open" | "decided" | "all";
  take?: number;
}): Promise<ReviewView[]> {
  const { db, teamIds, userId } = options;
  const status = options.status ?? "open";
  const statusWhere: { status?: ReviewStatus | { not: ReviewStatus } } =
    status === "open" ? { status: "requested" } : status === "decided" ? { status: { not: "requested" } } : {};
  const take = Math.min(200, Math.max(1, options.take ?? 100));
  const rows = await findReviews(db, { teamId: { in: [...teamIds] }, ...statusWhere }, take);
  const latest = await latestReports(db, [...new Set(rows.map((r) => r.modelVersionId))]);
  const roles = await rolesOf(db, userId);
  return rows.map((r) => reviewView(r, latest.get(r.modelVersionId), { userId, roles }));
}

/** One review of the caller's teams, or null. */
export async function reviewById(options: {
  db: Db;
  teamIds: readonly string[];
  userId: string;
  reviewId: string;
}): Promise<ReviewView | null> {
  const { db, teamIds, userId, reviewId } = options;
  if (!isUuid(reviewId)) return null;
  const [row] = await findReviews(db, { id: reviewId, teamId: { in: [...teamIds] } }, 1);
  if (!row) return null;
  const latest = await latestReports(db, [row.modelVersionId]);
  return reviewView(row, latest.get(row.modelVersionId), { userId, roles: await rolesOf(db, userId) });
}

/** A version's reviews (newest first) and its stage changes (oldest first), or null when not in the teams. */
export async function versionReviewHistory(options: {
  db: Db;
  teamIds: readonly string[];
  userId: string;
  modelVersionId: string;
}) {
  const { db, teamIds, userId, modelVersionId } = options;
  if (!isUuid(modelVersionId)) return null;
  const version = await db.modelVersion.findFirst({
    where: { id: modelVersionId, model: { teamId: { in: [...teamIds] } } },
    select: { id: true, stage: true },
  });
  if (!version) return null;
  const rows = await findReviews(db, { modelVersionId }, 50);
  const latest = await latestReports(db, [modelVersionId]);
  const roles = await rolesOf(db, userId);
  const stageChanges = await db.stageChange.findMany({
    where: { modelVersionId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      fromStage: true,
      toStage: true,
      reviewId: true,
      reportId: true,
      overrideReason: true,
      createdAt: true,
      actor: person,
    },
  });
  return {
    modelVersionId,
    stage: version.stage,
    reviews: rows.map((r) => reviewView(r, latest.get(modelVersionId), { userId, roles })),
    stageChanges,
  };
}
