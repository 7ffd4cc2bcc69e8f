import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("./testing/int-env");
  return applyIntegrationEnv();
});

import { getDb, verifyAuditChain } from "@fieldtest/db";
import { closeQueues } from "@fieldtest/jobs";
import {
  callerFor,
  cleanUp,
  createTeam,
  createUser,
  failure,
  migrateTestDatabase,
  type TestUser,
} from "./testing/fixtures";
import { errorField } from "./trpc";

const db = getDb();
let owner: TestUser;
let ownerReviewer: TestUser;
let ownerAdmin: TestUser;
let reviewer: TestUser;
let outsider: TestUser;
let team: { id: string };
let otherTeam: { id: string };

beforeAll(async () => {
  migrateTestDatabase(testEnv.databaseUrl);
  owner = await createUser("owner-member");
  ownerReviewer = await createUser("owner-reviewer");
  ownerAdmin = await createUser("owner-admin");
  reviewer = await createUser("reviewer");
  outsider = await createUser("outsider-reviewer");
  team = await createTeam("Reviews", [
    { user: owner, role: "member" },
    { user: ownerReviewer, role: "reviewer" },
    { user: ownerAdmin, role: "admin" },
    { user: reviewer, role: "reviewer" },
  ]);
  otherTeam = await createTeam("Other", [{ user: outsider, role: "admin" }]);
}, 120_000);

afterAll(async () => {
  const users = [owner, ownerReviewer, ownerAdmin, reviewer, outsider].filter(Boolean).map((u) => u.id);
  await cleanUp([team?.id, otherTeam?.id].filter(Boolean) as string[], users);
  await closeQueues();
  await db.$disconnect();
  await rm(testEnv.storageDir, { recursive: true, force: true });
});

/** A model and version created by `author`, under review. */
async function versionUnderReview(author: TestUser, name: string) {
  const api = await callerFor(author);
  const model = await api.model.create({ teamId: team.id, name, task: "binary_classification" });
  const version = await api.modelVersion.create({ modelId: model.id, version: "1", endpoint: { protocol: "offline" } });
  const review = await api.review.request({ modelVersionId: version.id, note: "ready for a look" });
  const { readiness } = await api.review.byId({ reviewId: review.id });
  return { version, review, reportId: readiness.reportId };
}

describe("review procedures", () => {
  it("refuses self-approval for every role, admins included", async () => {
    for (const author of [owner, ownerReviewer, ownerAdmin]) {
      const { version, review, reportId } = await versionUnderReview(author, `self-${author.email.slice(0, 14)}`);
      const api = await callerFor(author);
      const err = await failure(
        api.review.decide({
          reviewId: review.id,
          decision: "approve",
          comment: "mine",
          reportId,
          overrideReason: "mine is fine",
        }),
      );
      // A member lacks the reviewer role; a reviewer or admin is refused by four-eyes.
      expect(err.code).toBe("FORBIDDEN");
      expect(err.message).toContain(author === owner ? "reviewer role" : "four-eyes");
      expect(errorField(err)).toBe("reviewId");
      const row = await db.review.findUniqueOrThrow({ where: { id: review.id } });
      expect(row.status).toBe("requested");
      expect((await db.modelVersion.findUniqueOrThrow({ where: { id: version.id } })).stage).toBe("development");
    }
  });

  it("shows the queue, lets another reviewer approve with an override, and a member promote", async () => {
    const { version, review, reportId } = await versionUnderReview(owner, "queue-model");
    const asReviewer = await callerFor(reviewer);
    const queue = await asReviewer.review.list({ status: "open" });
    expect(queue.find((r) => r.id === review.id)).toMatchObject({
      canDecide: true,
      requestNote: "ready for a look",
      modelVersion: { id: version.id, model: { name: "queue-model" } },
    });
    const asOwner = await callerFor(owner);
    expect((await asOwner.review.list({ status: "open" })).find((r) => r.id === review.id)?.canDecide).toBe(false);

    const missing = await failure(
      asReviewer.review.decide({ reviewId: review.id, decision: "approve", comment: "ok", reportId }),
    );
    expect([missing.code, errorField(missing)]).toEqual(["BAD_REQUEST", "overrideReason"]);
    const decided = await asReviewer.review.decide({
      reviewId: review.id,
      decision: "approve",
      comment: "benchmark only, acceptable for a first release",
      reportId,
      overrideReason: "no production version to compare with yet",
    });
    expect(decided).toMatchObject({ status: "approved", overridden: true });
    const promoted = await asOwner.review.promote({ modelVersionId: version.id });
    expect(promoted).toMatchObject({ retired: [], overridden: false, staleApproval: false });
    const history = await asOwner.review.byVersion({ modelVersionId: version.id });
    expect(history.stage).toBe("production");
    expect(history.stageChanges.map((c) => c.toStage)).toEqual(["approved", "production"]);
    expect(await verifyAuditChain(db, team.id)).toMatchObject({ ok: true });
  });

  it("gives another team's caller not-found for every review procedure and changes nothing", async () => {
    const { version, review, reportId } = await versionUnderReview(owner, "isolated-model");
    const api = await callerFor(outsider);
    const attempts = [
      () => api.review.byId({ reviewId: review.id }),
      () => api.review.byVersion({ modelVersionId: version.id }),
      () => api.review.request({ modelVersionId: version.id }),
      () => api.review.withdraw({ reviewId: review.id }),
      () =>
        api.review.decide({ reviewId: review.id, decision: "approve", comment: "x", reportId, overrideReason: "x" }),
      () => api.review.promote({ modelVersionId: version.id }),
    ];
    for (const attempt of attempts) expect((await failure(attempt())).code).toBe("NOT_FOUND");
    expect(await api.review.list({ status: "all" })).toEqual([]);
    expect(await db.review.findUniqueOrThrow({ where: { id: review.id } })).toMatchObject({ status: "requested" });
  });

  it("names the field of bad input", async () => {
    const api = await callerFor(reviewer);
    const err = await failure(
      api.review.decide({
        reviewId: "not-a-uuid",
        decision: "approve",
        reportId: "00000000-0000-4000-8000-000000000000",
      }),
    );
    expect([err.code, errorField(err)]).toEqual(["BAD_REQUEST", "reviewId"]);
    const long = await failure(
      (await callerFor(owner)).review.request({
        modelVersionId: "00000000-0000-4000-8000-000000000000",
        note: "x".repeat(4001),
      }),
    );
    expect([long.code, errorField(long)]).toEqual(["BAD_REQUEST", "note"]);
  });
});
