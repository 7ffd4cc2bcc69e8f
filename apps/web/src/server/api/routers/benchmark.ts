import { randomInt } from "node:crypto";
import {
  applyBenchmarkProtocolPatch,
  type BenchmarkProtocol,
  benchmarkProtocolFromColumns,
  benchmarkProtocolInputFields,
  benchmarkProtocolPatchFields,
  benchmarkProtocolSchema,
  benchmarkProtocolToColumns,
  canonicalJson,
  MAX_SEED,
  refineBenchmarkProtocol,
  strictObjectOf,
} from "@fieldtest/core";
import { AppError, type Benchmark, type Db } from "@fieldtest/db";
import { z } from "zod";
import {
  type DatasetVersionShape,
  defaultSplit,
  protocolDatasetProblems,
} from "../../benchmarks/protocol-fits-dataset";
import { conflictOnDuplicate, InputError, teamProcedure } from "../trpc";

const policy = { role: "member", scope: "team" } as const;

const name = z.string().trim().min(1, "Name is required").max(120, "Name must be at most 120 characters");
const description = z.string().trim().max(2000, "The description has at most 2,000 characters");

/** Create: name, dataset version, description, and the protocol (split and seed may be left to the server). */
const createInput = strictObjectOf(
  { name, description: description.default(""), datasetVersionId: z.uuid(), ...benchmarkProtocolInputFields },
  "a benchmark",
).superRefine(refineBenchmarkProtocol);

/** Revise: the version to start from and what changes (see benchmarkProtocolPatchFields). */
const reviseInput = strictObjectOf(
  {
    benchmarkId: z.uuid(),
    description: description.optional(),
    datasetVersionId: z.uuid().optional(),
    ...benchmarkProtocolPatchFields,
  },
  "a benchmark revision",
);

const datasetVersionSelect = {
  id: true,
  version: true,
  rowCount: true,
  columns: true,
  idColumn: true,
  labelColumn: true,
  timestampColumn: true,
  sliceColumns: true,
  dataset: { select: { id: true, name: true, teamId: true } },
} as const;

async function findDatasetVersion(db: Db, teamIds: string[], datasetVersionId: string) {
  const datasetVersion = await db.datasetVersion.findFirst({
    where: { id: datasetVersionId, dataset: { teamId: { in: teamIds } } },
    select: datasetVersionSelect,
  });
  if (!datasetVersion) throw new AppError("NOT_FOUND", "Dataset version not found", { field: "datasetVersionId" });
  return datasetVersion;
}

/** The protocol, checked by core's schema and against the dataset version; every problem is named by field. */
function checkedProtocol(candidate: unknown, dataset: DatasetVersionShape): BenchmarkProtocol {
  const parsed = benchmarkProtocolSchema.safeParse(candidate);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[issue.path.join(".") || "input"] ??= issue.message;
    throw new InputError(fieldErrors);
  }
  const problems = protocolDatasetProblems(parsed.data, dataset);
  if (Object.keys(problems).length > 0) throw new InputError(problems);
  return parsed.data;
}

/** Writes version (last + 1) of `name`: a version, once written, never changes; runs keep pointing at it. */
async function writeNextVersion(
  db: Db,
  data: {
    teamId: string;
    name: string;
    description: string;
    datasetVersionId: string;
    protocol: BenchmarkProtocol;
    revisedFromId: string | null;
    createdById: string;
  },
): Promise<Benchmark> {
  const { protocol, ...rest } = data;
  const last = await db.benchmark.aggregate({
    where: { teamId: data.teamId, name: data.name },
    _max: { version: true },
  });
  return conflictOnDuplicate(
    () =>
      db.benchmark.create({
        data: { ...rest, ...benchmarkProtocolToColumns(protocol), version: (last._max.version ?? 0) + 1 },
      }),
    { field: "name", message: `Benchmark "${data.name}" got a new version at the same moment; try again` },
  );
}

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
    .input(createInput)
    .mutation(async ({ ctx, input }) => {
      const { name: benchmarkName, description: text, datasetVersionId, ...fields } = input;
      const datasetVersion = await findDatasetVersion(ctx.db, ctx.scope.teamIds, datasetVersionId);
      const split = fields.split ?? defaultSplit(datasetVersion);
      if ("error" in split) throw new InputError(split.error);
      const protocol = checkedProtocol({ ...fields, split, seed: fields.seed ?? randomInt(MAX_SEED) }, datasetVersion);
      return writeNextVersion(ctx.db, {
        teamId: datasetVersion.dataset.teamId,
        name: benchmarkName,
        description: text,
        datasetVersionId: datasetVersion.id,
        protocol,
        revisedFromId: null,
        createdById: ctx.user.id,
      });
    }),

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
