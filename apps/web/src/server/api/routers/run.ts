import {
  AppError,
  cancelRun,
  compareRuns,
  createBenchmarkRun,
  directoryStorage,
  PRIVATE_RUN_RESULT_KINDS,
  productionComparisonOf,
  publicRunResults,
  rerunBenchmarkRun,
} from "@fieldtest/db";
import { enqueue } from "@fieldtest/jobs";
import { z } from "zod";
import { env } from "../../../env";
import { fromDbEndpointKind } from "../../../lib/endpoint-kind";
import { errorFields, logEvent } from "../../observability/log";
import { teamProcedure } from "../trpc";

const policy = { role: "member", scope: "team" } as const;

/**
 * Enqueues a run's job (jobId = run id). Bounded: an unreachable Redis must not hold the request
 * open. Postgres is the source of truth: on failure the row stays `queued` and the worker's
 * sweeper re-enqueues runs whose job is missing, so a Redis outage only delays it.
 */
export async function enqueueRun(runId: string): Promise<void> {
  try {
    await enqueue("benchmarkRun", { runId }, { timeoutMs: 5_000 });
  } catch (err) {
    logEvent("warn", "run.enqueue-failed", {
      runId,
      note: "the run stays queued; the worker's sweeper re-enqueues it",
      ...errorFields(err),
    });
  }
}

/**
 * What the run page needs to know of the frozen protocol to explain an empty section: which
 * parts the benchmark version has. The hidden holdout appears only as its existence and size,
 * never its score.
 */
function protocolSummary(config: unknown) {
  const c = (typeof config === "object" && config !== null ? config : {}) as {
    split?: { kind?: string; folds?: number };
    sliceColumns?: string[];
    stress?: { name?: string }[];
    costs?: unknown;
    holdout?: { fraction?: number; mechanism?: string };
  };
  return {
    splitKind: typeof c.split?.kind === "string" ? c.split.kind : "random",
    folds: typeof c.split?.folds === "number" ? c.split.folds : null,
    sliceColumns: Array.isArray(c.sliceColumns) ? c.sliceColumns.map(String) : [],
    stressScenarios: Array.isArray(c.stress) ? c.stress.map((s) => String(s?.name ?? "")) : [],
    hasCosts: c.costs !== undefined && c.costs !== null,
    hiddenHoldout:
      c.holdout && typeof c.holdout.fraction === "number"
        ? { fraction: c.holdout.fraction, mechanism: String(c.holdout.mechanism ?? "thresholdout") }
        : null,
  };
}

