import { AppError, type ColumnInfo } from "@fieldtest/db";
import { z } from "zod";
import { teamProcedure } from "../trpc";

const policy = { role: "member", scope: "team" } as const;

const versionSelect = {
  id: true,
  version: true,
  sha256: true,
  rowCount: true,
  sizeBytes: true,
  columns: true,
  idColumn: true,
  labelColumn: true,
  timestampColumn: true,
  sliceColumns: true,
  createdAt: true,
} as const;

const withColumns = <T extends { columns: unknown }>(v: T) => ({ ...v, columns: v.columns as unknown as ColumnInfo[] });

export const datasetRouter = {
  /** Datasets of the caller's teams, each with its versions (newest first). */
  list: teamProcedure.meta({ policy }).query(async ({ ctx }) => {
    const datasets = await ctx.db.dataset.findMany({
      where: { teamId: { in: ctx.scope.teamIds } },
      orderBy: [{ team: { name: "asc" } }, { name: "asc" }],
      include: {
        team: { select: { id: true, name: true } },
        versions: { orderBy: { version: "desc" }, select: versionSelect },
      },
    });
    return datasets.map((d) => ({ ...d, versions: d.versions.map(withColumns) }));
  }),

  byId: teamProcedure
    .meta({ policy })
    .input(z.object({ datasetId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const dataset = await ctx.db.dataset.findFirst({
        where: { id: input.datasetId, teamId: { in: ctx.scope.teamIds } },
        include: {
          team: { select: { id: true, name: true } },
          versions: { orderBy: { version: "desc" }, select: versionSelect },
        },
      });
      if (!dataset) throw new AppError("NOT_FOUND", "Dataset not found", { field: "datasetId" });
      return { ...dataset, versions: dataset.versions.map(withColumns) };
    }),
};
