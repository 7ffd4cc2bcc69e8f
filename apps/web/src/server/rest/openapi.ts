import { z } from "zod";
import { eraseResponse, eventsRequestDoc, ingestResponse, labelsRequestDoc } from "../ingest/ingest-schemas";
import { readinessResponse } from "../readiness/readiness-schemas";
import { createShadowBody, shadowCreatedResponse, shadowEvaluationResponse } from "../shadow/shadow-schemas";
import {
  benchmarkResponse,
  createBenchmarkBody,
  createEvaluationBody,
  createModelBody,
  createVersionBody,
  datasetQuery,
  datasetResponse,
  errorResponseSchema,
  evaluationCreatedResponse,
  evaluationListQuery,
  evaluationListResponse,
  evaluationResponse,
  gateResponse,
  modelResponse,
  versionLookupResponse,
  versionResponse,
} from "./schemas";

/**
 * The OpenAPI 3.1 document of REST /api/v1, generated from the zod schemas the routes validate
 * with (z.toJSONSchema; request bodies as their input type, responses as their output type).
 */

type Schema = z.ZodType;
type Scope = "ingest" | "evaluate" | "read";

interface Operation {
  method: "get" | "post" | "delete";
  path: string;
  summary: string;
  scope: Scope;
  body?: Schema;
  rawBody?: true;
  query?: z.ZodObject;
  pathParams?: string[];
  responses: Record<number, { description: string; schema: Schema; contentType?: string }>;
}

const OPERATIONS: Operation[] = [
  {
    method: "post",
    path: "/api/v1/models",
    summary: "Register a model",
    scope: "evaluate",
    body: createModelBody,
    responses: { 201: { description: "Created", schema: modelResponse } },
  },
  {
    method: "post",
    path: "/api/v1/models/{id}/versions",
    summary: "Register a model version with its endpoint",
    scope: "evaluate",
    pathParams: ["id"],
    body: createVersionBody,
    responses: { 201: { description: "Created", schema: versionResponse } },
  },
  {
    method: "get",
    path: "/api/v1/model-versions",
    summary: "Find a version by model name and version label (model@label)",
    scope: "read",
    query: z.object({ model: z.string(), version: z.string() }),
    responses: { 200: { description: "The version", schema: versionLookupResponse } },
  },
  {
    method: "post",
    path: "/api/v1/datasets",
    summary: "Upload a dataset version (raw CSV, JSON Lines or Parquet body, streamed)",
    scope: "ingest",
    query: datasetQuery,
    rawBody: true,
    responses: {
      200: { description: "Identical content: the existing version", schema: datasetResponse },
      201: { description: "A new version", schema: datasetResponse },
    },
  },
  {
    method: "post",
    path: "/api/v1/benchmarks",
    summary: "Define a benchmark (a used name gets the next version)",
    scope: "evaluate",
    body: createBenchmarkBody,
    responses: { 201: { description: "Created", schema: benchmarkResponse } },
  },
  {
    method: "get",
    path: "/api/v1/benchmarks",
    summary: "The latest version of a benchmark by name",
    scope: "read",
    query: z.object({ name: z.string() }),
    responses: { 200: { description: "The benchmark", schema: benchmarkResponse } },
  },
  {
    method: "post",
    path: "/api/v1/evaluations",
    summary: "Run a benchmark for a model version",
    scope: "evaluate",
    body: createEvaluationBody,
    responses: { 202: { description: "Queued", schema: evaluationCreatedResponse } },
  },
  {
    method: "get",
    path: "/api/v1/evaluations",
    summary: "Runs of a version on a benchmark, newest first",
    scope: "read",
    query: evaluationListQuery,
    responses: { 200: { description: "Runs", schema: evaluationListResponse } },
  },
  {
    method: "get",
    path: "/api/v1/evaluations/{id}",
    summary: "Status, progress and metrics of a run",
    scope: "read",
    pathParams: ["id"],
    responses: { 200: { description: "The run", schema: evaluationResponse } },
  },
  {
    method: "get",
    path: "/api/v1/evaluations/{id}/gate",
    summary: "The run judged against the readiness policy of its task",
    scope: "read",
    pathParams: ["id"],
    responses: { 200: { description: "Gate results", schema: gateResponse } },
  },
  {
    method: "get",
    path: "/api/v1/model-versions/{id}/readiness",
    summary:
      "A version's readiness: its policy's gates against the latest benchmark and shadow evidence (an immutable report, new only when the evidence changed), with the history of reports",
    scope: "read",
    pathParams: ["id"],
    responses: { 200: { description: "The latest readiness report", schema: readinessResponse } },
  },
  {
    method: "post",
    path: "/api/v1/shadow-evaluations",
    summary:
      "Start a shadow evaluation: the challengers are scored on the champion's events in [from, to); without `to` it is continuous (rescored every rescoreSeconds until stopped), with `to` in the past it replays stored traffic",
    scope: "evaluate",
    body: createShadowBody,
    responses: { 202: { description: "Created; its first scoring is queued", schema: shadowCreatedResponse } },
  },
  {
    method: "get",
    path: "/api/v1/shadow-evaluations/{id}",
    summary:
      "A shadow evaluation with its latest snapshot: counts, metrics with anytime-valid intervals, difference, latency, gap",
    scope: "read",
    pathParams: ["id"],
    responses: { 200: { description: "The evaluation", schema: shadowEvaluationResponse } },
  },
  {
    method: "get",
    path: "/api/v1/shadow-evaluations/{id}/rows",
    summary:
      "The latest snapshot's matched, labelled rows as CSV: event_id, event_time, label, then champion, challenger_1, … (multiclass: one column per class)",
    scope: "read",
    pathParams: ["id"],
    responses: { 200: { description: "CSV", schema: z.string(), contentType: "text/csv" } },
  },
  {
    method: "post",
    path: "/api/v1/shadow-evaluations/{id}/stop",
    summary: "Stop a continuous shadow evaluation: its window ends now and one last snapshot is scored",
    scope: "evaluate",
    pathParams: ["id"],
    responses: { 202: { description: "Stopping", schema: shadowCreatedResponse } },
  },
  {
    method: "post",
    path: "/api/v1/events",
    summary:
      "Ingest prediction events (≤ 5,000 per request, ≤ 5 MB); per-key rate limit (429 with Retry-After). A resend of (eventId, modelVersionId) is a duplicate; with another timestamp, rejected",
    scope: "ingest",
    body: eventsRequestDoc,
    responses: {
      200: { description: "Every event accepted or duplicate (committed)", schema: ingestResponse },
      207: { description: "Some events rejected (see reason); the others committed", schema: ingestResponse },
    },
  },
  {
    method: "post",
    path: "/api/v1/labels",
    summary:
      "Ingest labels (≤ 5,000 per request, ≤ 5 MB); may precede their event. Current label: latest by timestamp, then by arrival",
    scope: "ingest",
    body: labelsRequestDoc,
    responses: {
      200: { description: "Every label accepted or duplicate (committed)", schema: ingestResponse },
      207: { description: "Some labels rejected (see reason); the others committed", schema: ingestResponse },
    },
  },
  {
    method: "delete",
    path: "/api/v1/events/{id}",
    summary: "Erase an event: its predictions for every version and its labels",
    scope: "ingest",
    pathParams: ["id"],
    responses: { 200: { description: "What was erased", schema: eraseResponse } },
  },
];

