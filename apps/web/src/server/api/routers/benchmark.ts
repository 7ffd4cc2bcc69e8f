import { randomInt } from "node:crypto";
import { BINARY_METRICS, splitSchema } from "@fieldtest/core";
import { AppError } from "@fieldtest/db";
import { z } from "zod";
import { conflictOnDuplicate, teamProcedure } from "../trpc";

const policy = { role: "member", scope: "team" } as const;

const MAX_SEED = 2_147_483_647;

export const benchmarkRouter = {
  /** Benchmarks of the caller's teams (optionally one team's), newest first. */
  list: teamProcedure
    .meta({ policy })
    .input(z.object({ teamId: z.uuid().optional() }).default({}))
    .query(async ({ ctx, input }) => {
      const teamIds = input.teamId ? ctx.scope.teamIds.filter((id) => id === input.teamId) : ctx.scope.teamIds;
      return ctx.db.benchmark.findMany({
        where: { teamId: { in: teamIds } },
        orderBy: [{ name: "asc" }, { version: "desc" }],
        include: {
          team: { select: { id: true, name: true } },
          datasetVersion: { select: { id: true, version: true, dataset: { select: { id: true, name: true } } } },
        },
      });
    }),

  /**
   * Defines a benchmark on a dataset version of the caller's team. A name used before gets
   * the next version number: results under one benchmark version stay comparable.
   */
  create: teamProcedure
    .meta({ policy })
    .input(
      z.object({
        name: z.string().trim().min(1, "Name is required").max(120, "Name must be at most 120 characters"),
        datasetVersionId: z.uuid(),
        split: splitSchema,
        /** Seeds the random split and the run's resampling; drawn once here when omitted. */
        seed: z.int().min(0).max(MAX_SEED).optional(),
        metrics: z
          .array(z.enum(BINARY_METRICS))
          .min(1, "Choose at least one metric")
          .refine((m) => new Set(m).size === m.length, "A metric is listed twice"),
        threshold: z
          .number()
          .min(0, "Threshold must be between 0 and 1")
          .max(1, "Threshold must be between 0 and 1")
          .default(0.5),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const datasetVersion = await ctx.db.datasetVersion.findFirst({
        where: { id: input.datasetVersionId, dataset: { teamId: { in: ctx.scope.teamIds } } },
        include: { dataset: { select: { teamId: true } } },
      });
      if (!datasetVersion) throw new AppError("NOT_FOUND", "Dataset version not found", { field: "datasetVersionId" });
      if (input.split.kind === "temporal" && !datasetVersion.timestampColumn) {
        throw new AppError("BAD_INPUT", "This dataset version has no timestamp column; use a random split", {
          field: "split.kind",
        });
      }
      const teamId = datasetVersion.dataset.teamId;
      const last = await ctx.db.benchmark.aggregate({ where: { teamId, name: input.name }, _max: { version: true } });
      return conflictOnDuplicate(
        () =>
          ctx.db.benchmark.create({
            data: {
              teamId,
              name: input.name,
              version: (last._max.version ?? 0) + 1,
              datasetVersionId: datasetVersion.id,
              split: input.split,
              metrics: input.metrics,
              threshold: input.threshold,
              seed: input.seed ?? randomInt(MAX_SEED),
              createdById: ctx.user.id,
            },
          }),
        { field: "name", message: `Benchmark "${input.name}" was defined at the same moment; try again` },
      );
    }),
};
