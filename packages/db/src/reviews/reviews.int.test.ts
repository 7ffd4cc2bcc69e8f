import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../audit/audit-log.ts";
import { type DatasetTestDb, openDatasetTestDb } from "../datasets/testing/dataset-test-db.ts";
import { AppError } from "../errors.ts";
import { decideReview } from "./decide-review.ts";
import { promoteVersion } from "./promote-version.ts";
import { requestReview, withdrawReview } from "./request-review.ts";
import { listReviews, reviewById, versionReviewHistory } from "./review-queries.ts";
import { addMember, addModel, markLatestReportReady } from "./testing/review-fixtures.ts";

let t: DatasetTestDb;
let teams: string[];
let author: string;
let changer: string;
let reviewer: string;
let admin: string;
let member: string;

beforeAll(async () => {
  t = await openDatasetTestDb();
  teams = [t.teamId];
  author = await addMember(t.db, t.teamId, "author", "reviewer");
  changer = await addMember(t.db, t.teamId, "changer", "admin");
  reviewer = await addMember(t.db, t.teamId, "reviewer", "reviewer");
  admin = await addMember(t.db, t.teamId, "admin", "admin");
  member = await addMember(t.db, t.teamId, "member", "member");
}, 120_000);

afterAll(async () => {
  await t?.close();
});

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected a refusal").toBeInstanceOf(AppError);
  return error as AppError;
}

