import { AppError, createBenchmarkRun } from "@fieldtest/db";
import { enqueue } from "@fieldtest/jobs";
import { z } from "zod";
import { env } from "../../../env";
import { fromDbEndpointKind } from "../../../lib/endpoint-kind";
import { teamProcedure } from "../trpc";

const policy = { role: "member", scope: "team" } as const;

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
        },
      });
      if (!run) throw new AppError("NOT_FOUND", "Run not found", { field: "runId" });
      return {
        ...run,
        modelVersion: { ...run.modelVersion, endpointKind: fromDbEndpointKind(run.modelVersion.endpointKind) },
      };
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
      try {
        // Bounded: an unreachable Redis must not hold the request open (BullMQ would wait for it forever).
        await enqueue("benchmarkRun", { runId: run.id }, { timeoutMs: 5_000 });
      } catch (err) {
        // Postgres is the source of truth: the run row exists and stays `queued`. The worker's
        // sweeper re-enqueues queued runs whose job is missing, so a Redis outage only delays it.
        console.error(`run ${run.id}: enqueue failed; the sweeper will pick it up`, err);
      }
      return run;
    }),
};
