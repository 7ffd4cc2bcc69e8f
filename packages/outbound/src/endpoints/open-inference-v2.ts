import type { OutboundClient } from "../client/create-outbound-client.ts";
import { EndpointResponseError } from "../client/errors.ts";
import { cellValue, EndpointConfigError, type EndpointSpec, type FeatureColumn } from "./types.ts";
import { type BatchRef, describeBatch, validateScores } from "./validate-scores.ts";

/**
 * The Open Inference Protocol (KServe V2, Triton, MLServer) over REST. A batch is one request with
 * one tensor per feature column, shape [n, 1]: FP64 for numbers, booleans (0/1) and timestamps
 * (epoch ms), BYTES for strings; a missing value is JSON null. The request carries MLServer's
 * `content_type: "pd"` hint so MLServer rebuilds a DataFrame; other servers ignore parameters.
 * The positive-class probability is the first output (or `outputName`), of shape [n], [n, 1] or
 * [n, 2] (then column 1).
 */

export interface V2Tensor {
  name: string;
  datatype: string;
  shape: number[];
  data: unknown[];
  parameters?: Record<string, unknown>;
}

export function v2BaseUrl(endpoint: EndpointSpec): string {
  return endpoint.url.replace(/\/+$/, "");
}

export function v2ModelUrl(endpoint: EndpointSpec): string {
  if (!endpoint.modelName)
    throw new EndpointConfigError("an open-inference-v2 endpoint needs the model's name on the server");
  return `${v2BaseUrl(endpoint)}/v2/models/${encodeURIComponent(endpoint.modelName)}`;
}

export function buildV2InferRequest(input: {
  features: readonly FeatureColumn[];
  start: number;
  end: number;
  outputName?: string;
}): { inputs: V2Tensor[]; outputs?: { name: string }[]; parameters: Record<string, unknown> } {
  const { features, start, end } = input;
  const n = end - start;
  const inputs = features.map((column): V2Tensor => {
    const data: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) data[i] = cellValue(column, start + i);
    return column.type === "string"
      ? { name: column.name, datatype: "BYTES", shape: [n, 1], data, parameters: { content_type: "str" } }
      : { name: column.name, datatype: "FP64", shape: [n, 1], data };
  });
  return {
    inputs,
    ...(input.outputName ? { outputs: [{ name: input.outputName }] } : {}),
    parameters: { content_type: "pd" },
  };
}

function flatten(data: unknown[]): unknown[] {
  return data.some(Array.isArray) ? (data.flat(Number.POSITIVE_INFINITY) as unknown[]) : data;
}

/** The positive-class probabilities in a V2 infer response, checked against the batch. */
export function readV2Scores(input: {
  body: unknown;
  batch: BatchRef;
  outputName?: string;
  what: string;
}): Float64Array {
  const { body, batch, what } = input;
  const where = describeBatch(batch);
  const object = (typeof body === "object" && body !== null ? body : {}) as { outputs?: unknown; error?: unknown };
  if (typeof object.error === "string")
    throw new EndpointResponseError(`${what} answered ${where} with an error: ${object.error.slice(0, 300)}`);
  const outputs = Array.isArray(object.outputs) ? (object.outputs as Partial<V2Tensor>[]) : undefined;
  if (!outputs || outputs.length === 0) {
    throw new EndpointResponseError(`${what} answered ${where} without outputs; expected a V2 infer response`);
  }
  const output = input.outputName ? outputs.find((o) => o?.name === input.outputName) : outputs[0];
  if (!output) {
    const names = outputs.map((o) => `"${o?.name}"`).join(", ");
    throw new EndpointResponseError(`${what} has no output "${input.outputName}" in ${where} (outputs: ${names})`);
  }
  const label = `output "${output.name}"`;
  if (output.datatype === "BYTES") {
    throw new EndpointResponseError(`${what}: ${label} is BYTES in ${where}; expected numeric probabilities`);
  }
  const data = Array.isArray(output.data) ? flatten(output.data) : undefined;
  const shape = output.shape;
  if (!data || !Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new EndpointResponseError(`${what}: ${label} in ${where} has no numeric shape or data`);
  }
  const n = batch.end - batch.start;
  const size = shape.reduce((a: number, b: number) => a * b, 1);
  if (size !== data.length) {
    throw new EndpointResponseError(
      `${what}: ${label} in ${where} has shape [${shape.join(", ")}] but ${data.length} values`,
    );
  }
  const [rows, columns = 1, ...rest] = shape as number[];
  if (rows !== n || rest.length > 0 || (columns !== 1 && columns !== 2)) {
    throw new EndpointResponseError(
      `${what}: ${label} in ${where} has shape [${shape.join(", ")}]; expected [${n}], [${n}, 1] or [${n}, 2] for ${n} rows`,
    );
  }
  const scores = columns === 2 ? Array.from({ length: n }, (_, i) => data[2 * i + 1]) : data;
  return validateScores({ scores, batch, what });
}

export async function inferV2Batch(input: {
  endpoint: EndpointSpec;
  features: readonly FeatureColumn[];
  batch: BatchRef;
  client: OutboundClient;
  signal?: AbortSignal;
}): Promise<{ scores: Float64Array; latencyMs: number }> {
  const { endpoint, batch } = input;
  const url = `${v2ModelUrl(endpoint)}/infer`;
  const response = await input.client.request({
    url,
    method: "POST",
    json: buildV2InferRequest({
      features: input.features,
      start: batch.start,
      end: batch.end,
      outputName: endpoint.outputName,
    }),
    auth: endpoint.auth,
    signal: input.signal,
  });
  const what = `the model "${endpoint.modelName}" at ${response.url}`;
  const scores = readV2Scores({ body: response.json(), batch, outputName: endpoint.outputName, what });
  return { scores, latencyMs: response.latencyMs };
}
