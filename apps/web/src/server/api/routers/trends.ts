import { AppError } from "@fieldtest/db";
import { z } from "zod";
import { buildTrends, REGRESSION_ALPHA } from "../../leaderboard/trend-series";
import { teamProcedure } from "../trpc";

const policy = { role: "member", scope: "team" } as const;

export const trendsRouter = {
  /**
   * Every whole-test-set metric value of the model's succeeded benchmark runs as a point in
   * time (run finish time), grouped by benchmark version, with regression flags (a run
   * significantly worse than the previous succeeded run of the same version on the same
   * benchmark version; interval z-test, see packages/core/src/comparison).
   */
  byModel: teamProcedure
    .meta({ policy })
    .input(z.object({ modelId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const model = await ctx.db.model.findFirst({
        where: { id: input.modelId, teamId: { in: ctx.scope.teamIds } },
        select: {
          id: true,
          teamId: true,
          versions: { select: { id: true, version: true }, orderBy: { createdAt: "asc" } },
        },
      });
      if (!model) throw new AppError("NOT_FOUND", "Model not found", { field: "modelId" });
      const runs = await ctx.db.evaluationRun.findMany({
        where: {
          teamId: model.teamId,
          kind: "benchmark",
          status: "succeeded",
          finishedAt: { not: null },
          benchmarkId: { not: null },
          modelVersion: { modelId: model.id },
        },
        orderBy: [{ finishedAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          modelVersionId: true,
          finishedAt: true,
          benchmark: { select: { id: true, name: true, version: true, metrics: true } },
          metricValues: {
            where: { slice: "" },
            select: { metric: true, value: true, lower: true, upper: true, level: true, n: true },
          },
        },
      });
      const trends = buildTrends(
        runs.flatMap((r) =>
          r.benchmark && r.finishedAt
            ? [
                {
                  runId: r.id,
                  modelVersionId: r.modelVersionId,
                  finishedAt: r.finishedAt,
                  benchmark: r.benchmark,
                  metricValues: r.metricValues,
                },
              ]
            : [],
        ),
      );
      return { versions: model.versions, alpha: REGRESSION_ALPHA, benchmarks: trends };
    }),
};