const latestReportId = async (modelVersionId: string) =>
  (
    await t.db.readinessReport.findFirstOrThrow({
      where: { modelVersionId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    })
  ).id;

const actions = async () =>
  (await t.db.auditEvent.findMany({ where: { teamId: t.teamId }, orderBy: { seq: "asc" } })).map((e) => e.action);

describe("review workflow", () => {
  it("requests a review from the latest report, once per version", async () => {
    const { versionIds } = await addModel(t.db, t.teamId, "requests", [
      { version: "1", createdById: author, lastChangedById: changer },
    ]);
    const id = versionIds[0] as string;
    const review = await requestReview({
      db: t.db,
      teamIds: teams,
      modelVersionId: id,
      userId: author,
      note: " please ",
    });
    expect(review).toMatchObject({
      status: "requested",
      requestNote: "please",
      requestReportId: await latestReportId(id),
    });
    expect((await refusal(requestReview({ db: t.db, teamIds: teams, modelVersionId: id, userId: member }))).code).toBe(
      "CONFLICT",
    );
    // Another team's caller sees nothing.
    const err = await refusal(requestReview({ db: t.db, teamIds: [], modelVersionId: id, userId: member }));
    expect([err.code, err.field]).toEqual(["NOT_FOUND", "modelVersionId"]);
    expect(await listReviews({ db: t.db, teamIds: [], userId: member })).toEqual([]);
    const queue = await listReviews({ db: t.db, teamIds: teams, userId: reviewer });
    expect(queue.find((r) => r.id === review.id)).toMatchObject({ canDecide: true, viewerIsAuthor: false });
    const byAuthor = await reviewById({ db: t.db, teamIds: teams, userId: author, reviewId: review.id });
    expect(byAuthor).toMatchObject({ canDecide: false, viewerIsAuthor: true });
    const asMember = await reviewById({ db: t.db, teamIds: teams, userId: member, reviewId: review.id });
    expect(asMember?.canDecide).toBe(false);
    const nul = await refusal(
      requestReview({ db: t.db, teamIds: teams, modelVersionId: id, userId: author, note: "a\u0000b" }),
    );
    expect([nul.code, nul.field]).toEqual(["BAD_INPUT", "note"]);
    const stranger = await refusal(withdrawReview({ db: t.db, teamIds: teams, reviewId: review.id, userId: reviewer }));
    expect([stranger.code, stranger.field]).toEqual(["FORBIDDEN", "reviewId"]);
    await withdrawReview({ db: t.db, teamIds: teams, reviewId: review.id, userId: author });
    expect((await actions()).slice(-2)).toEqual(["review.requested", "review.withdrawn"]);
  });

  it("refuses a decision by whoever created or last changed the version, admins included", async () => {
    const { versionIds } = await addModel(t.db, t.teamId, "four-eyes", [
      { version: "1", createdById: author, lastChangedById: changer },
    ]);
    const id = versionIds[0] as string;
    const review = await requestReview({ db: t.db, teamIds: teams, modelVersionId: id, userId: member });
    const reportId = await latestReportId(id);
    const before = await actions();
    for (const userId of [author, changer]) {
      for (const decision of ["approve", "reject", "request_changes"] as const) {
        const err = await refusal(
          decideReview({
            db: t.db,
            teamIds: teams,
            reviewId: review.id,
            userId,
            decision,
            comment: "looks fine",
            reportId,
            ...(decision === "approve" ? { overrideReason: "we accept the risk" } : {}),
          }),
        );
        expect([err.code, err.field]).toEqual(["FORBIDDEN", "reviewId"]);
        expect(err.message).toContain("four-eyes");
      }
    }
    expect(await t.db.review.findUniqueOrThrow({ where: { id: review.id } })).toMatchObject({
      status: "requested",
      decidedById: null,
    });
    expect((await t.db.modelVersion.findUniqueOrThrow({ where: { id } })).stage).toBe("development");
    expect(await actions()).toEqual(before);
    expect(await t.db.stageChange.count({ where: { modelVersionId: id } })).toBe(0);
  });

  it("decides only on the latest report, and approves a report that is not ready only with an override", async () => {
    const { versionIds } = await addModel(t.db, t.teamId, "override", [{ version: "1", createdById: author }]);
    const id = versionIds[0] as string;
    const review = await requestReview({ db: t.db, teamIds: teams, modelVersionId: id, userId: author });
    const reportId = await latestReportId(id);
    const decide = (extra: Partial<Parameters<typeof decideReview>[0]>) =>
      decideReview({
        db: t.db,
        teamIds: teams,
        reviewId: review.id,
        userId: reviewer,
        decision: "approve",
        reportId,
        comment: "read the gates",
        ...extra,
      });

    const old = await refusal(decide({ reportId: "00000000-0000-4000-8000-000000000000" }));
    expect([old.code, old.field]).toEqual(["CONFLICT", "reportId"]);
    const noReason = await refusal(decide({}));
    expect([noReason.code, noReason.field]).toEqual(["BAD_INPUT", "overrideReason"]);
    expect(noReason.message).toContain("insufficient evidence");
    const noComment = await refusal(decide({ decision: "reject", comment: " " }));
    expect([noComment.code, noComment.field]).toEqual(["BAD_INPUT", "comment"]);
    const otherTeam = await refusal(decide({ teamIds: [], overrideReason: "x" }));
    expect(otherTeam.code).toBe("NOT_FOUND");

    const approved = await decide({ comment: "ok", overrideReason: "shadow is the only evidence we can get" });
    expect(approved).toMatchObject({
      status: "approved",
      decidedById: reviewer,
      decisionReportId: reportId,
      overrideReason: "shadow is the only evidence we can get",
    });
    expect((await t.db.modelVersion.findUniqueOrThrow({ where: { id } })).stage).toBe("approved");
    const change = await t.db.stageChange.findFirstOrThrow({ where: { modelVersionId: id } });
    expect(change).toMatchObject({
      fromStage: "development",
      toStage: "approved",
      actorUserId: reviewer,
      reviewId: review.id,
    });
    expect(change.overrideReason).toBe("shadow is the only evidence we can get");
    expect((await actions()).slice(-3)).toEqual(["review.approved", "readiness.overridden", "version.stage_changed"]);
    const again = await refusal(decide({ overrideReason: "again" }));
    expect([again.code, again.field]).toEqual(["CONFLICT", "reviewId"]);
    expect(await verifyAuditChain(t.db, t.teamId)).toMatchObject({ ok: true });
  });

  it("approves a ready report without an override, and refuses an override of nothing", async () => {
    const { versionIds } = await addModel(t.db, t.teamId, "ready", [{ version: "1", createdById: author }]);
    const id = versionIds[0] as string;
    const review = await requestReview({ db: t.db, teamIds: teams, modelVersionId: id, userId: author });
    const ready = await markLatestReportReady(t.db, id);
    const base = {
      db: t.db,
      teamIds: teams,
      reviewId: review.id,
      userId: admin,
      decision: "approve" as const,
      reportId: ready.id,
      comment: "all gates pass",
    };
    const needless = await refusal(decideReview({ ...base, overrideReason: "just in case" }));
    expect([needless.code, needless.field]).toEqual(["BAD_INPUT", "overrideReason"]);
    expect(await decideReview(base)).toMatchObject({
      status: "approved",
      overrideReason: null,
    });
    expect((await actions()).slice(-2)).toEqual(["review.approved", "version.stage_changed"]);
  });

  it("promotes an approved version and retires the previous production version", async () => {
    const { versionIds } = await addModel(t.db, t.teamId, "promote", [
      { version: "1", createdById: author, stage: "production" },
      { version: "2", createdById: author },
    ]);
    const [v1, v2] = versionIds as [string, string];
    const notApproved = await refusal(promoteVersion({ db: t.db, teamIds: teams, modelVersionId: v2, userId: member }));
    expect([notApproved.code, notApproved.field]).toEqual(["CONFLICT", "modelVersionId"]);

    const review = await requestReview({ db: t.db, teamIds: teams, modelVersionId: v2, userId: author });
    await decideReview({
      db: t.db,
      teamIds: teams,
      reviewId: review.id,
      userId: reviewer,
      decision: "approve",
      reportId: await latestReportId(v2),
      comment: "benchmark read",
      overrideReason: "accepted: first field trial",
    });
    // The approval overrode this very report: the promotion needs no second override.
    const result = await promoteVersion({ db: t.db, teamIds: teams, modelVersionId: v2, userId: member });
    expect(result).toEqual({ modelVersionId: v2, retired: [v1], staleApproval: false, overridden: false });
    const stages = await t.db.modelVersion.findMany({
      where: { id: { in: [v1, v2] } },
      select: { id: true, stage: true },
    });
    expect(Object.fromEntries(stages.map((s) => [s.id, s.stage]))).toEqual({ [v1]: "retired", [v2]: "production" });
    expect((await actions()).slice(-3)).toEqual(["version.stage_changed", "version.stage_changed", "version.promoted"]);
    const history = await versionReviewHistory({ db: t.db, teamIds: teams, userId: member, modelVersionId: v2 });
    expect(history?.stageChanges.map((c) => [c.fromStage, c.toStage])).toEqual([
      ["development", "approved"],
      ["approved", "production"],
    ]);
    const again = await refusal(promoteVersion({ db: t.db, teamIds: teams, modelVersionId: v2, userId: member }));
    expect(again.message).toContain("production already");
  });

  it("flags an approval stale when a newer report arrives, and then needs a reviewer's override to promote", async () => {
    const { versionIds } = await addModel(t.db, t.teamId, "stale", [{ version: "1", createdById: author }]);
    const id = versionIds[0] as string;
    const review = await requestReview({ db: t.db, teamIds: teams, modelVersionId: id, userId: author });
    const ready = await markLatestReportReady(t.db, id);
    await decideReview({
      db: t.db,
      teamIds: teams,
      reviewId: review.id,
      userId: reviewer,
      decision: "approve",
      reportId: ready.id,
      comment: "all gates pass",
    });
    expect((await reviewById({ db: t.db, teamIds: teams, userId: member, reviewId: review.id }))?.stale).toBe(false);
    // New evidence: its report (insufficient evidence, as the default policy judges this version) is newer.
    await t.db.readinessReport.update({ where: { id: ready.id }, data: { evidenceHash: "changed" } });
    const promote = (userId: string, overrideReason?: string) =>
      promoteVersion({
        db: t.db,
        teamIds: teams,
        modelVersionId: id,
        userId,
        ...(overrideReason ? { overrideReason } : {}),
      });
    const needsReason = await refusal(promote(member));
    expect([needsReason.code, needsReason.field]).toEqual(["BAD_INPUT", "overrideReason"]);
    expect(needsReason.message).toContain("newer than the approval");
    expect((await reviewById({ db: t.db, teamIds: teams, userId: member, reviewId: review.id }))?.stale).toBe(true);
    const notReviewer = await refusal(promote(member, "ship it"));
    expect([notReviewer.code, notReviewer.field]).toEqual(["FORBIDDEN", "overrideReason"]);
    const authorOverride = await refusal(promote(author, "ship it"));
    expect([authorOverride.code, authorOverride.field]).toEqual(["FORBIDDEN", "overrideReason"]);
    expect((await t.db.modelVersion.findUniqueOrThrow({ where: { id } })).stage).toBe("approved");
    expect(await promote(admin, "the new evidence is a known data outage")).toMatchObject({
      staleApproval: true,
      overridden: true,
    });
    const change = await t.db.stageChange.findFirstOrThrow({ where: { modelVersionId: id, toStage: "production" } });
    expect(change.overrideReason).toBe("the new evidence is a known data outage");
    expect((await actions()).slice(-3)).toEqual(["readiness.overridden", "version.stage_changed", "version.promoted"]);
  });

  it("lets one of two concurrent decisions win and leaves one production version after concurrent promotions", async () => {
    const { versionIds } = await addModel(t.db, t.teamId, "races", [
      { version: "1", createdById: author },
      { version: "2", createdById: author },
    ]);
    for (const id of versionIds) {
      const review = await requestReview({ db: t.db, teamIds: teams, modelVersionId: id, userId: author });
      const reportId = await latestReportId(id);
      const outcomes = await Promise.allSettled(
        [reviewer, admin].map((userId) =>
          decideReview({
            db: t.db,
            teamIds: teams,
            reviewId: review.id,
            userId,
            decision: "approve",
            reportId,
            comment: "race",
            overrideReason: "race",
          }),
        ),
      );
      expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    }
    await Promise.all(
      versionIds.map((id) => promoteVersion({ db: t.db, teamIds: teams, modelVersionId: id, userId: member })),
    );
    const stages = await t.db.modelVersion.findMany({ where: { id: { in: versionIds } }, select: { stage: true } });
    expect(stages.map((s) => s.stage).sort()).toEqual(["production", "retired"]);
    expect(await verifyAuditChain(t.db, t.teamId)).toMatchObject({ ok: true });
  });

  it("goes with its team: deleting the team deletes its reviews, stage changes and audit log", async () => {
    expect(await t.db.review.count({ where: { teamId: t.teamId } })).toBeGreaterThan(0);
    await t.db.team.delete({ where: { id: t.teamId } });
    expect(await t.db.review.count({ where: { teamId: t.teamId } })).toBe(0);
    expect(await t.db.stageChange.count({ where: { teamId: t.teamId } })).toBe(0);
    expect(await t.db.auditEvent.count({ where: { teamId: t.teamId } })).toBe(0);
  });
});
