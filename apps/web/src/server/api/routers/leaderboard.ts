import { AppError, directoryStorage, type HoldoutResult } from "@fieldtest/db";
import { z } from "zod";
import { env } from "../../../env";
import { holdoutSeed, replayHoldoutQueries } from "../../leaderboard/holdout-answers";
import { ladderHoldout } from "../../leaderboard/ladder-holdout";
import { directionOf } from "../../leaderboard/metric-direction";
import { LEADERBOARD_ALPHA, rankLeaderboard } from "../../leaderboard/rank-leaderboard";
import { type Context, teamProcedure } from "../trpc";

const policy = { role: "member", scope: "team" } as const;

const holdoutProtocolSchema = z.object({
  fraction: z.number(),
  queryBudget: z.number().int().positive(),
  mechanism: z.enum(["thresholdout", "ladder"]).default("thresholdout"),
});

/** Development fallback only: production always has BETTER_AUTH_SECRET (env.ts). */
const DEV_HOLDOUT_SECRET = "fieldtest-development-holdout-secret";

async function benchmarkInScope(ctx: { db: Context["db"]; scope: { teamIds: string[] } }, benchmarkId: string) {
  const benchmark = await ctx.db.benchmark.findFirst({
    where: { id: benchmarkId, teamId: { in: ctx.scope.teamIds } },
    select: { id: true, teamId: true, metrics: true, holdout: true, threshold: true },
  });
  if (!benchmark) throw new AppError("NOT_FOUND", "Benchmark not found", { field: "benchmarkId" });
  return benchmark;
}

