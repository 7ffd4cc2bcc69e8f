import { AppError, badInput, type RunEndpoint } from "@fieldtest/db";
import type { EndpointAuth } from "@fieldtest/outbound";
import { concatRows, type FeatureColumn, takeRows } from "./feature-columns.ts";
import type { PredictionsByRowId } from "./join-predictions.ts";
import { scoreBuiltin } from "./score-builtin.ts";
import { scoreEndpoint } from "./score-endpoint.ts";
import { scoreTestRows } from "./score-test-rows.ts";

/** The guarded outbound client endpoint runs call through (@fieldtest/outbound). */
export type OutboundClient = Parameters<typeof scoreEndpoint>[0]["client"];
type BuiltinSpec = Parameters<typeof scoreBuiltin>[0]["spec"];

/** Progress steps of an offline join; each is one progress report (and one cancellation check). */
export const SCORING_CHUNKS = 20;

export interface ScoreRequest {
  /** Rows the model learns from (builtin models); the others ignore them. */
  train: Uint32Array;
  /** Rows to score: indices into the dataset version, ascending. */
  test: Uint32Array;
  /** More inputs for the same model: perturbed copies of test rows' features (stress scenarios). */
  variants: readonly ScoreVariant[];
  /** The share (0..1) of this request done; awaited, and may throw to stop (cancellation). */
  onProgress: (share: number) => Promise<void>;
}

/** Rows to score besides the test rows, given by their features. */
export interface ScoreVariant {
  rows: number;
  features: readonly FeatureColumn[];
}

export interface ScoreOutcome {
  /** One score per test row. */
  scores: Float64Array;
  /** One score per row of each variant, in order. */
  variants: Float64Array[];
  /** Per-call latencies of an endpoint (one call per batch); null for offline and builtin. */
  latenciesMs: Float64Array | null;
  /** The trained builtin model (JSON-safe); null otherwise. */
  model: unknown;
}

/** Scores rows of one dataset version with one model version. */
export type Scorer = (request: ScoreRequest) => Promise<ScoreOutcome>;

export interface ScorerInput {
  endpoint: RunEndpoint;
  /** Row ids of the dataset version (offline joins). */
  rowIds: readonly (string | null)[];
  /** The uploaded predictions by row id; required for offline versions. */
  predictions: PredictionsByRowId | null;
  /** Every row's model input (builtin and endpoint versions). */
  features: readonly FeatureColumn[];
  /** 0/1 labels of the given rows, for training (BAD_INPUT naming the label column otherwise). */
  labelsOf: (rows: Uint32Array) => Float64Array;
  seed: number;
  /** The outbound client, created on first use; null when this worker has none. */
  outbound: (() => OutboundClient) | null;
  /** The endpoint's auth header and secret (endpoint versions registered with one); null otherwise. */
  auth: EndpointAuth | null;
}

/** The scorer for the version's endpoint kind: offline join, builtin training, or endpoint calls. */
export function scorerFor(input: ScorerInput): Scorer {
  const { endpoint } = input;
  switch (endpoint.kind) {
    case "offline":
      return offlineScorer(input);
    case "builtin":
      return builtinScorer(input, { algorithm: endpoint.algorithm, params: endpoint.params } as BuiltinSpec);
    default:
      return endpointScorer(input, endpoint);
  }
}

function offlineScorer(input: ScorerInput): Scorer {
  const { rowIds, predictions } = input;
  return async (request) => {
    // A backstop: run creation refuses stress on offline versions, which have no model to call.
    if (request.variants.length > 0) {
      throw badInput("stress", "An offline version (uploaded predictions) cannot score perturbed features");
    }
    if (!predictions) throw badInput("predictions", "The offline version has no predictions for this run");
    const scores = await scoreTestRows({
      rowIds,
      rows: request.test,
      predictions,
      chunks: SCORING_CHUNKS,
      onChunk: request.onProgress,
    });
    return { scores, variants: [], latenciesMs: null, model: null };
  };
}

function builtinScorer(input: ScorerInput, spec: BuiltinSpec): Scorer {
  return async (request) => {
    if (request.train.length === 0) {
      throw badInput("split", "The split leaves no rows to train the builtin model on");
    }
    const test = concatRows([takeRows(input.features, request.test), ...request.variants.map((v) => v.features)]);
    const { scores, model } = await scoreBuiltin({
      spec,
      train: { features: takeRows(input.features, request.train), labels: input.labelsOf(request.train) },
      test: { features: test },
      seed: input.seed,
      onProgress: (fraction) => request.onProgress(fraction),
    });
    return { ...splitScores(scores, request), latenciesMs: null, model };
  };
}

function endpointScorer(
  input: ScorerInput,
  endpoint: Extract<RunEndpoint, { kind: "open-inference-v2" | "http-json" }>,
): Scorer {
  return async (request) => {
    if (!input.outbound) {
      throw new AppError("BAD_INPUT", "This worker has no outbound client, so it cannot call model endpoints", {
        field: "modelVersionId",
      });
    }
    const features = concatRows([takeRows(input.features, request.test), ...request.variants.map((v) => v.features)]);
    const rows = request.variants.reduce((n, v) => n + v.rows, request.test.length);
    const { kind, ...settings } = endpoint;
    const { scores, latenciesMs } = await scoreEndpoint({
      endpoint: { protocol: kind, ...settings, ...(input.auth ? { auth: input.auth } : {}) },
      features,
      rows,
      client: input.outbound(),
      onProgress: (done, total) => request.onProgress(total > 0 ? done / total : 1),
    });
    return { ...splitScores(scores, request), latenciesMs, model: null };
  };
}

/** The test rows' scores and each variant's, from one scoring call over all of them in order. */
function splitScores(scores: Float64Array, request: ScoreRequest): Pick<ScoreOutcome, "scores" | "variants"> {
  const n = request.test.length;
  const expected = request.variants.reduce((sum, v) => sum + v.rows, n);
  if (scores.length !== expected) {
    throw new Error(`the model returned ${scores.length} scores for ${expected} rows`);
  }
  let at = n;
  const variants = request.variants.map((v) => {
    const part = scores.subarray(at, at + v.rows);
    at += v.rows;
    return part;
  });
  return { scores: scores.subarray(0, n), variants };
}
