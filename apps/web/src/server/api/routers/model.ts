import { taskSchema } from "@fieldtest/core";
import { AppError } from "@fieldtest/db";
import { z } from "zod";
import { fromDbEndpointKind } from "../../../lib/endpoint-kind";
import { conflictOnDuplicate, teamProcedure } from "../trpc";

const policy = { role: "member", scope: "team" } as const;

/** model.byId returns at most this many of each version's runs (the most recent). */
export const VERSION_RUNS_SHOWN = 50;

const modelName = z.string().trim().min(1, "Name is required").max(120, "Name must be at most 120 characters");

export const modelRouter = {
  /**
   * The portfolio: every model of the caller's teams with its latest run (and that run's
   * roc_auc). A fixed number of queries however many models there are (no N+1).
   */
  list: teamProcedure.meta({ policy }).query(async ({ ctx }) => {
    const models = await ctx.db.model.findMany({
      where: { teamId: { in: ctx.scope.teamIds } },
      orderBy: [{ team: { name: "asc" } }, { name: "asc" }],
      select: {
        id: true,
        name: true,
        task: true,
        team: { select: { id: true, name: true } },
        _count: { select: { versions: true } },
        versions: {
          select: {
            version: true,
            runs: {
              orderBy: { createdAt: "desc" },
              take: 1,
              select: {
                id: true,
                status: true,
                createdAt: true,
                metricValues: { where: { metric: "roc_auc", slice: "" }, select: { value: true, n: true } },
              },
            },
          },
        },
      },
    });
    return models.map((m) => {
      const latest = m.versions
        .flatMap((v) => v.runs.map((r) => ({ ...r, version: v.version })))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
      return {
        id: m.id,
        name: m.name,
        task: m.task,
        team: m.team,
        versionCount: m._count.versions,
        latestRun: latest
          ? {
              id: latest.id,
              status: latest.status,
              createdAt: latest.createdAt,
              version: latest.version,
              rocAuc: latest.metricValues[0]?.value ?? null,
            }
          : null,
      };
    });
  }),

  byId: teamProcedure
    .meta({ policy })
    .input(z.object({ modelId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const model = await ctx.db.model.findFirst({
        where: { id: input.modelId, teamId: { in: ctx.scope.teamIds } },
        include: {
          team: { select: { id: true, name: true } },
          createdBy: { select: { id: true, name: true } },
          versions: {
            orderBy: { createdAt: "desc" },
            include: {
              createdBy: { select: { id: true, name: true } },
              predictions: {
                orderBy: { createdAt: "desc" },
                select: {
                  id: true,
                  rowCount: true,
                  createdAt: true,
                  datasetVersion: {
                    select: { id: true, version: true, dataset: { select: { id: true, name: true } } },
                  },
                },
              },
              runs: {
                orderBy: [{ createdAt: "desc" }, { id: "desc" }],
                // One more than shown, to tell whether older runs were left out.
                take: VERSION_RUNS_SHOWN + 1,
                select: {
                  id: true,
                  kind: true,
                  status: true,
                  progress: true,
                  createdAt: true,
                  benchmark: { select: { id: true, name: true, version: true } },
                  metricValues: { where: { metric: "roc_auc", slice: "" }, select: { value: true } },
                },
              },
            },
          },
        },
      });
      if (!model) throw new AppError("NOT_FOUND", "Model not found", { field: "modelId" });
      return {
        ...model,
        versions: model.versions.map((v) => ({
          ...v,
          endpointKind: fromDbEndpointKind(v.endpointKind),
          runs: v.runs
            .slice(0, VERSION_RUNS_SHOWN)
            .map(({ metricValues, ...r }) => ({ ...r, rocAuc: metricValues[0]?.value ?? null })),
          /** True when the version has more than the VERSION_RUNS_SHOWN runs returned. */
          runsTruncated: v.runs.length > VERSION_RUNS_SHOWN,
        })),
      };
    }),

  create: teamProcedure
    .meta({ policy })
    .input(
      z.object({
        teamId: z.uuid(),
        name: modelName,
        task: taskSchema,
        description: z.string().trim().max(2000).default(""),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      ctx.scope.require(input.teamId);
      return conflictOnDuplicate(
        () =>
          ctx.db.model.create({
            data: {
              teamId: input.teamId,
              name: input.name,
              task: input.task,
              description: input.description,
              createdById: ctx.user.id,
            },
          }),
        { field: "name", message: `The team already has a model named "${input.name}"` },
      );
    }),
};