export const leaderboardRouter = {
  /**
   * The latest succeeded run per model version on this benchmark version (its team's runs
   * only), ranked by `metric` (default: the benchmark's primary metric, the first of its
   * list), with every pair of versions tested (interval z-test, Holm-corrected at 5%).
   */
  byBenchmark: teamProcedure
    .meta({ policy })
    .input(z.object({ benchmarkId: z.uuid(), metric: z.string().min(1).optional() }))
    .query(async ({ ctx, input }) => {
      const benchmark = await benchmarkInScope(ctx, input.benchmarkId);
      const metric = input.metric ?? benchmark.metrics[0];
      if (!metric || !benchmark.metrics.includes(metric)) {
        throw new AppError(
          "BAD_INPUT",
          `metric must be one of the benchmark's metrics (${benchmark.metrics.join(", ")})`,
          {
            field: "metric",
          },
        );
      }
      // Defence in depth: the run's team and its model's team must both be the benchmark's.
      const where = {
        benchmarkId: benchmark.id,
        teamId: benchmark.teamId,
        kind: "benchmark",
        status: "succeeded",
        modelVersion: { model: { teamId: benchmark.teamId } },
      } as const;
      // Two steps, so only the latest run per model version (with its metric value) is loaded:
      // the latest finish time per version, then the runs that finished then.
      const latestFinish = await ctx.db.evaluationRun.groupBy({
        by: ["modelVersionId"],
        where,
        _max: { finishedAt: true },
      });
      const runs =
        latestFinish.length === 0
          ? []
          : await ctx.db.evaluationRun.findMany({
              where: {
                ...where,
                OR: latestFinish.map((g) => ({ modelVersionId: g.modelVersionId, finishedAt: g._max.finishedAt })),
              },
              orderBy: [{ finishedAt: "desc" }, { id: "desc" }],
              select: {
                id: true,
                modelVersionId: true,
                finishedAt: true,
                modelVersion: { select: { version: true, model: { select: { id: true, name: true } } } },
                metricValues: {
                  where: { slice: "", metric },
                  select: { value: true, lower: true, upper: true, level: true, n: true },
                },
              },
            });
      // Two runs of a version finishing at the same instant: the highest id wins, as before.
      const latest = new Map<string, (typeof runs)[number]>();
      for (const run of runs) if (!latest.has(run.modelVersionId)) latest.set(run.modelVersionId, run);
      const entries = [...latest.values()].map((run) => {
        const mv = run.metricValues[0];
        return {
          modelVersionId: run.modelVersionId,
          runId: run.id,
          finishedAt: run.finishedAt,
          modelId: run.modelVersion.model.id,
          modelName: run.modelVersion.model.name,
          version: run.modelVersion.version,
          value: mv?.value ?? null,
          lower: mv?.lower ?? null,
          upper: mv?.upper ?? null,
          level: mv?.level ?? null,
          n: mv?.n ?? null,
        };
      });
      const direction = directionOf(metric);
      const { ranked, pairs } = rankLeaderboard(entries, direction);
      return {
        metric,
        metrics: benchmark.metrics,
        direction,
        alpha: LEADERBOARD_ALPHA,
        rows: ranked.map(({ entry, rank }) => ({ ...entry, rank })),
        pairs,
        hasHoldout: benchmark.holdout !== null,
      };
    }),

  /**
   * The hidden holdout's answers for the latest run of each model version, served only
   * through the reusable holdout (see server/leaderboard/holdout-answers.ts for why the
   * mechanism is replayed from the runs instead of stored, and how the budget is counted).
   */
  holdout: teamProcedure
    .meta({ policy })
    .input(z.object({ benchmarkId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const benchmark = await benchmarkInScope(ctx, input.benchmarkId);
      const parsed = holdoutProtocolSchema.safeParse(benchmark.holdout);
      if (benchmark.holdout === null || !parsed.success) return { enabled: false as const };
      const { mechanism, queryBudget } = parsed.data;
      const metric = benchmark.metrics[0] ?? null;
      if (metric === null) {
        return { enabled: true as const, supported: false as const, mechanism, metric, budget: queryBudget };
      }
      const runs = await ctx.db.evaluationRun.findMany({
        where: {
          benchmarkId: benchmark.id,
          teamId: benchmark.teamId,
          kind: "benchmark",
          status: "succeeded",
          modelVersion: { model: { teamId: benchmark.teamId } },
          results: { some: { kind: "holdout" } },
        },
        orderBy: [{ finishedAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          modelVersionId: true,
          finishedAt: true,
          modelVersion: { select: { version: true, model: { select: { name: true } } } },
          results: { where: { kind: "holdout" }, select: { data: true } },
        },
      });
      if (mechanism === "ladder") {
        const threshold = benchmark.threshold ?? 0.5;
        return ladderHoldout({ runs, budget: queryBudget, metric, threshold, storage: directoryStorage() });
      }
      const queries = runs.map((run) => {
        const data = run.results[0]?.data as Partial<HoldoutResult> | undefined;
        const find = (list: HoldoutResult["holdout"] | undefined) => {
          const value = list?.find((m) => m.metric === metric)?.value;
          return typeof value === "number" && Number.isFinite(value) ? value : null;
        };
        return {
          runId: run.id,
          publicValue: find(data?.public),
          holdoutValue: find(data?.holdout),
          holdoutRows: typeof data?.rows === "number" ? data.rows : 0,
        };
      });
      const secret = env.BETTER_AUTH_SECRET ?? DEV_HOLDOUT_SECRET;
      const replay = replayHoldoutQueries({ queries, budget: queryBudget, seed: holdoutSeed(secret, benchmark.id) });
      // The latest holdout-bearing run of each version, newest first.
      const shown = new Map<string, { run: (typeof runs)[number]; index: number }>();
      runs.forEach((run, index) => {
        shown.set(run.modelVersionId, { run, index });
      });
      const versions = [...shown.values()]
        .sort((a, b) => b.index - a.index)
        .map(({ run, index }) => {
          const answer = replay.answers[index];
          return {
            modelVersionId: run.modelVersionId,
            modelName: run.modelVersion.model.name,
            version: run.modelVersion.version,
            runId: run.id,
            query: answer?.query ?? index + 1,
            status: answer?.status ?? "refused",
            value: answer?.status === "answered" ? answer.value : null,
          };
        });
      return {
        enabled: true as const,
        supported: true as const,
        mechanism,
        metric,
        budget: replay.budget,
        used: replay.used,
        spent: replay.spent,
        versions,
      };
    }),
};
