import { parseTrainedBuiltinModel, predictBuiltinModel, type TrainedBuiltinModel } from "@fieldtest/core";
import { badInput, type Db, type ModelResult, runEndpointOf } from "@fieldtest/db";
import { DEFAULT_BATCH_SIZE } from "@fieldtest/outbound";
import { endpointAuthOf } from "../runs/endpoint-auth.ts";
import { scoreEndpoint } from "../runs/score-endpoint.ts";
import type { OutboundClient } from "../runs/scorers.ts";
import { featureColumnsFromEvents, inferredColumnsOf } from "./infer-feature-columns.ts";

/** Rows a builtin model scores per batch (in process: no call to size for). */
const BUILTIN_BATCH_SIZE = 2_048;

/** How the worker gets a challenger's predictions for events' features. */
export type ChallengerModel =
  | { kind: "not_needed"; reason: string }
  | {
      kind: "model";
      /** Events per call. */
      batchSize: number;
      /** Calls that may run at once. */
      concurrency: number;
      /** One score per record, and the call's latency (null for a builtin model, which is not called). */
      predict(records: readonly Record<string, unknown>[]): Promise<{ scores: Float64Array; latencyMs: number | null }>;
    };

/**
 * The challenger version's model: its endpoint through the guarded outbound client (with the
 * decrypted secret, as benchmark runs call it), or the builtin model its latest succeeded
 * benchmark run trained. An offline version needs nothing: the client sends its predictions.
 */
export async function challengerModelOf(input: {
  db: Db;
  teamId: string;
  challengerVersionId: string;
  outbound: () => OutboundClient;
  /** The evaluation's benchmark: a builtin challenger answers with the model its run there trained (the gap's). */
  benchmarkId?: string | null;
}): Promise<ChallengerModel> {
  const { db, teamId, challengerVersionId } = input;
  const version = await db.modelVersion.findFirst({
    where: { id: challengerVersionId, model: { teamId } },
    select: { id: true, version: true, endpointKind: true, endpointConfig: true },
  });
  if (!version) throw new Error(`challenger version ${challengerVersionId} does not exist in this team`);
  const endpoint = runEndpointOf(version);
  if (endpoint.kind === "offline") {
    return {
      kind: "not_needed",
      reason: `challenger version ${version.version} is offline: its predictions come from the client with the events`,
    };
  }
  if (endpoint.kind === "builtin") {
    const model = await trainedModelOf(db, version, input.benchmarkId ?? null);
    const columns = model.encoder.features.map((f) => ({ name: f.name, type: f.type }));
    return {
      kind: "model",
      batchSize: BUILTIN_BATCH_SIZE,
      concurrency: 1,
      predict: async (records) => ({
        scores: predictBuiltinModel(model, featureColumnsFromEvents(records, columns)),
        latencyMs: null,
      }),
    };
  }
  const auth = await endpointAuthOf(db, version.id);
  const { kind, ...settings } = endpoint;
  const spec = { protocol: kind, ...settings, ...(auth ? { auth } : {}) };
  const client = input.outbound();
  return {
    kind: "model",
    batchSize: spec.batchSize ?? DEFAULT_BATCH_SIZE,
    concurrency: Math.max(1, client.concurrency),
    predict: async (records) => {
      const features = featureColumnsFromEvents(records, inferredColumnsOf(records));
      // One batch per call, so its latency is the latency of each of its events.
      const { scores, latenciesMs } = await scoreEndpoint({
        endpoint: { ...spec, batchSize: Math.max(1, records.length) },
        features,
        rows: records.length,
        client,
      });
      return { scores, latencyMs: latenciesMs[0] ?? null };
    },
  };
}

/**
 * A builtin challenger whose first benchmark run (which trains its model) has not finished yet:
 * the scoring waits for it (the sweeper tries again) instead of failing the evaluation.
 */
export class ChallengerNotReadyError extends Error {
  constructor(version: string) {
    super(`challenger version ${version} is builtin and its benchmark run (which trains it) has not finished yet`);
    this.name = "ChallengerNotReadyError";
  }
}

/**
 * The model trained by the version's latest succeeded benchmark run on `benchmarkId` (the run the
 * gap compares with), else on any benchmark; its last fold's for a backtest.
 */
async function trainedModelOf(
  db: Db,
  version: { id: string; version: string },
  benchmarkId: string | null,
): Promise<TrainedBuiltinModel> {
  const latest = (onBenchmark: string | null) =>
    db.runResult.findFirst({
      where: {
        kind: "model",
        run: {
          modelVersionId: version.id,
          kind: "benchmark",
          status: "succeeded",
          ...(onBenchmark ? { benchmarkId: onBenchmark } : {}),
        },
      },
      orderBy: [{ run: { finishedAt: "desc" } }, { createdAt: "desc" }],
      select: { data: true },
    });
  const result = (benchmarkId ? await latest(benchmarkId) : null) ?? (await latest(null));
  const models = (result?.data as ModelResult | undefined)?.models ?? [];
  const last = models[models.length - 1];
  if (!last) {
    const unfinished = await db.evaluationRun.count({
      where: { modelVersionId: version.id, kind: "benchmark", status: { in: ["queued", "running"] } },
    });
    if (unfinished > 0) throw new ChallengerNotReadyError(version.version);
    throw badInput(
      "challengerVersionIds",
      `Challenger version ${version.version} is builtin but has no trained model: run a benchmark for it first`,
    );
  }
  return parseTrainedBuiltinModel(last.model);
}
