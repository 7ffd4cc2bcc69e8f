import "server-only";
import { randomInt } from "node:crypto";
import {
  type BenchmarkProtocol,
  benchmarkProtocolInputFields,
  benchmarkProtocolSchema,
  benchmarkProtocolToColumns,
  MAX_SEED,
  refineBenchmarkProtocol,
  strictObjectOf,
} from "@fieldtest/core";
import { AppError, type Benchmark, type Db } from "@fieldtest/db";
import { z } from "zod";
import { conflictOnDuplicate, InputError } from "../api/trpc";
import { type DatasetVersionShape, defaultSplit, protocolDatasetProblems } from "./protocol-fits-dataset";

/**
 * Creating a benchmark (version 1 of a name, or the next version of it), shared by the tRPC
 * router and REST `POST /api/v1/benchmarks`.
 */

export const benchmarkName = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(120, "Name must be at most 120 characters");
export const benchmarkDescription = z.string().trim().max(2000, "The description has at most 2,000 characters");

/** Create: name, dataset version, description, and the protocol (split and seed may be left to the server). */
export const benchmarkCreateInput = strictObjectOf(
  {
    name: benchmarkName,
    description: benchmarkDescription.default(""),
    datasetVersionId: z.uuid(),
    ...benchmarkProtocolInputFields,
  },
  "a benchmark",
).superRefine(refineBenchmarkProtocol);

export const datasetVersionSelect = {
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

export async function findDatasetVersion(db: Db, teamIds: string[], datasetVersionId: string) {
  const datasetVersion = await db.datasetVersion.findFirst({
    where: { id: datasetVersionId, dataset: { teamId: { in: teamIds } } },
    select: datasetVersionSelect,
  });
  if (!datasetVersion) throw new AppError("NOT_FOUND", "Dataset version not found", { field: "datasetVersionId" });
  return datasetVersion;
}

/** The protocol, checked by core's schema and against the dataset version; every problem is named by field. */
export function checkedProtocol(candidate: unknown, dataset: DatasetVersionShape): BenchmarkProtocol {
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
export async function writeNextVersion(
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

/**
 * Defines a benchmark on a dataset version of `teamIds`. A name used before gets the next
 * version number: results under one benchmark version stay comparable. Split and seed may be
 * left to the server (a dataset with a timestamp defaults to a temporal split).
 */
export async function createBenchmark(options: {
  db: Db;
  teamIds: readonly string[];
  input: z.output<typeof benchmarkCreateInput>;
  userId: string;
}): Promise<Benchmark> {
  const { db, input } = options;
  const { name, description, datasetVersionId, ...fields } = input;
  const datasetVersion = await findDatasetVersion(db, [...options.teamIds], datasetVersionId);
  const split = fields.split ?? defaultSplit(datasetVersion);
  if ("error" in split) throw new InputError(split.error);
  const protocol = checkedProtocol({ ...fields, split, seed: fields.seed ?? randomInt(MAX_SEED) }, datasetVersion);
  return writeNextVersion(db, {
    teamId: datasetVersion.dataset.teamId,
    name,
    description,
    datasetVersionId: datasetVersion.id,
    protocol,
    revisedFromId: null,
    createdById: options.userId,
  });
}
