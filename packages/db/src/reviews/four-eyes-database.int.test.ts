import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type DatasetTestDb, openDatasetTestDb } from "../datasets/testing/dataset-test-db.ts";
import { AppError } from "../errors.ts";
import { decideReview } from "./decide-review.ts";
import { promoteVersion } from "./promote-version.ts";
import { requestReview } from "./request-review.ts";
import { addMember, addModel } from "./testing/review-fixtures.ts";

// The service's four-eyes check removed: what is left to refuse a self-approval is the database.
vi.mock("./four-eyes.ts", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./four-eyes.ts")>()),
  assertNotAuthor: () => {},
}));

let t: DatasetTestDb;
let author: string;
let changer: string;
let reviewer: string;

beforeAll(async () => {
  t = await openDatasetTestDb();
  author = await addMember(t.db, t.teamId, "author-admin", "admin");
  changer = await addMember(t.db, t.teamId, "changer-reviewer", "reviewer");
  reviewer = await addMember(t.db, t.teamId, "reviewer", "reviewer");
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const latestReportId = async (modelVersionId: string) =>
  (await t.db.readinessReport.findFirstOrThrow({ where: { modelVersionId }, orderBy: { createdAt: "desc" } })).id;

describe("four-eyes in the database, with the service check removed", () => {
  it("refuses an approval by the version's creator or last changer, and nothing changes", async () => {
    const { versionIds } = await addModel(t.db, t.teamId, "db-four-eyes", [
      { version: "1", createdById: author, lastChangedById: changer },
    ]);
    const id = versionIds[0] as string;
    const review = await requestReview({ db: t.db, teamIds: [t.teamId], modelVersionId: id, userId: author });
    const reportId = await latestReportId(id);
    const auditBefore = await t.db.auditEvent.count({ where: { teamId: t.teamId } });
    for (const userId of [author, changer]) {
      const error = await decideReview({
        db: t.db,
        teamIds: [t.teamId],
        reviewId: review.id,
        userId,
        decision: "approve",
        reportId,
        comment: "mine",
        overrideReason: "self-approval attempt",
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("FORBIDDEN");
      expect(String(((error as AppError).cause as Error).message)).toContain("four-eyes:");
    }
    expect(await t.db.review.findUniqueOrThrow({ where: { id: review.id } })).toMatchObject({ status: "requested" });
    expect((await t.db.modelVersion.findUniqueOrThrow({ where: { id } })).stage).toBe("development");
    expect(await t.db.auditEvent.count({ where: { teamId: t.teamId } })).toBe(auditBefore);
  });

  it("refuses a self-approval written by any code path, even raw SQL", async () => {
    const { versionIds } = await addModel(t.db, t.teamId, "db-raw", [{ version: "1", createdById: author }]);
    const id = versionIds[0] as string;
    const review = await requestReview({ db: t.db, teamIds: [t.teamId], modelVersionId: id, userId: author });
    await expect(
      t.db.$executeRaw`UPDATE review SET status = 'approved', "decidedById" = ${author} WHERE id = ${review.id}::uuid`,
    ).rejects.toThrow(/four-eyes/);
    await expect(
      t.db.$executeRaw`UPDATE review SET status = 'approved', "decidedById" = NULL WHERE id = ${review.id}::uuid`,
    ).rejects.toThrow(/names no reviewer/);
    await expect(
      t.db.review.create({
        data: {
          teamId: t.teamId,
          modelVersionId: id,
          requestedById: author,
          requestReportId: review.requestReportId,
          status: "approved",
          decidedById: author,
        },
      }),
    ).rejects.toThrow(/four-eyes/);
    // Another reviewer's approval is accepted.
    await t.db
      .$executeRaw`UPDATE review SET status = 'approved', "decidedById" = ${reviewer} WHERE id = ${review.id}::uuid`;
  });

  it("refuses a readiness override at promotion by the version's author", async () => {
    const { versionIds } = await addModel(t.db, t.teamId, "db-override", [{ version: "1", createdById: author }]);
    const id = versionIds[0] as string;
    const review = await requestReview({ db: t.db, teamIds: [t.teamId], modelVersionId: id, userId: author });
    const reportId = await latestReportId(id);
    await decideReview({
      db: t.db,
      teamIds: [t.teamId],
      reviewId: review.id,
      userId: reviewer,
      decision: "approve",
      reportId,
      comment: "read it",
      overrideReason: "accepted",
    });
    // New evidence makes the approval's override stale: the promotion needs its own.
    await t.db.readinessReport.update({ where: { id: reportId }, data: { evidenceHash: "changed" } });
    const error = await promoteVersion({
      db: t.db,
      teamIds: [t.teamId],
      modelVersionId: id,
      userId: author,
      overrideReason: "my own override",
    }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe("FORBIDDEN");
    expect(String(((error as AppError).cause as Error).message)).toContain("four-eyes:");
    expect((await t.db.modelVersion.findUniqueOrThrow({ where: { id } })).stage).toBe("approved");
  });

  it("refuses to set a version approved without an approval by someone else", async () => {
    const { versionIds } = await addModel(t.db, t.teamId, "db-stage", [{ version: "1", createdById: author }]);
    const id = versionIds[0] as string;
    await expect(t.db.modelVersion.update({ where: { id }, data: { stage: "approved" } })).rejects.toThrow(/four-eyes/);
    // An approval by the author (written with the trigger that guards reviews switched off, as an owner could) does not count.
    const review = await requestReview({ db: t.db, teamIds: [t.teamId], modelVersionId: id, userId: author });
    await t.db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`ALTER TABLE review DISABLE TRIGGER review_four_eyes`);
      await tx.$executeRaw`UPDATE review SET status = 'approved', "decidedById" = ${author} WHERE id = ${review.id}::uuid`;
      await tx.$executeRawUnsafe(`ALTER TABLE review ENABLE TRIGGER review_four_eyes`);
    });
    await expect(t.db.$executeRaw`UPDATE model_version SET stage = 'approved' WHERE id = ${id}::uuid`).rejects.toThrow(
      /four-eyes/,
    );
    expect((await t.db.modelVersion.findUniqueOrThrow({ where: { id } })).stage).toBe("development");
  });
});
