import type { OutboundClient } from "../client/create-outbound-client.ts";
import { OutboundError } from "../client/errors.ts";
import { postHttpJsonBatch } from "./http-json.ts";
import { inferV2Batch, v2BaseUrl, v2ModelUrl } from "./open-inference-v2.ts";
import { validateScoringInput } from "./score-rows.ts";
import { EndpointConfigError, type EndpointSpec, type FeatureColumn } from "./types.ts";

/** What "test connection" shows the user. */
export interface ConnectionReport {
  ok: boolean;
  /** One sentence: what the endpoint answered. */
  summary: string;
  /** What was asked and answered, one line per step. */
  details: string[];
}

interface V2TensorMeta {
  name?: unknown;
  datatype?: unknown;
  shape?: unknown;
}

function tensorList(list: unknown): string {
  if (!Array.isArray(list) || list.length === 0) return "none listed";
  return (list as V2TensorMeta[])
    .map((t) => `${String(t.name)} ${String(t.datatype)} [${Array.isArray(t.shape) ? t.shape.join(", ") : "?"}]`)
    .join(", ");
}

/** The first row of the sample columns, as a 1-row feature set. */
function firstRow(features: readonly FeatureColumn[]): FeatureColumn[] {
  return features.map((c) => ({
    ...c,
    values: c.values instanceof Float64Array ? c.values.slice(0, 1) : c.values.slice(0, 1),
  }));
}

function failed(details: string[], err: unknown): ConnectionReport {
  const message = err instanceof OutboundError || err instanceof EndpointConfigError ? err.message : "unexpected error";
  details.push(message);
  return { ok: false, summary: `Not connected: ${message}`, details };
}

async function testV2(
  endpoint: EndpointSpec,
  client: OutboundClient,
  sample?: FeatureColumn[],
): Promise<ConnectionReport> {
  const details: string[] = [];
  const problems: string[] = [];
  try {
    const ready = await client.request({
      url: `${v2BaseUrl(endpoint)}/v2/health/ready`,
      auth: endpoint.auth,
      retries: 0,
    });
    details.push(
      `GET /v2/health/ready → HTTP ${ready.status} in ${Math.round(ready.latencyMs)} ms: the server is ready`,
    );
  } catch (err) {
    return failed(details, err);
  }
  let inputNames: string[] = [];
  try {
    const meta = await client.request({ url: v2ModelUrl(endpoint), auth: endpoint.auth, retries: 0 });
    const body = meta.json() as {
      name?: unknown;
      versions?: unknown;
      platform?: unknown;
      inputs?: unknown;
      outputs?: unknown;
    };
    const versions =
      Array.isArray(body.versions) && body.versions.length > 0 ? `, versions ${body.versions.join(", ")}` : "";
    const platform = typeof body.platform === "string" && body.platform ? `, platform ${body.platform}` : "";
    details.push(
      `GET /v2/models/${endpoint.modelName} → model "${String(body.name ?? endpoint.modelName)}"${platform}${versions}; inputs: ${tensorList(body.inputs)}; outputs: ${tensorList(body.outputs)}`,
    );
    inputNames = Array.isArray(body.inputs) ? (body.inputs as V2TensorMeta[]).map((t) => String(t.name)) : [];
    const outputNames = Array.isArray(body.outputs) ? (body.outputs as V2TensorMeta[]).map((t) => String(t.name)) : [];
    if (endpoint.outputName && outputNames.length > 0 && !outputNames.includes(endpoint.outputName)) {
      problems.push(`the model has no output "${endpoint.outputName}" (it has ${outputNames.join(", ")})`);
    }
  } catch (err) {
    return failed(details, err);
  }
  if (sample && sample.length > 0) {
    const columns = new Set(sample.map((c) => c.name));
    const missing = inputNames.filter((n) => !columns.has(n));
    if (missing.length > 0) {
      problems.push(
        `the model expects input(s) ${missing.join(", ")}, but Fieldtest sends one tensor per feature column named after the column (${[...columns].join(", ")})`,
      );
    } else {
      const infer = await sampleCall(endpoint, client, sample, details);
      if (infer) problems.push(infer);
    }
  }
  if (problems.length > 0) {
    details.push(...problems);
    return { ok: false, summary: `Connected, but ${problems.join("; ")}`, details };
  }
  return { ok: true, summary: `Connected: the server is ready and serves model "${endpoint.modelName}"`, details };
}

/** Scores the first sample row; returns a problem sentence, or undefined when it worked. */
async function sampleCall(
  endpoint: EndpointSpec,
  client: OutboundClient,
  sample: FeatureColumn[],
  details: string[],
): Promise<string | undefined> {
  const features = firstRow(sample);
  try {
    validateScoringInput({ endpoint, features, rows: 1 });
    const batch = { index: 1, count: 1, start: 0, end: 1 };
    const call = endpoint.protocol === "open-inference-v2" ? inferV2Batch : postHttpJsonBatch;
    const { scores, latencyMs } = await call({ endpoint, features, batch, client });
    details.push(`scored 1 sample row in ${Math.round(latencyMs)} ms: score ${Number(scores[0]?.toFixed(4))}`);
    return undefined;
  } catch (err) {
    const message =
      err instanceof OutboundError || err instanceof EndpointConfigError ? err.message : "unexpected error";
    details.push(message);
    return `scoring a sample row failed: ${message}`;
  }
}

/**
 * Sends one small request to an endpoint and says what it answered. open-inference-v2: GET
 * /v2/health/ready and /v2/models/{name} (inputs checked against the sample's columns, then one
 * sample row scored); http-json: one row built from the first row of `sampleFeatures`.
 */
export async function testConnection(input: {
  endpoint: EndpointSpec;
  client: OutboundClient;
  sampleFeatures?: FeatureColumn[];
}): Promise<ConnectionReport> {
  const { endpoint, client, sampleFeatures } = input;
  if (endpoint.protocol === "open-inference-v2") {
    if (!endpoint.modelName?.trim()) {
      return failed([], new EndpointConfigError("an open-inference-v2 endpoint needs the model's name on the server"));
    }
    return testV2(endpoint, client, sampleFeatures);
  }
  if (!sampleFeatures || sampleFeatures.length === 0) {
    return failed([], new EndpointConfigError("testing an http-json endpoint needs a sample row of features"));
  }
  const details: string[] = [];
  const problem = await sampleCall(endpoint, client, sampleFeatures, details);
  return problem
    ? { ok: false, summary: `Not working: ${problem}`, details }
    : { ok: true, summary: `Connected: the endpoint ${details[0]}`, details };
}
