import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatasetTestDb, openDatasetTestDb } from "../datasets/testing/dataset-test-db.ts";
import { AppError } from "../errors.ts";
import { evaluateReadiness } from "../readiness/evaluate-readiness.ts";
import { decideReview } from "../reviews/decide-review.ts";
import { promoteVersion } from "../reviews/promote-version.ts";
import { requestReview } from "../reviews/request-review.ts";
import { addMember, addModel } from "../reviews/testing/review-fixtures.ts";
import { emitReviewRequested } from "./emit-notifications.ts";
import { listNotifications, markNotificationsRead } from "./notification-queries.ts";

let t: DatasetTestDb;
let teams: string[];
let author: string;
let changer: string;
let reviewer: string;
let admin: string;
let member: string;
/** Subscribed to everything; `reviewsOnly` to review.decided; `inactive` to everything but disabled. */
let everything: string;
let reviewsOnly: string;

beforeAll(async () => {
  t = await openDatasetTestDb();
  teams = [t.teamId];
  author = await addMember(t.db, t.teamId, "author", "reviewer");
  changer = await addMember(t.db, t.teamId, "changer", "admin");
  reviewer = await addMember(t.db, t.teamId, "reviewer", "reviewer");
  admin = await addMember(t.db, t.teamId, "admin", "admin");
  member = await addMember(t.db, t.teamId, "member", "member");
  const all = ["review.requested", "review.decided", "version.promoted", "readiness.changed"];
  const hook = (events: string[], active = true) =>
    t.db.webhook.create({
      data: { teamId: t.teamId, url: "https://hooks.example.com/x", secret: "ftsec:v1:stored", events, active },
    });
  everything = (await hook(all)).id;
  reviewsOnly = (await hook(["review.decided"])).id;
  await hook(all, false);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const deliveriesOf = (event: string) =>
  t.db.webhookDelivery.findMany({ where: { teamId: t.teamId, event }, orderBy: { createdAt: "asc" } });
const recipients = async (link: string) =>
  (await t.db.notification.findMany({ where: { link }, select: { userId: true } })).map((n) => n.userId).sort();

describe("notifications and webhook deliveries of review actions", () => {
  it("a review request tells the team's reviewers and admins, except its author, changer and requester", async () => {
    const { versionIds } = await addModel(t.db, t.teamId, "requested", [
      { version: "1", createdById: author, lastChangedById: changer },
    ]);
    const id = versionIds[0] as string;
    const review = await requestReview({ db: t.db, teamIds: teams, modelVersionId: id, userId: member, note: "pls" });
    // reviewer and admin; not the author (reviewer), the changer (admin), the requester (member).
    expect(await recipients(`/reviews/${review.id}`)).toEqual([reviewer, admin].sort());
    const [note] = await t.db.notification.findMany({ where: { link: `/reviews/${review.id}` }, take: 1 });
    expect(note).toMatchObject({ kind: "review.requested", title: "Review requested: requested 1", readAt: null });

    const deliveries = await deliveriesOf("review.requested");
    expect(deliveries.map((d) => [d.webhookId, d.status, d.attempts])).toEqual([[everything, "pending", 0]]);
    const payload = deliveries[0]?.payload as Record<string, unknown>;
    expect(payload).toMatchObject({
      event: "review.requested",
      team: { id: t.teamId },
      model: { name: "requested" },
      version: { id, version: "1", stage: "development" },
      review: { id: review.id, status: "requested", note: "pls", requestedBy: { id: member } },
    });
    expect(typeof payload.occurredAt).toBe("string");
    expect(JSON.stringify(payload)).not.toContain("ftsec");
  });

  it("a decision tells who asked and the version's creator; a promotion goes to webhooks", async () => {
    const { versionIds } = await addModel(t.db, t.teamId, "decided", [
      { version: "1", createdById: author, stage: "production" },
      { version: "2", createdById: author, lastChangedById: changer },
    ]);
    const [v1, v2] = versionIds as [string, string];
    const review = await requestReview({ db: t.db, teamIds: teams, modelVersionId: v2, userId: member });
    const reportId = (
      await t.db.readinessReport.findFirstOrThrow({ where: { modelVersionId: v2 }, orderBy: { createdAt: "desc" } })
    ).id;
    await t.db.notification.deleteMany({ where: { teamId: t.teamId } });
    await decideReview({
      db: t.db,
      teamIds: teams,
      reviewId: review.id,
      userId: reviewer,
      decision: "approve",
      comment: "checked",
      reportId,
      overrideReason: "first trial",
    });
    expect(await recipients(`/reviews/${review.id}`)).toEqual([member, author].sort());
    const decided = await deliveriesOf("review.decided");
    expect(decided.map((d) => d.webhookId).sort()).toEqual([everything, reviewsOnly].sort());
    expect(decided[0]?.payload).toMatchObject({
      event: "review.decided",
      version: { id: v2, stage: "approved" },
      review: { id: review.id, status: "approved", comment: "checked", decidedBy: { id: reviewer } },
    });

    await promoteVersion({ db: t.db, teamIds: teams, modelVersionId: v2, userId: member });
    const promoted = await deliveriesOf("version.promoted");
    expect(promoted.map((d) => d.webhookId)).toEqual([everything]);
    expect(promoted[0]?.payload).toMatchObject({
      event: "version.promoted",
      version: { id: v2, version: "2", stage: "production" },
      promotion: { retired: [{ id: v1, version: "1" }], reviewId: review.id },
    });
  });

  it("a new report with another verdict than the previous one is readiness.changed; the same verdict is not", async () => {
    const { versionIds } = await addModel(t.db, t.teamId, "readiness", [{ version: "1", createdById: author }]);
    const id = versionIds[0] as string;
    const first = await evaluateReadiness({ db: t.db, teamId: t.teamId, modelVersionId: id });
    expect(first).not.toBeNull();
    const before = (await deliveriesOf("readiness.changed")).length;
    // A previous report that was `ready` on other evidence: today's evidence is judged differently.
    const { id: _id, createdAt: _c, ...copy } = first as NonNullable<typeof first>;
    await t.db.readinessReport.create({
      data: {
        ...copy,
        policy: copy.policy as object,
        evidence: copy.evidence as object,
        gates: copy.gates as object,
        counts: copy.counts as object,
        verdict: "ready",
        evidenceHash: "older evidence",
        createdAt: new Date(Date.now() + 1),
      },
    });
    const next = await evaluateReadiness({ db: t.db, teamId: t.teamId, modelVersionId: id });
    expect(next?.verdict).toBe(first?.verdict);
    const changed = await deliveriesOf("readiness.changed");
    expect(changed).toHaveLength(before + 1);
    expect(changed.at(-1)?.payload).toMatchObject({
      event: "readiness.changed",
      version: { id },
      report: { id: next?.id, verdict: first?.verdict, previousVerdict: "ready" },
    });
    // Unchanged evidence: no new report, nothing sent.
    await evaluateReadiness({ db: t.db, teamId: t.teamId, modelVersionId: id });
    expect(await deliveriesOf("readiness.changed")).toHaveLength(before + 1);
  });

  it("writes nothing when the action's transaction rolls back", async () => {
    const { versionIds } = await addModel(t.db, t.teamId, "rolled-back", [{ version: "1", createdById: author }]);
    const id = versionIds[0] as string;
    const review = await requestReview({ db: t.db, teamIds: teams, modelVersionId: id, userId: member });
    const count = async () => ({
      notifications: await t.db.notification.count({ where: { teamId: t.teamId } }),
      deliveries: await t.db.webhookDelivery.count({ where: { teamId: t.teamId } }),
    });
    const before = await count();
    const failed = await t.db
      .$transaction(async (tx) => {
        await emitReviewRequested(tx, review);
        throw new Error("the action failed after emitting");
      })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    expect(await count()).toEqual(before);
    // A refused action (a second open review) emits nothing either.
    await expect(requestReview({ db: t.db, teamIds: teams, modelVersionId: id, userId: member })).rejects.toThrow(
      AppError,
    );
    expect(await count()).toEqual(before);
  });
});

describe("the inbox", () => {
  it("lists a user's own notifications unread first, and marks read only their own", async () => {
    const { versionIds } = await addModel(t.db, t.teamId, "inbox", [{ version: "1", createdById: author }]);
    await requestReview({ db: t.db, teamIds: teams, modelVersionId: versionIds[0] as string, userId: member });
    const mine = await listNotifications({ db: t.db, userId: reviewer, teamIds: teams });
    expect(mine.unread).toBeGreaterThan(0);
    expect(mine.items.length).toBe(mine.unread);
    const first = mine.items[0]?.id as string;
    // Another user's notification: NOT_FOUND, and nothing is marked.
    const theirs = await listNotifications({ db: t.db, userId: admin, teamIds: teams });
    const refused = await markNotificationsRead({
      db: t.db,
      userId: reviewer,
      teamIds: teams,
      ids: [first, theirs.items[0]?.id as string],
    }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "NOT_FOUND", field: "ids" });
    // Outside the caller's teams: nothing to see.
    expect(await listNotifications({ db: t.db, userId: reviewer, teamIds: [] })).toEqual({ items: [], unread: 0 });

    expect(await markNotificationsRead({ db: t.db, userId: reviewer, teamIds: teams, ids: [first] })).toEqual({
      updated: 1,
    });
    const after = await listNotifications({ db: t.db, userId: reviewer, teamIds: teams });
    expect(after.unread).toBe(mine.unread - 1);
    expect(after.items.at(-1)?.id).toBe(first);
    await markNotificationsRead({ db: t.db, userId: reviewer, teamIds: teams });
    expect((await listNotifications({ db: t.db, userId: reviewer, teamIds: teams })).unread).toBe(0);
    expect((await listNotifications({ db: t.db, userId: admin, teamIds: teams })).unread).toBe(theirs.unread);
  });
});
