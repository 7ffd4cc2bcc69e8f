import { AppError } from "@fieldtest/db";
import { z } from "zod";
import { createShadowBody } from "../../shadow/shadow-schemas";
import { shadowEvaluationView, shadowSnapshotSeries } from "../../shadow/shadow-view";
import { startShadowEvaluation, stopShadow } from "../../shadow/start-shadow";
import { teamProcedure } from "../trpc";

const policy = { role: "member", scope: "team" } as const;

export const shadowRouter = {
  /** Shadow evaluations in which any version of the model takes part, newest first. */
  listByModel: teamProcedure
    .meta({ policy })
    .input(z.object({ modelId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      return ctx.db.shadowEvaluation.findMany({
        where: {
          teamId: { in: ctx.scope.teamIds },
          versions: { some: { modelVersion: { modelId: input.modelId } } },
        },
        orderBy: { createdAt: "desc" },
        take: 50,
        select: {
          id: true,
          status: true,
          windowFrom: true,
          windowTo: true,
          stoppedAt: true,
          progress: true,
          snapshotCount: true,
          lastScoredAt: true,
          createdAt: true,
          versions: {
            orderBy: { position: "asc" },
            select: {
              role: true,
              modelVersion: { select: { id: true, version: true, model: { select: { name: true } } } },
            },
          },
        },
      });
    }),

  /** The evaluation as REST shows it, plus every snapshot's headline numbers for the charts. */
  get: teamProcedure
    .meta({ policy })
    .input(z.object({ id: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const row = await ctx.db.shadowEvaluation.findFirst({
        where: { id: input.id, teamId: { in: ctx.scope.teamIds } },
        select: { teamId: true },
      });
      if (!row) throw new AppError("NOT_FOUND", "Shadow evaluation not found", { field: "id" });
      const view = await shadowEvaluationView(ctx.db, row.teamId, input.id);
      if (!view) throw new AppError("NOT_FOUND", "Shadow evaluation not found", { field: "id" });
      return { ...view, series: await shadowSnapshotSeries(ctx.db, input.id) };
    }),

  /** Starts a shadow evaluation in the champion version's team; the first scoring is queued. */
  create: teamProcedure
    .meta({ policy })
    .input(createShadowBody)
    .mutation(async ({ ctx, input }) => {
      const champion = await ctx.db.modelVersion.findFirst({
        where: { id: input.championVersionId, model: { teamId: { in: ctx.scope.teamIds } } },
        select: { model: { select: { teamId: true } } },
      });
      if (!champion) throw new AppError("NOT_FOUND", "Champion version not found", { field: "championVersionId" });
      const evaluation = await startShadowEvaluation({
        teamId: champion.model.teamId,
        body: input,
        userId: ctx.user.id,
      });
      return { id: evaluation.id };
    }),

  /** Stops a continuous evaluation (its window ends now; one last scoring follows). */
  stop: teamProcedure
    .meta({ policy })
    .input(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const row = await ctx.db.shadowEvaluation.findFirst({
        where: { id: input.id, teamId: { in: ctx.scope.teamIds } },
        select: { teamId: true },
      });
      if (!row) throw new AppError("NOT_FOUND", "Shadow evaluation not found", { field: "id" });
      const stopped = await stopShadow({ teamId: row.teamId, id: input.id });
      return { id: stopped.id };
    }),
};
