import { type EndpointSpec, type FeatureColumn, type OutboundClient, scoreRows } from "@fieldtest/outbound";

export type { EndpointSpec, FeatureColumn } from "@fieldtest/outbound";

/**
 * Scores `rows` rows through a model version's endpoint (open-inference-v2 or http-json) with the
 * worker's guarded outbound client: batches of `endpoint.batchSize` rows (default 256) run within
 * the client's concurrency limit, every answer is validated, and the scores come back in row order
 * with one latency per call. A failure throws an OutboundError (refused destination, timeout, HTTP
 * status, malformed answer naming batch and row) or an EndpointConfigError (bad spec or columns),
 * each with a message the run's owner can act on; a throw from `onProgress` stops the scoring.
 */
export async function scoreEndpoint(input: {
  endpoint: EndpointSpec;
  features: FeatureColumn[];
  rows: number;
  client: OutboundClient;
  onProgress?: (done: number, total: number) => Promise<void> | void;
}): Promise<{ scores: Float64Array; latenciesMs: Float64Array /* one per call */ }> {
  return scoreRows(input);
}
