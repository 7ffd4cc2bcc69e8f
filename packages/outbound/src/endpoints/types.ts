import type { EndpointAuth } from "../secrets/endpoint-auth.ts";

/**
 * One feature column of the rows to score. Numbers, booleans (0/1) and timestamps (epoch ms) are a
 * Float64Array with NaN for a missing value; strings are an array with null for a missing value.
 * (Loose on purpose, so both a plain object and the worker's discriminated union fit; scoreRows
 * checks that `type` and `values` agree.)
 */
export interface FeatureColumn {
  name: string;
  type: "number" | "string" | "boolean" | "timestamp";
  values: Float64Array | readonly (string | null)[];
}

/** How to call a model version's endpoint (DESIGN.md "Model endpoints"). */
export interface EndpointSpec {
  protocol: "open-inference-v2" | "http-json";
  /** open-inference-v2: the server's base URL (…/v2/models/{name}/infer is appended); http-json: the URL to POST to. */
  url: string;
  /** open-inference-v2: the model's name on the server (required). */
  modelName?: string;
  /** open-inference-v2: the output tensor holding the positive-class probability (default: the first). */
  outputName?: string;
  /** Rows per request (default 256). */
  batchSize?: number;
  auth?: EndpointAuth;
}

/** The endpoint spec or the feature columns cannot be sent (caught before any call). */
export class EndpointConfigError extends Error {
  override name = "EndpointConfigError";
}

export const DEFAULT_BATCH_SIZE = 256;
export const MAX_BATCH_SIZE = 100_000;

/** A missing value: NaN in a numeric column, null in a string column. */
export function cellValue(column: FeatureColumn, row: number): number | string | null {
  const v = column.values[row];
  if (v === undefined || v === null) return null;
  if (typeof v === "number") return Number.isNaN(v) ? null : v;
  return v;
}
