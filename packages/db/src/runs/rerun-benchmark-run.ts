import type { Db } from "../client.ts";
import { AppError } from "../errors.ts";
import type { EvaluationRun, Prisma } from "../generated/prisma/client.ts";
import { parseBenchmarkRunConfig } from "./benchmark-run-config.ts";
import { runRefusal } from "./runnable-protocol.ts";

export interface RerunBenchmarkRunInput {
  db: Db;
  /** Teams the caller may run in: a run of another team is NOT_FOUND. */
  teamIds: readonly string[];
  runId: string;
  userId: string;
  codeVersion: string;
}

/**
 * A new queued run with the same frozen config as a finished run (same protocol, seed,
 * dataset hash and config hash, so its results are comparable), pointing back at it
 * (`rerunOfId`); the caller enqueues its job. Refused, changing nothing: a run still queued
 * or running (CONFLICT: cancel it or wait), a config the worker cannot execute (BAD_INPUT
 * naming the field), and data that changed since (the dataset version's content, or an
 * offline version's predictions re-uploaded: CONFLICT, since the same config would no longer
 * describe the same evaluation).
 */
export async function rerunBenchmarkRun(input: RerunBenchmarkRunInput): Promise<EvaluationRun> {
  const { db } = input;
  const source = await db.evaluationRun.findFirst({
    where: { id: input.runId, teamId: { in: [...input.teamIds] } },
    include: { modelVersion: { select: { version: true } } },
  });
  if (!source) throw new AppError("NOT_FOUND", "Run not found", { field: "runId" });
  if (source.kind !== "benchmark") {
    throw new AppError("BAD_INPUT", `Only benchmark runs can be re-run; this is a ${source.kind} run`, {
      field: "runId",
    });
  }
  if (source.status === "queued" || source.status === "running") {
    throw new AppError("CONFLICT", `The run is still ${source.status}: cancel it first, or wait until it ends`, {
      field: "runId",
    });
  }
  const config = parseBenchmarkRunConfig(source.config);
  const benchmark = config.benchmark
    ? `Benchmark ${config.benchmark.name} v${config.benchmark.version}`
    : "The benchmark";
  const refusal = runRefusal({
    protocol: config,
    endpoint: config.endpoint,
    benchmark,
    version: `Version ${source.modelVersion.version}`,
  });
  if (refusal) throw refusal;

  const dataset = await db.datasetVersion.findUnique({ where: { id: config.datasetVersionId } });
  if (!dataset || dataset.sha256 !== source.datasetHash) {
    throw new AppError("CONFLICT", "The dataset version this run used no longer exists with the same content", {
      field: "runId",
    });
  }
  if (config.endpoint.kind === "offline") {
    const predictions = await db.predictions.findUnique({
      where: {
        modelVersionId_datasetVersionId: { modelVersionId: source.modelVersionId, datasetVersionId: dataset.id },
      },
    });
    if (!predictions || (config.predictionsSha256 !== null && predictions.sha256 !== config.predictionsSha256)) {
      throw new AppError(
        "CONFLICT",
        `Version ${source.modelVersion.version}'s predictions for dataset version ${dataset.version} ${predictions ? "were uploaded again" : "are gone"} since this run; start a new run of the benchmark instead`,
        { field: "runId" },
      );
    }
  }

  return db.evaluationRun.create({
    data: {
      teamId: source.teamId,
      kind: source.kind,
      status: "queued",
      benchmarkId: source.benchmarkId,
      modelVersionId: source.modelVersionId,
      seed: source.seed,
      datasetHash: source.datasetHash,
      configHash: source.configHash,
      config: source.config as Prisma.InputJsonValue,
      codeVersion: input.codeVersion,
      rerunOfId: source.id,
      createdById: input.userId,
    },
  });
}
