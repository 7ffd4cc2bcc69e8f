import {
  applyBenchmarkProtocolPatch,
  benchmarkProtocolFromColumns,
  benchmarkProtocolPatchFields,
  canonicalJson,
  strictObjectOf,
} from "@fieldtest/core";
import { AppError } from "@fieldtest/db";
import { z } from "zod";
import {
  benchmarkCreateInput,
  benchmarkDescription,
  checkedProtocol,
  createBenchmark,
  datasetVersionSelect,
  findDatasetVersion,
  writeNextVersion,
} from "../../benchmarks/create-benchmark";
import { teamProcedure } from "../trpc";

const policy = { role: "member", scope: "team" } as const;

/** Revise: the version to start from and what changes (see benchmarkProtocolPatchFields). */
const reviseInput = strictObjectOf(
  {
    benchmarkId: z.uuid(),
    description: benchmarkDescription.optional(),
    datasetVersionId: z.uuid().optional(),
    ...benchmarkProtocolPatchFields,
  },
  "a benchmark revision",
);

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
          _count: { select: { runs: true } },
        },
      });
    }),

  /**
   * One benchmark version with its protocol, every version of its name (with run counts) and
   * its own latest runs. Another team's benchmark is NOT_FOUND.
   */
  get: teamProcedure
    .meta({ policy })
    .input(z.object({ benchmarkId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const benchmark = await ctx.db.benchmark.findFirst({
        where: { id: input.benchmarkId, teamId: { in: ctx.scope.teamIds } },
        include: {
          team: { select: { id: true, name: true } },
          createdBy: { select: { id: true, name: true } },
          datasetVersion: { select: datasetVersionSelect },
          revisedFrom: { select: { id: true, version: true } },
          runs: {
            orderBy: { createdAt: "desc" },
            take: 50,
            select: {
              id: true,
              status: true,
              progress: true,
              error: true,
              createdAt: true,
              finishedAt: true,
              modelVersion: { select: { id: true, version: true, model: { select: { id: true, name: true } } } },
            },
          },
          _count: { select: { runs: true } },
        },
      });
      if (!benchmark) throw new AppError("NOT_FOUND", "Benchmark not found", { field: "benchmarkId" });
      const versions = await ctx.db.benchmark.findMany({
        where: { teamId: benchmark.teamId, name: benchmark.name },
        orderBy: { version: "desc" },
        select: {
          id: true,
          version: true,
          description: true,
          createdAt: true,
          revisedFromId: true,
          createdBy: { select: { name: true } },
          datasetVersion: { select: { id: true, version: true, dataset: { select: { name: true } } } },
          _count: { select: { runs: true } },
        },
      });
      const { _count, datasetVersion, ...row } = benchmark;
      return {
        id: row.id,
        name: row.name,
        version: row.version,
        description: row.description,
        createdAt: row.createdAt,
        team: row.team,
        createdBy: row.createdBy,
        revisedFrom: row.revisedFrom,
        datasetVersion: { ...datasetVersion, columns: datasetVersion.columns as { name: string; type: string }[] },
        protocol: benchmarkProtocolFromColumns(row),
        runCount: _count.runs,
        runs: row.runs,
        versions: versions.map(({ _count: count, ...v }) => ({ ...v, runCount: count.runs })),
      };
    }),

  /**
   * Defines a benchmark on a dataset version of the caller's team. A name used before gets
   * the next version number: results under one benchmark version stay comparable.
   */
  create: teamProcedure
    .meta({ policy })
    .input(benchmarkCreateInput)
    .mutation(({ ctx, input }) =>
      createBenchmark({ db: ctx.db, teamIds: ctx.scope.teamIds, input, userId: ctx.user.id }),
    ),

  /**
   * Edits a benchmark the only way a benchmark changes: a new version of the same name that
   * carries the changes (fields left out are carried from `benchmarkId`'s version). The old
   * version is untouched and its runs keep pointing at it.
   */
  revise: teamProcedure
    .meta({ policy })
    .input(reviseInput)
    .mutation(async ({ ctx, input }) => {
      const { benchmarkId, description: text, datasetVersionId, ...patch } = input;
      const base = await ctx.db.benchmark.findFirst({
        where: { id: benchmarkId, teamId: { in: ctx.scope.teamIds } },
      });
      if (!base) throw new AppError("NOT_FOUND", "Benchmark not found", { field: "benchmarkId" });
      const datasetVersion = await findDatasetVersion(ctx.db, [base.teamId], datasetVersionId ?? base.datasetVersionId);
      const baseProtocol = benchmarkProtocolFromColumns(base);
      const protocol = checkedProtocol(applyBenchmarkProtocolPatch(baseProtocol, patch), datasetVersion);
      const next = { description: text ?? base.description, datasetVersionId: datasetVersion.id, protocol };
      const previous = {
        description: base.description,
        datasetVersionId: base.datasetVersionId,
        protocol: baseProtocol,
      };
      if (canonicalJson(next) === canonicalJson(previous)) {
        throw new AppError("BAD_INPUT", `Nothing changed: this would repeat ${base.name} v${base.version}`);
      }
      return writeNextVersion(ctx.db, {
        teamId: base.teamId,
        name: base.name,
        ...next,
        revisedFromId: base.id,
        createdById: ctx.user.id,
      });
    }),
};
