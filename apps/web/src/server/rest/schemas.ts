import { endpointRegistrationSchema, taskSchema } from "@fieldtest/core";
import { z } from "zod";
import { benchmarkCreateInput } from "../benchmarks/create-benchmark";
import { versionLabelSchema } from "../models/register-version";

/**
 * Request and response bodies of REST /api/v1: the routes validate with these and the OpenAPI
 * document (openapi.ts) is generated from the same objects, so the two cannot disagree.
 */

export const modelNameSchema = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(120, "Name must be at most 120 characters");

export const createModelBody = z
  .strictObject({
    name: modelNameSchema,
    task: taskSchema,
    description: z.string().trim().max(2000).default(""),
  })
  .meta({ id: "CreateModel" });

export const modelResponse = z.object({ id: z.uuid(), name: z.string(), task: taskSchema }).meta({ id: "Model" });

export const createVersionBody = z
  .strictObject({
    version: versionLabelSchema,
    endpoint: endpointRegistrationSchema,
    notes: z.string().trim().max(2000).default(""),
  })
  .meta({ id: "CreateModelVersion" });

export const stageSchema = z.enum(["development", "candidate", "shadow", "approved", "production", "retired"]);

export const versionResponse = z
  .object({ id: z.uuid(), version: z.string(), stage: stageSchema })
  .meta({ id: "ModelVersion" });

export const versionLookupResponse = z
  .object({
    id: z.uuid(),
    version: z.string(),
    stage: stageSchema,
    model: z.object({ id: z.uuid(), name: z.string(), task: taskSchema }),
  })
  .meta({ id: "ModelVersionLookup" });

export const datasetQuery = z
  .object({
    name: z.string().describe("Dataset name (a new version when the name exists)"),
    labelColumn: z.string(),
    idColumn: z.string(),
    timestampColumn: z.string().optional(),
    sliceColumns: z.string().optional().describe("Comma-separated"),
    description: z.string().optional(),
    format: z.enum(["csv", "jsonl", "parquet"]).optional().describe("Overrides Content-Type"),
  })
  .meta({ id: "DatasetUploadQuery" });

export const datasetResponse = z
  .object({
    datasetId: z.uuid(),
    datasetVersionId: z.uuid(),
    sha256: z.string(),
    rowCount: z.number().int(),
    columns: z.array(z.object({ name: z.string(), type: z.string() })),
  })
  .meta({ id: "DatasetVersion" });

export const createBenchmarkBody = benchmarkCreateInput.meta({ id: "CreateBenchmark" });

export const benchmarkResponse = z
  .object({ id: z.uuid(), name: z.string().optional(), version: z.number().int().optional() })
  .meta({ id: "Benchmark" });

export const createEvaluationBody = z
  .strictObject({ kind: z.literal("benchmark"), modelVersionId: z.uuid(), benchmarkId: z.uuid() })
  .meta({ id: "CreateEvaluation" });

export const evaluationCreatedResponse = z.object({ runId: z.uuid() }).meta({ id: "EvaluationCreated" });

export const runStatusSchema = z.enum(["queued", "running", "succeeded", "failed", "cancelled"]);

export const evaluationResponse = z
  .object({
    id: z.uuid(),
    status: runStatusSchema,
    progress: z.number().describe("0 to 1"),
    metrics: z.record(
      z.string(),
      z.object({ value: z.number(), interval: z.tuple([z.number(), z.number()]).nullable() }),
    ),
    error: z.string().optional(),
  })
  .meta({ id: "Evaluation" });

export const evaluationListQuery = z
  .object({
    modelVersionId: z.uuid(),
    benchmarkId: z.uuid(),
    status: runStatusSchema.optional(),
  })
  .meta({ id: "EvaluationListQuery" });

export const evaluationListResponse = z
  .object({
    evaluations: z.array(
      z.object({ id: z.uuid(), status: runStatusSchema, createdAt: z.string(), finishedAt: z.string().nullable() }),
    ),
  })
  .meta({ id: "EvaluationList" });

const gateStatus = z.enum(["pass", "fail", "insufficient_evidence"]);

export const gateResponse = z
  .object({
    runId: z.uuid(),
    status: runStatusSchema,
    /** null while the run has not succeeded. */
    verdict: gateStatus.nullable(),
    ready: z.boolean(),
    task: taskSchema,
    summary: z.string(),
    gates: z.array(
      z.object({
        id: z.string(),
        description: z.string(),
        status: gateStatus,
        observed: z.number().nullable(),
        interval: z.tuple([z.number(), z.number()]).nullable(),
        reason: z.string(),
      }),
    ),
  })
  .meta({ id: "EvaluationGate" });

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
    }),
  })
  .meta({ id: "Error" });
