import type { OutboundClient } from "../client/create-outbound-client.ts";
import { EndpointResponseError } from "../client/errors.ts";
import { cellValue, type EndpointSpec, type FeatureColumn } from "./types.ts";
import { type BatchRef, describeBatch, validateScores } from "./validate-scores.ts";

/**
 * `http-json`: POST a JSON array of feature records (`{"column": value, …}` per row; numbers and
 * timestamps as numbers — epoch ms —, booleans as true/false, strings as strings, missing as null)
 * and read back an array with one entry per row: a number, or an object with `score`,
 * `probability` or `prediction` (the first present; a [p0, p1] pair gives p1). A top-level
 * `{"predictions": [...]}` is read the same way.
 */

export function buildRecords(
  features: readonly FeatureColumn[],
  start: number,
  end: number,
): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = new Array(end - start);
  for (let row = start; row < end; row++) {
    const record: Record<string, unknown> = {};
    for (const column of features) {
      const v = cellValue(column, row);
      record[column.name] = column.type === "boolean" && v !== null ? v !== 0 : v;
    }
    records[row - start] = record;
  }
  return records;
}

function scoreOf(item: unknown): unknown {
  if (typeof item === "number") return item;
  if (typeof item !== "object" || item === null || Array.isArray(item)) return item;
  const o = item as Record<string, unknown>;
  const v = "score" in o ? o.score : "probability" in o ? o.probability : "prediction" in o ? o.prediction : item;
  return Array.isArray(v) && v.length === 2 ? v[1] : v;
}

export function readHttpJsonScores(input: { body: unknown; batch: BatchRef; what: string }): Float64Array {
  const { body, batch, what } = input;
  const list = Array.isArray(body)
    ? body
    : typeof body === "object" && body !== null && Array.isArray((body as { predictions?: unknown }).predictions)
      ? ((body as { predictions: unknown[] }).predictions as unknown[])
      : undefined;
  if (!list) {
    throw new EndpointResponseError(
      `${what} answered ${describeBatch(batch)} with ${body === null ? "null" : typeof body}; expected a JSON array of numbers or of {score|probability|prediction}`,
    );
  }
  return validateScores({ scores: list.map(scoreOf), batch, what });
}

export async function postHttpJsonBatch(input: {
  endpoint: EndpointSpec;
  features: readonly FeatureColumn[];
  batch: BatchRef;
  client: OutboundClient;
  signal?: AbortSignal;
}): Promise<{ scores: Float64Array; latencyMs: number }> {
  const { endpoint, batch } = input;
  const response = await input.client.request({
    url: endpoint.url,
    method: "POST",
    json: buildRecords(input.features, batch.start, batch.end),
    auth: endpoint.auth,
    signal: input.signal,
  });
  const scores = readHttpJsonScores({ body: response.json(), batch, what: `the endpoint ${response.url}` });
  return { scores, latencyMs: response.latencyMs };
}
