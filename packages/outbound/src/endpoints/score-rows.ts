import type { OutboundClient } from "../client/create-outbound-client.ts";
import { EndpointResponseError } from "../client/errors.ts";
import { postHttpJsonBatch } from "./http-json.ts";
import { inferV2Batch } from "./open-inference-v2.ts";
import {
  DEFAULT_BATCH_SIZE,
  EndpointConfigError,
  type EndpointSpec,
  type FeatureColumn,
  MAX_BATCH_SIZE,
} from "./types.ts";
import type { BatchRef } from "./validate-scores.ts";

export interface ScoreRowsInput {
  endpoint: EndpointSpec;
  features: FeatureColumn[];
  rows: number;
  client: OutboundClient;
  /** After each batch, rows scored so far; calls never overlap and `done` only grows. A throw stops scoring. */
  onProgress?: (done: number, total: number) => Promise<void> | void;
  signal?: AbortSignal;
}

export interface ScoreRowsResult {
  /** One score per row, in row order. */
  scores: Float64Array;
  /** One latency per call (batch), in batch order. */
  latenciesMs: Float64Array;
}

/** Rejects an endpoint spec or feature set that cannot be sent, before any call. */
export function validateScoringInput(input: {
  endpoint: EndpointSpec;
  features: FeatureColumn[];
  rows: number;
}): number {
  const { endpoint, features, rows } = input;
  if (endpoint.protocol !== "open-inference-v2" && endpoint.protocol !== "http-json") {
    throw new EndpointConfigError(`the endpoint protocol "${endpoint.protocol}" cannot be called over HTTP`);
  }
  if (endpoint.protocol === "open-inference-v2" && !endpoint.modelName?.trim()) {
    throw new EndpointConfigError("an open-inference-v2 endpoint needs the model's name on the server (modelName)");
  }
  const batchSize = endpoint.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new EndpointConfigError(
      `the batch size must be a whole number from 1 to ${MAX_BATCH_SIZE}, got ${batchSize}`,
    );
  }
  if (!Number.isInteger(rows) || rows < 0)
    throw new EndpointConfigError(`rows must be a whole number ≥ 0, got ${rows}`);
  const seen = new Set<string>();
  for (const column of features) {
    if (seen.has(column.name)) throw new EndpointConfigError(`the feature column "${column.name}" appears twice`);
    seen.add(column.name);
    const numeric = column.values instanceof Float64Array;
    if (numeric !== (column.type !== "string")) {
      throw new EndpointConfigError(
        `the feature column "${column.name}" of type ${column.type} must hold ${column.type === "string" ? "an array of strings" : "a Float64Array"}`,
      );
    }
    if (column.values.length !== rows) {
      throw new EndpointConfigError(
        `the feature column "${column.name}" has ${column.values.length} values for ${rows} rows`,
      );
    }
  }
  return batchSize;
}

/**
 * Scores rows through an endpoint: batches of `batchSize` rows, at most `client.concurrency` batches
 * in flight (and the client's own limit across all callers), every answer validated. The first
 * failure cancels the batches still in flight and is thrown as is.
 */
export async function scoreRows(input: ScoreRowsInput): Promise<ScoreRowsResult> {
  const batchSize = validateScoringInput(input);
  const { endpoint, features, rows, client, onProgress } = input;
  const batchCount = Math.ceil(rows / batchSize);
  const scores = new Float64Array(rows);
  const latenciesMs = new Float64Array(batchCount);
  if (batchCount === 0) return { scores, latenciesMs };

  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(input.signal?.reason);
  input.signal?.addEventListener("abort", onOuterAbort, { once: true });
  const scoreBatch = endpoint.protocol === "open-inference-v2" ? inferV2Batch : postHttpJsonBatch;
  let next = 0;
  let done = 0;
  let failure: { error: unknown } | undefined;
  let progress: Promise<void> = Promise.resolve();

  // Bodies are built only when a worker takes a batch, so memory stays at `concurrency` batches.
  const worker = async () => {
    while (failure === undefined) {
      const index = next++;
      if (index >= batchCount) return;
      const start = index * batchSize;
      const batch: BatchRef = { index: index + 1, count: batchCount, start, end: Math.min(rows, start + batchSize) };
      try {
        const result = await scoreBatch({ endpoint, features, batch, client, signal: controller.signal });
        scores.set(result.scores, start);
        latenciesMs[index] = result.latencyMs;
        done += batch.end - batch.start;
        if (onProgress) {
          const reported = done;
          progress = progress.then(() => onProgress(reported, rows));
          await progress;
        }
      } catch (error) {
        failure ??= { error };
        controller.abort(new EndpointResponseError("scoring stopped after another batch failed"));
        return;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(client.concurrency, batchCount) }, worker));
  } finally {
    input.signal?.removeEventListener("abort", onOuterAbort);
  }
  if (failure) throw failure.error;
  return { scores, latenciesMs };
}