export const runRouter = {
  byId: teamProcedure
    .meta({ policy })
    .input(z.object({ runId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const run = await ctx.db.evaluationRun.findFirst({
        where: { id: input.runId, teamId: { in: ctx.scope.teamIds } },
        include: {
          benchmark: {
            select: { id: true, name: true, version: true, metrics: true, threshold: true, split: true },
          },
          modelVersion: {
            select: {
              id: true,
              version: true,
              endpointKind: true,
              model: { select: { id: true, name: true, team: { select: { id: true, name: true } } } },
            },
          },
          createdBy: { select: { id: true, name: true } },
          metricValues: {
            where: { slice: "" },
            orderBy: { metric: "asc" },
            select: { metric: true, value: true, lower: true, upper: true, level: true, n: true },
          },
          // The holdout and the trained model stay private (the leaderboard serves the holdout).
          results: { where: { kind: { notIn: [...PRIVATE_RUN_RESULT_KINDS] } }, select: { kind: true, data: true } },
          rerunOf: { select: { id: true, createdAt: true } },
        },
      });
      if (!run) throw new AppError("NOT_FOUND", "Run not found", { field: "runId" });
      const { results, config, ...rest } = run;
      // The pair this run's readiness is judged on: production's latest run on the same benchmark.
      const vsProduction = await productionComparisonOf(ctx.db, run.id);
      return {
        ...rest,
        modelVersion: { ...run.modelVersion, endpointKind: fromDbEndpointKind(run.modelVersion.endpointKind) },
        results: publicRunResults(results),
        protocol: protocolSummary(config),
        vsProduction,
      };
    }),

  /**
   * Two succeeded runs of the caller's teams side by side, with the paired test (B − A) when both
   * ran the same benchmark version on the same rows (see compareRuns); per-row scores stay on the
   * server. Another team's run is NOT_FOUND.
   */
  compare: teamProcedure
    .meta({ policy })
    .input(z.object({ runIdA: z.uuid(), runIdB: z.uuid() }))
    .query(({ ctx, input }) =>
      compareRuns({ db: ctx.db, storage: directoryStorage(), teamIds: ctx.scope.teamIds, ...input }),
    ),

  /** Succeeded runs of one benchmark version (the caller's teams), newest first: the "Compare with…" choices. */
  listComparable: teamProcedure
    .meta({ policy })
    .input(z.object({ runId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const run = await ctx.db.evaluationRun.findFirst({
        where: { id: input.runId, teamId: { in: ctx.scope.teamIds } },
        select: { id: true, benchmarkId: true },
      });
      if (!run) throw new AppError("NOT_FOUND", "Run not found", { field: "runId" });
      if (run.benchmarkId === null) return [];
      return ctx.db.evaluationRun.findMany({
        where: {
          benchmarkId: run.benchmarkId,
          teamId: { in: ctx.scope.teamIds },
          status: "succeeded",
          id: { not: run.id },
        },
        orderBy: { createdAt: "desc" },
        take: 50,
        select: {
          id: true,
          finishedAt: true,
          modelVersion: { select: { id: true, version: true, model: { select: { name: true } } } },
        },
      });
    }),

  listByVersion: teamProcedure
    .meta({ policy })
    .input(z.object({ modelVersionId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      return ctx.db.evaluationRun.findMany({
        where: { modelVersionId: input.modelVersionId, teamId: { in: ctx.scope.teamIds } },
        orderBy: { createdAt: "desc" },
        select: {
          id: true,
          kind: true,
          status: true,
          progress: true,
          createdAt: true,
          finishedAt: true,
          benchmark: { select: { id: true, name: true, version: true } },
        },
      });
    }),

  /** Runs a benchmark for a model version: the row first, then its job (jobId = run id). */
  create: teamProcedure
    .meta({ policy })
    .input(z.object({ benchmarkId: z.uuid(), modelVersionId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const benchmark = await ctx.db.benchmark.findFirst({
        where: { id: input.benchmarkId, teamId: { in: ctx.scope.teamIds } },
        select: { teamId: true },
      });
      if (!benchmark) throw new AppError("NOT_FOUND", "Benchmark not found", { field: "benchmarkId" });
      const run = await createBenchmarkRun({
        db: ctx.db,
        teamId: benchmark.teamId,
        benchmarkId: input.benchmarkId,
        modelVersionId: input.modelVersionId,
        userId: ctx.user.id,
        codeVersion: env.FIELDTEST_CODE_VERSION,
      });
      await enqueueRun(run.id);
      return run;
    }),

  /**
   * Cancels a queued or running run: it ends `cancelled` and never turns succeeded; the worker
   * stops between chunks without writing results (a queued job is skipped when it starts).
   * A run that already ended is CONFLICT; another team's run NOT_FOUND.
   */
  cancel: teamProcedure
    .meta({ policy })
    .input(z.object({ runId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const run = await cancelRun({ db: ctx.db, teamIds: ctx.scope.teamIds, runId: input.runId });
      return { id: run.id, status: run.status, cancelledAt: run.cancelledAt };
    }),

  /**
   * Re-runs a finished run: a new run (new id) with the same frozen config, enqueued. Refused
   * while the run is queued or running, and when its data changed since (see rerunBenchmarkRun).
   */
  rerun: teamProcedure
    .meta({ policy })
    .input(z.object({ runId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const run = await rerunBenchmarkRun({
        db: ctx.db,
        teamIds: ctx.scope.teamIds,
        runId: input.runId,
        userId: ctx.user.id,
        codeVersion: env.FIELDTEST_CODE_VERSION,
      });
      await enqueueRun(run.id);
      return { id: run.id, status: run.status, rerunOfId: run.rerunOfId };
    }),
};
