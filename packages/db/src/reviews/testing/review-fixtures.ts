import { randomUUID } from "node:crypto";
import type { Db } from "../../client.ts";
import type { Role } from "../../generated/prisma/enums.ts";

/** A user of the test team with `role` (test fixtures for the review tests). */
export async function addMember(db: Db, teamId: string, name: string, role: Role) {
  const id = randomUUID();
  await db.user.create({ data: { id, name, email: `${name}-${id}@example.test` } });
  await db.membership.create({ data: { teamId, userId: id, role } });
  return id;
}

/** A binary model with versions created by `createdById` and last changed by `lastChangedById`. */
export async function addModel(
  db: Db,
  teamId: string,
  name: string,
  versions: { version: string; createdById: string; lastChangedById?: string; stage?: "development" | "production" }[],
) {
  const model = await db.model.create({
    data: { teamId, name, task: "binary_classification", createdById: versions[0]?.createdById ?? "" },
  });
  const ids: string[] = [];
  for (const v of versions) {
    const row = await db.modelVersion.create({
      data: {
        modelId: model.id,
        version: v.version,
        stage: v.stage ?? "development",
        createdById: v.createdById,
        lastChangedById: v.lastChangedById ?? v.createdById,
      },
    });
    ids.push(row.id);
  }
  return { modelId: model.id, versionIds: ids };
}

/**
 * Makes the version's latest report `ready`, as a team policy that passes would (the default
 * policy cannot pass without stored paired benchmark comparisons, and team policies are still to
 * come): a copy of its latest report with only the verdict changed. Same evidence hash and gate
 * statuses, so evaluateReadiness on unchanged evidence returns the copy as the latest report.
 */
export async function markLatestReportReady(db: Db, modelVersionId: string) {
  const latest = await db.readinessReport.findFirstOrThrow({
    where: { modelVersionId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return db.readinessReport.create({
    data: {
      teamId: latest.teamId,
      modelVersionId,
      verdict: "ready",
      policy: latest.policy as object,
      evidence: latest.evidence as object,
      gates: latest.gates as object,
      counts: latest.counts as object,
      evidenceHash: latest.evidenceHash,
      createdAt: new Date(latest.createdAt.getTime() + 1),
    },
  });
}
