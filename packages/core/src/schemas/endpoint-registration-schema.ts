import { z } from "zod";
import { gradientBoostingParamsSchema, logisticRegressionParamsSchema } from "../models/builtin-model-spec.ts";
import { strictObject } from "./strict-object.ts";

/** Largest batch of rows one endpoint call may carry. */
export const MAX_ENDPOINT_BATCH_SIZE = 10_000;

const NO_CREDENTIALS_IN_URL = "Put no credentials in the URL; give the secret as the endpoint's auth header instead";

// Query parameter names (compared lower-case) that usually carry a secret.
const CREDENTIAL_QUERY_KEYS = new Set([
  "key",
  "api_key",
  "apikey",
  "api-key",
  "token",
  "access_token",
  "secret",
  "password",
  "pwd",
  "code",
  "sig",
  "signature",
  "auth",
]);

function hasCredentialQueryParameter(url: URL): boolean {
  for (const name of url.searchParams.keys()) if (CREDENTIAL_QUERY_KEYS.has(name.toLowerCase())) return true;
  return false;
}

/**
 * Headers the HTTP client sets itself or that change how a message is framed or routed: never the
 * header that carries an endpoint's secret (compared lower-case; @fieldtest/outbound uses this list).
 */
export const RESERVED_AUTH_HEADERS: ReadonlySet<string> = new Set([
  "host",
  "content-length",
  "content-type",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "expect",
  "proxy-authorization",
]);

/** Any C0 control character except tab, or DEL (they would let a secret inject headers). */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}

/**
 * An endpoint's base URL: http(s) only, no credentials inside it (DESIGN.md: secrets are stored
 * encrypted instead). Whether the destination may be called is the outbound policy's decision,
 * checked when the version is registered and again at connect time.
 */
const endpointUrl = z
  .string()
  .trim()
  .min(1, "URL is required")
  .max(2048, "URL must be at most 2,048 characters")
  .refine((value) => URL.canParse(value), "URL must be an absolute http:// or https:// URL")
  .refine((value) => !URL.canParse(value) || ["http:", "https:"].includes(new URL(value).protocol), {
    message: "URL must start with http:// or https://",
  })
  .refine((value) => !URL.canParse(value) || (new URL(value).username === "" && new URL(value).password === ""), {
    message: NO_CREDENTIALS_IN_URL,
  })
  .refine((value) => !URL.canParse(value) || !hasCredentialQueryParameter(new URL(value)), {
    message: NO_CREDENTIALS_IN_URL,
  });

const batchSize = z
  .int({ error: "batchSize must be a whole number" })
  .min(1, `batchSize must be between 1 and ${MAX_ENDPOINT_BATCH_SIZE}`)
  .max(MAX_ENDPOINT_BATCH_SIZE, `batchSize must be between 1 and ${MAX_ENDPOINT_BATCH_SIZE}`)
  .optional();

/** One header whose value is the secret (`authorization: Bearer …`, `x-api-key: …`); write-only. */
export const endpointAuthSchema = strictObject(
  {
    header: z
      .string()
      .trim()
      .min(1, "Header is required")
      .max(100)
      .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Header must be an HTTP header name, e.g. authorization")
      .refine((header) => !RESERVED_AUTH_HEADERS.has(header.toLowerCase()), {
        message: "Header is set by Fieldtest itself; use another header for the secret, e.g. authorization",
      }),
    secret: z
      .string()
      .min(1, "Secret is required")
      .max(4096, "Secret must be at most 4,096 characters")
      .refine((secret) => !hasControlCharacter(secret), {
        message: "Secret must not contain line breaks or control characters",
      }),
  },
  "endpoint auth",
);

/** A builtin baseline: which algorithm Fieldtest trains, with its params (core's builtin model spec). */
const builtinRegistrationSchema = z.discriminatedUnion(
  "algorithm",
  [
    strictObject(
      {
        protocol: z.literal("builtin"),
        algorithm: z.literal("logistic_regression"),
        params: logisticRegressionParamsSchema.optional(),
      },
      "endpoint",
    ),
    strictObject(
      {
        protocol: z.literal("builtin"),
        algorithm: z.literal("gradient_boosting"),
        params: gradientBoostingParamsSchema.optional(),
      },
      "endpoint",
    ),
  ],
  { error: "algorithm must be logistic_regression or gradient_boosting" },
);

/**
 * How a new model version is reached, as the UI and the REST API register it (DESIGN.md
 * "Model endpoints"): `offline` (predictions uploaded), `builtin` (a baseline Fieldtest trains on
 * a benchmark's train split), or a remote `open-inference-v2` / `http-json` endpoint.
 */
export const endpointRegistrationSchema = z.discriminatedUnion(
  "protocol",
  [
    strictObject({ protocol: z.literal("offline") }, "endpoint"),
    builtinRegistrationSchema,
    strictObject(
      {
        protocol: z.literal("open-inference-v2"),
        url: endpointUrl,
        modelName: z
          .string()
          .trim()
          .min(1, "Model name is required (the name in /v2/models/{name}/infer)")
          .max(200)
          .regex(/^[\w.-]+$/, "Model name may hold letters, digits, '.', '_' and '-'"),
        outputName: z.string().trim().min(1).max(200).optional(),
        batchSize,
        auth: endpointAuthSchema.optional(),
      },
      "endpoint",
    ),
    strictObject(
      { protocol: z.literal("http-json"), url: endpointUrl, batchSize, auth: endpointAuthSchema.optional() },
      "endpoint",
    ),
  ],
  { error: "protocol must be one of open-inference-v2, http-json, builtin, offline" },
);

export type EndpointRegistration = z.output<typeof endpointRegistrationSchema>;
