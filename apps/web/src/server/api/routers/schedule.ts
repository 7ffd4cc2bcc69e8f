import { taskLabel } from "@fieldtest/core";
import { AppError, badInput, type Db, type Task } from "@fieldtest/db";
import {
  cronProblem,
  isTimeZone,
  MAX_EVERY_SECONDS,
  MIN_EVERY_SECONDS,
  nextFireTimes,
  normalizeCron,
  removeScheduler,
  upsertScheduler,
} from "@fieldtest/jobs";
import { z } from "zod";
import { logEvent } from "../../observability/log";
import { teamProcedure } from "../trpc";

const policy = { role: "member", scope: "team" } as const;

/** How long a request waits for Redis to sync a scheduler; the worker's reconcile step repairs a miss. */
const SCHEDULER_TIMEOUT_MS = 3_000;

const scheduleIdInput = z.object({ scheduleId: z.uuid() });

const createInput = z.object({
  benchmarkId: z.uuid(),
  /** A version… */
  modelVersionId: z.uuid().optional(),
  /** …or a model and a stage alias, resolved each time the schedule fires. */
  modelId: z.uuid().optional(),
  stageAlias: z.enum(["production", "candidates"]).optional(),
  /** A 5-field cron expression in `timezone`… */
  cron: z.string().max(200).optional(),
  /** …or an interval in seconds. */
  everySeconds: z.number().int().min(MIN_EVERY_SECONDS).max(MAX_EVERY_SECONDS).optional(),
  timezone: z.string().max(100).default("UTC"),
});

/** Creates or replaces the schedule's BullMQ job scheduler; a failure is logged and left to the worker's reconcile. */
async function syncScheduler(
  schedule: { id: string; paused: boolean; cron: string | null; everySeconds: number | null; timezone: string },
  action: "upsert" | "remove",
): Promise<void> {
  try {
    if (action === "upsert") await upsertScheduler(schedule, { timeoutMs: SCHEDULER_TIMEOUT_MS });
    else await removeScheduler(schedule.id, { timeoutMs: SCHEDULER_TIMEOUT_MS });
  } catch (err) {
    logEvent("warn", "schedule.sync-failed", {
      scheduleId: schedule.id,
      action,
      error: err instanceof Error ? err.message : String(err),
    });
  }
}

async function scheduleInScope(db: Db, teamIds: string[], scheduleId: string) {
  const schedule = await db.schedule.findFirst({ where: { id: scheduleId, teamId: { in: teamIds } } });
  if (!schedule) throw new AppError("NOT_FOUND", "Schedule not found", { field: "scheduleId" });
  return schedule;
}

/** The validated target of a new schedule, in the benchmark's team and for its task. */
async function checkedTarget(db: Db, input: z.infer<typeof createInput>, benchmark: { teamId: string; task: Task }) {
  const byVersion = input.modelVersionId !== undefined;
  const byAlias = input.modelId !== undefined || input.stageAlias !== undefined;
  if (byVersion === byAlias) {
    throw badInput("modelVersionId", "Choose a model version, or a model and a stage alias — one of the two");
  }
  if (input.modelVersionId) {
    const version = await db.modelVersion.findFirst({
      where: { id: input.modelVersionId, model: { teamId: benchmark.teamId } },
      select: { id: true, model: { select: { task: true, name: true } } },
    });
    if (!version) throw new AppError("NOT_FOUND", "Model version not found", { field: "modelVersionId" });
    if (version.model.task !== benchmark.task) {
      throw badInput("modelVersionId", `${version.model.name} is not a ${taskLabel(benchmark.task)} model`);
    }
    return { modelVersionId: version.id };
  }
  if (!input.modelId) throw badInput("modelId", "Choose the model whose stage alias the schedule runs");
  if (!input.stageAlias) throw badInput("stageAlias", 'Choose a stage alias: "production" or "candidates"');
  const model = await db.model.findFirst({
    where: { id: input.modelId, teamId: benchmark.teamId },
    select: { id: true, task: true, name: true },
  });
  if (!model) throw new AppError("NOT_FOUND", "Model not found", { field: "modelId" });
  if (model.task !== benchmark.task) {
    throw badInput("modelId", `${model.name} is not a ${taskLabel(benchmark.task)} model`);
  }
  return { modelId: model.id, stageAlias: input.stageAlias };
}

function checkedCadence(input: z.infer<typeof createInput>) {
  const hasCron = input.cron !== undefined && input.cron.trim() !== "";
  const hasEvery = input.everySeconds !== undefined;
  if (hasCron === hasEvery) throw badInput("cron", "Give a cron expression or an interval in seconds — one of the two");
  if (!isTimeZone(input.timezone)) throw badInput("timezone", `Unknown time zone "${input.timezone}"`);
  if (hasEvery) return { everySeconds: input.everySeconds as number, cron: null, timezone: input.timezone };
  const problem = cronProblem(input.cron as string);
  if (problem) throw badInput("cron", problem);
  return { cron: normalizeCron(input.cron as string), everySeconds: null, timezone: input.timezone };
}

