import { AppError } from "@fieldtest/db";
import { z } from "zod";
import { readinessView } from "../../readiness/readiness-view";
import { teamProcedure } from "../trpc";

const policy = { role: "member", scope: "team" } as const;

export const readinessRouter = {
  /** A version's readiness now (its latest report, a new one when the evidence changed) and its history. */
  byVersion: teamProcedure
    .meta({ policy })
    .input(z.object({ modelVersionId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const version = await ctx.db.modelVersion.findFirst({
        where: { id: input.modelVersionId, model: { teamId: { in: ctx.scope.teamIds } } },
        select: { model: { select: { teamId: true } } },
      });
      if (!version) throw new AppError("NOT_FOUND", "Model version not found", { field: "modelVersionId" });
      const view = await readinessView(ctx.db, version.model.teamId, input.modelVersionId);
      if (!view) throw new AppError("NOT_FOUND", "Model version not found", { field: "modelVersionId" });
      return view;
    }),
};
