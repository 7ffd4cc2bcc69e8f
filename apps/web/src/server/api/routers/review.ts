import type { ReadinessEvidence } from "@fieldtest/core";
import {
  AppError,
  decideReview,
  listReviews,
  MAX_REVIEW_TEXT,
  promoteVersion,
  REVIEW_DECISIONS,
  requestReview,
  reviewById,
  versionReviewHistory,
  withdrawReview,
} from "@fieldtest/db";
import { z } from "zod";
import { evidenceSideBySide } from "../../readiness/evidence-side-by-side";
import { readinessView } from "../../readiness/readiness-view";
import { afterCommit } from "../../webhooks/dispatch-deliveries";
import { teamProcedure } from "../trpc";

/** Members ask for reviews, withdraw them and promote approved versions; reviewers decide. */
const member = { role: "member", scope: "team" } as const;
const reviewer = { role: "reviewer", scope: "team" } as const;

const text = (what: string) => z.string().max(MAX_REVIEW_TEXT, `${what} must be at most ${MAX_REVIEW_TEXT} characters`);

export const reviewRouter = {
  /** Reviews of the caller's teams, newest first: the open ones are the reviewer queue. */
  list: teamProcedure
    .meta({ policy: member })
    .input(z.object({ status: z.enum(["open", "decided", "all"]).default("open") }))
    .query(({ ctx, input }) =>
      listReviews({ db: ctx.db, teamIds: ctx.scope.teamIds, userId: ctx.user.id, status: input.status }),
    ),

  /** A review with the version's readiness now (the report a decision is made against) and its history. */
  byId: teamProcedure
    .meta({ policy: member })
    .input(z.object({ reviewId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const found = await ctx.db.review.findFirst({
        where: { id: input.reviewId, teamId: { in: ctx.scope.teamIds } },
        select: { teamId: true, modelVersionId: true },
      });
      if (!found) throw new AppError("NOT_FOUND", "Review not found", { field: "reviewId" });
      // Judge today's evidence first, so the review's stale flag and latest verdict see its report.
      const readiness = await readinessView(ctx.db, found.teamId, found.modelVersionId);
      const review = await reviewById({
        db: ctx.db,
        teamIds: ctx.scope.teamIds,
        userId: ctx.user.id,
        reviewId: input.reviewId,
      });
      if (!review || !readiness) throw new AppError("NOT_FOUND", "Review not found", { field: "reviewId" });
      const report = await ctx.db.readinessReport.findUniqueOrThrow({
        where: { id: readiness.reportId },
        select: { evidence: true },
      });
      const evidence = evidenceSideBySide(report.evidence as unknown as ReadinessEvidence);
      return { review, readiness, evidence };
    }),

  /** A version's reviews and stage changes, for its page. */
  byVersion: teamProcedure
    .meta({ policy: member })
    .input(z.object({ modelVersionId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const history = await versionReviewHistory({
        db: ctx.db,
        teamIds: ctx.scope.teamIds,
        userId: ctx.user.id,
        modelVersionId: input.modelVersionId,
      });
      if (!history) throw new AppError("NOT_FOUND", "Model version not found", { field: "modelVersionId" });
      return history;
    }),

  request: teamProcedure
    .meta({ policy: member })
    .input(z.object({ modelVersionId: z.uuid(), note: text("The note").default("") }))
    .mutation(async ({ ctx, input }) => {
      const review = await afterCommit(
        ctx,
        requestReview({
          db: ctx.db,
          teamIds: ctx.scope.teamIds,
          modelVersionId: input.modelVersionId,
          userId: ctx.user.id,
          note: input.note,
        }),
      );
      return { id: review.id, status: review.status };
    }),

  withdraw: teamProcedure
    .meta({ policy: member })
    .input(z.object({ reviewId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const review = await withdrawReview({
        db: ctx.db,
        teamIds: ctx.scope.teamIds,
        reviewId: input.reviewId,
        userId: ctx.user.id,
      });
      return { id: review.id, status: review.status };
    }),

  /** Approve, reject or request changes, against the report the reviewer read (four-eyes applies). */
  decide: teamProcedure
    .meta({ policy: reviewer })
    .input(
      z.object({
        reviewId: z.uuid(),
        decision: z.enum(REVIEW_DECISIONS),
        comment: text("The comment").default(""),
        reportId: z.uuid(),
        overrideReason: text("The override reason").optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      // A member of the review's team is told what is missing (FORBIDDEN), not that it does not exist.
      const inMyTeams = await ctx.db.review.findFirst({
        where: { id: input.reviewId, team: { memberships: { some: { userId: ctx.user.id } } } },
        select: { teamId: true },
      });
      if (inMyTeams) ctx.scope.require(inMyTeams.teamId, "reviewId");
      const review = await afterCommit(
        ctx,
        decideReview({
          db: ctx.db,
          teamIds: ctx.scope.teamIds,
          reviewId: input.reviewId,
          userId: ctx.user.id,
          decision: input.decision,
          comment: input.comment,
          reportId: input.reportId,
          ...(input.overrideReason !== undefined ? { overrideReason: input.overrideReason } : {}),
        }),
      );
      return { id: review.id, status: review.status, overridden: review.overrideReason !== null };
    }),

  /**
   * Promotes an approved version to production, retiring the previous one. An override (latest
   * report not ready) needs the reviewer role, which promoteVersion checks in the version's team.
   */
  promote: teamProcedure
    .meta({ policy: member })
    .input(z.object({ modelVersionId: z.uuid(), overrideReason: text("The override reason").optional() }))
    .mutation(({ ctx, input }) =>
      afterCommit(
        ctx,
        promoteVersion({
          db: ctx.db,
          teamIds: ctx.scope.teamIds,
          modelVersionId: input.modelVersionId,
          userId: ctx.user.id,
          ...(input.overrideReason !== undefined ? { overrideReason: input.overrideReason } : {}),
        }),
      ),
    ),
};
