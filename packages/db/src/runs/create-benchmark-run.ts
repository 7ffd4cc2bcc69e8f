import { benchmarkProtocolFromColumns, canonicalJson, InvalidInputError, taskLabel } from "@fieldtest/core";
import type { Db } from "../client.ts";
import { sha256Hex } from "../datasets/hash.ts";
import { badInput, notFound } from "../errors.ts";
import type { Benchmark, EvaluationRun, Prisma } from "../generated/prisma/client.ts";
import { runEndpointOf } from "./endpoint-config.ts";
import { runRefusal } from "./runnable-protocol.ts";

export interface CreateBenchmarkRunInput {
  db: Db;
  teamId: string;
  benchmarkId: string;
  modelVersionId: string;
  /** Who started it; null for a run started with an operator-minted API key (it has no owner). */
  userId: string | null;
  /** The API key that started it, when a machine did (REST /api/v1/evaluations). */
  apiKeyId?: string;
  codeVersion: string;
  /** The Schedule that fired this run, when a schedule did. */
  scheduleId?: string;
}

/**
 * Writes a queued benchmark EvaluationRun row (the caller enqueues its job afterwards,
 * with jobId = run id). The row freezes everything needed to reproduce the run:
 * the benchmark protocol (every field of core's benchmarkProtocolSchema, flat beside the
 * run's own keys), the endpoint it calls (no secrets), the dataset hash, the predictions hash,
 * seed and code version. A protocol the worker cannot execute on this version is refused here
 * (runRefusal, BAD_INPUT naming the field), so nothing is queued that would only fail.
 */
export async function createBenchmarkRun(input: CreateBenchmarkRunInput): Promise<EvaluationRun> {
  const { db } = input;
  const benchmark = await db.benchmark.findFirst({
    where: { id: input.benchmarkId, teamId: input.teamId },
    include: { datasetVersion: true },
  });
  if (!benchmark) throw notFound("Benchmark", "benchmarkId");
  const version = await db.modelVersion.findFirst({
    where: { id: input.modelVersionId, model: { teamId: input.teamId } },
    include: { model: true },
  });
  if (!version) throw notFound("Model version", "modelVersionId");
  if (version.model.task !== benchmark.task) {
    throw badInput(
      "modelVersionId",
      `${version.model.name} is a ${taskLabel(version.model.task)} model; benchmark ${benchmark.name} v${benchmark.version} is for ${taskLabel(benchmark.task)}`,
    );
  }
  const protocol = storedProtocol(benchmark);
  const endpoint = runEndpointOf(version);
  const refusal = runRefusal({
    protocol,
    endpoint,
    benchmark: `Benchmark ${benchmark.name} v${benchmark.version}`,
    version: `Version ${version.version}`,
  });
  if (refusal) throw refusal;

  let predictionsSha256: string | null = null;
  if (endpoint.kind === "offline") {
    const predictions = await db.predictions.findUnique({
      where: {
        modelVersionId_datasetVersionId: { modelVersionId: version.id, datasetVersionId: benchmark.datasetVersionId },
      },
    });
    if (!predictions) {
      throw badInput(
        "modelVersionId",
        `Version ${version.version} is offline and has no predictions for dataset version ${benchmark.datasetVersion.version}: upload them first`,
      );
    }
    predictionsSha256 = predictions.sha256;
  }

  // The whole protocol is frozen into the run, so editing the benchmark (a new version) never changes it.
  const config = {
    benchmark: { id: benchmark.id, name: benchmark.name, version: benchmark.version },
    datasetVersionId: benchmark.datasetVersionId,
    datasetSha256: benchmark.datasetVersion.sha256,
    ...protocol,
    modelVersionId: version.id,
    endpointKind: version.endpointKind,
    endpoint,
    predictionsSha256,
  };
  return db.evaluationRun.create({
    data: {
      teamId: input.teamId,
      kind: "benchmark",
      status: "queued",
      benchmarkId: benchmark.id,
      modelVersionId: version.id,
      seed: benchmark.seed,
      datasetHash: benchmark.datasetVersion.sha256,
      configHash: sha256Hex(canonicalJson(config)),
      config: config as Prisma.InputJsonObject,
      codeVersion: input.codeVersion,
      createdById: input.userId,
      ...(input.scheduleId ? { scheduleId: input.scheduleId } : {}),
      ...(input.apiKeyId ? { apiKeyId: input.apiKeyId } : {}),
    },
  });
}

/** The benchmark's protocol; a stored row that no longer parses cannot be run (and says why). */
function storedProtocol(benchmark: Benchmark) {
  try {
    return benchmarkProtocolFromColumns(benchmark);
  } catch (err) {
    if (err instanceof InvalidInputError) {
      throw badInput("benchmarkId", `Benchmark ${benchmark.name} v${benchmark.version} cannot be run: ${err.message}`);
    }
    throw err;
  }
}