export const scheduleRouter = {
  /** Schedules of one benchmark version, or of every team the caller is in; with next fire time when Redis answers. */
  list: teamProcedure
    .meta({ policy })
    .input(z.object({ benchmarkId: z.uuid().optional(), teamId: z.uuid().optional() }))
    .query(async ({ ctx, input }) => {
      if (input.teamId) ctx.scope.require(input.teamId);
      const schedules = await ctx.db.schedule.findMany({
        where: {
          teamId: input.teamId ? input.teamId : { in: ctx.scope.teamIds },
          ...(input.benchmarkId ? { benchmarkId: input.benchmarkId } : {}),
        },
        orderBy: { createdAt: "asc" },
        include: {
          benchmark: { select: { id: true, name: true, version: true } },
          modelVersion: { select: { id: true, version: true, model: { select: { id: true, name: true } } } },
          model: { select: { id: true, name: true } },
          createdBy: { select: { id: true, name: true } },
          _count: { select: { runs: true } },
          runs: { orderBy: { createdAt: "desc" }, take: 1, select: { id: true, status: true, createdAt: true } },
        },
      });
      const active = schedules.filter((s) => !s.paused).map((s) => s.id);
      const next = await nextFireTimes(active, { timeoutMs: 2_000 }).catch(() => null);
      return schedules.map(({ _count, runs, ...s }) => ({
        ...s,
        runCount: _count.runs,
        lastRun: runs[0] ?? null,
        /** null when paused, or when Redis did not answer (then `nextFireKnown` is false). */
        nextFireAt: next?.get(s.id) ?? null,
        nextFireKnown: next !== null,
      }));
    }),

  /** What a schedule of this benchmark may target: the team's models of its task, with their versions. */
  targets: teamProcedure
    .meta({ policy })
    .input(z.object({ benchmarkId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const benchmark = await ctx.db.benchmark.findFirst({
        where: { id: input.benchmarkId, teamId: { in: ctx.scope.teamIds } },
        select: { teamId: true, task: true },
      });
      if (!benchmark) throw new AppError("NOT_FOUND", "Benchmark not found", { field: "benchmarkId" });
      return ctx.db.model.findMany({
        where: { teamId: benchmark.teamId, task: benchmark.task },
        orderBy: { name: "asc" },
        select: {
          id: true,
          name: true,
          versions: { orderBy: { createdAt: "desc" }, select: { id: true, version: true, stage: true } },
        },
      });
    }),

  /** A schedule: the row first, then its BullMQ job scheduler (id = schedule id). */
  create: teamProcedure
    .meta({ policy })
    .input(createInput)
    .mutation(async ({ ctx, input }) => {
      const benchmark = await ctx.db.benchmark.findFirst({
        where: { id: input.benchmarkId, teamId: { in: ctx.scope.teamIds } },
        select: { id: true, teamId: true, task: true },
      });
      if (!benchmark) throw new AppError("NOT_FOUND", "Benchmark not found", { field: "benchmarkId" });
      const cadence = checkedCadence(input);
      const target = await checkedTarget(ctx.db, input, benchmark);
      const schedule = await ctx.db.schedule.create({
        data: { teamId: benchmark.teamId, benchmarkId: benchmark.id, ...target, ...cadence, createdById: ctx.user.id },
      });
      await syncScheduler(schedule, "upsert");
      return schedule;
    }),

  /** Stops firing: the row first (a fire that starts meanwhile sees it paused), then the scheduler goes. */
  pause: teamProcedure
    .meta({ policy })
    .input(scheduleIdInput)
    .mutation(async ({ ctx, input }) => {
      await scheduleInScope(ctx.db, ctx.scope.teamIds, input.scheduleId);
      const schedule = await ctx.db.schedule.update({ where: { id: input.scheduleId }, data: { paused: true } });
      await syncScheduler(schedule, "remove");
      return schedule;
    }),

  resume: teamProcedure
    .meta({ policy })
    .input(scheduleIdInput)
    .mutation(async ({ ctx, input }) => {
      await scheduleInScope(ctx.db, ctx.scope.teamIds, input.scheduleId);
      const schedule = await ctx.db.schedule.update({ where: { id: input.scheduleId }, data: { paused: false } });
      await syncScheduler(schedule, "upsert");
      return schedule;
    }),

  /** Deletes the schedule and its scheduler; the runs it fired stay (their scheduleId becomes null). */
  remove: teamProcedure
    .meta({ policy })
    .input(scheduleIdInput)
    .mutation(async ({ ctx, input }) => {
      const schedule = await scheduleInScope(ctx.db, ctx.scope.teamIds, input.scheduleId);
      await ctx.db.schedule.delete({ where: { id: schedule.id } });
      await syncScheduler(schedule, "remove");
      return { id: schedule.id };
    }),
};
