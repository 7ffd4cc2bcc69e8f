import { AppError } from "@fieldtest/db";
import { z } from "zod";
import { buildTrends, REGRESSION_ALPHA, TREND_RUNS_PER_SERIES } from "../../leaderboard/trend-series";
import { teamProcedure } from "../trpc";

const policy = { role: "member", scope: "team" } as const;

export const trendsRouter = {
  /**
   * Every whole-test-set metric value of the model's succeeded benchmark runs as a point in
   * time (run finish time), grouped by benchmark version, with regression flags (a run
   * significantly worse than the previous succeeded run of the same version on the same
   * benchmark version; interval z-test, see packages/core/src/comparison). Only the latest
   * TREND_RUNS_PER_SERIES runs of each (benchmark version, model version) are drawn (`truncated`
   * says when older ones were left out).
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
      // Defence in depth: the run, its model and its benchmark all belong to the model's team.
      const where = {
        teamId: model.teamId,
        kind: "benchmark",
        status: "succeeded",
        finishedAt: { not: null },
        benchmarkId: { not: null },
        modelVersion: { modelId: model.id, model: { teamId: model.teamId } },
        benchmark: { teamId: model.teamId },
      } as const;
      // Bounded: the latest TREND_RUNS_PER_SERIES runs of each (benchmark version, model version).
      const series = await ctx.db.evaluationRun.groupBy({
        by: ["benchmarkId", "modelVersionId"],
        where,
        _count: { _all: true },
      });
      const perSeries = await Promise.all(
        series.map((s) =>
          ctx.db.evaluationRun.findMany({
            where: { ...where, benchmarkId: s.benchmarkId ?? undefined, modelVersionId: s.modelVersionId },
            orderBy: [{ finishedAt: "desc" }, { id: "desc" }],
            take: TREND_RUNS_PER_SERIES,
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
          }),
        ),
      );
      const runs = perSeries.flat();
      const truncated = series.some((s) => s._count._all > TREND_RUNS_PER_SERIES);
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
      return {
        versions: model.versions,
        alpha: REGRESSION_ALPHA,
        benchmarks: trends,
        runsPerSeries: TREND_RUNS_PER_SERIES,
        truncated,
      };
    }),
};
