import { taskSchema } from "@fieldtest/core";
import {
  AppError,
  PORTFOLIO_ALERT_FILTERS,
  PORTFOLIO_REVIEW_FILTERS,
  PORTFOLIO_SORTS,
  PORTFOLIO_STAGES,
  PORTFOLIO_VERDICTS,
  portfolioView,
} from "@fieldtest/db";
import { z } from "zod";
import { fromDbEndpointKind } from "../../../lib/endpoint-kind";
import { conflictOnDuplicate, teamProcedure } from "../trpc";

const policy = { role: "member", scope: "team" } as const;

/** model.byId returns at most this many of each version's runs (the most recent). */
export const VERSION_RUNS_SHOWN = 50;

const modelName = z.string().trim().min(1, "Name is required").max(120, "Name must be at most 120 characters");

export const modelRouter = {
  /**
   * One page of the portfolio (packages/db portfolioView): every model of the caller's teams with
   * its headline version, readiness, key metric and trend, gap, open reviews and alerts; filtered
   * (search, task, facets), sorted across all models and paged in one database query; plus the
   * sidebar's facet counts and the counters in one more.
   */
  portfolio: teamProcedure
    .meta({ policy })
    .input(
      z.object({
        sort: z.enum(PORTFOLIO_SORTS).default("name"),
        dir: z.enum(["asc", "desc"]).optional(),
        search: z.string().max(200, "Search must be at most 200 characters").default(""),
        task: taskSchema.optional(),
        teams: z.array(z.uuid()).max(100).default([]),
        stages: z.array(z.enum(PORTFOLIO_STAGES)).max(PORTFOLIO_STAGES.length).default([]),
        verdicts: z.array(z.enum(PORTFOLIO_VERDICTS)).max(PORTFOLIO_VERDICTS.length).default([]),
        review: z.enum(PORTFOLIO_REVIEW_FILTERS).optional(),
        alert: z.enum(PORTFOLIO_ALERT_FILTERS).optional(),
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) =>
      portfolioView(
        ctx.db,
        { teamIds: ctx.scope.teamIds, userId: ctx.user.id, now: new Date() },
        {
          sort: input.sort,
          ...(input.dir ? { dir: input.dir } : {}),
          search: input.search,
          ...(input.task ? { task: input.task } : {}),
          teams: input.teams,
          stages: input.stages,
          verdicts: input.verdicts,
          ...(input.review ? { review: input.review } : {}),
          ...(input.alert ? { alert: input.alert } : {}),
          page: input.page,
          pageSize: input.pageSize,
        },
      ),
    ),

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