const ERRORS: Record<number, string> = {
  400: "Bad input (error.field names it); nothing was stored",
  401: "Missing, unknown or revoked API key",
  403: "The key lacks the scope",
  404: "Not found in the key's team",
};

function jsonSchema(schema: Schema, io: "input" | "output") {
  return z.toJSONSchema(schema, { io, unrepresentable: "any", reused: "inline" });
}

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const parameters: unknown[] = [
      ...(op.pathParams ?? []).map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
      ...Object.entries(op.query?.shape ?? {}).map(([name, field]) => ({
        name,
        in: "query",
        required: !(field as Schema).safeParse(undefined).success,
        schema: jsonSchema(field as Schema, "input"),
      })),
    ];
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      responses[status] = {
        description: r.description,
        content: { [r.contentType ?? "application/json"]: { schema: jsonSchema(r.schema, "output") } },
      };
    }
    for (const [status, description] of Object.entries(ERRORS)) {
      responses[status] = {
        description,
        content: { "application/json": { schema: jsonSchema(errorResponseSchema, "output") } },
      };
    }
    const requestBody = op.rawBody
      ? {
          required: true,
          content: Object.fromEntries(
            ["text/csv", "application/x-ndjson", "application/vnd.apache.parquet"].map((type) => [
              type,
              { schema: { type: "string", format: "binary" } },
            ]),
          ),
        }
      : op.body
        ? { required: true, content: { "application/json": { schema: jsonSchema(op.body, "input") } } }
        : undefined;
    const path = paths[op.path] ?? {};
    paths[op.path] = path;
    path[op.method] = {
      summary: op.summary,
      description: `Scope: ${op.scope}.`,
      security: [{ bearer: [] }],
      "x-fieldtest-scope": op.scope,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Fieldtest REST API",
      version: "1",
      description:
        'For machines: team-scoped API keys (`Authorization: Bearer ft_…`) with scopes ingest, evaluate, read. Errors: {"error": {"code", "message", "field"?}}.',
    },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A Fieldtest API key" } } },
    security: [{ bearer: [] }],
    paths,
  };
}

/** Every route the document lists, as "METHOD /path" (tests check the route files against it). */
export const OPENAPI_ROUTES = OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path}`);
