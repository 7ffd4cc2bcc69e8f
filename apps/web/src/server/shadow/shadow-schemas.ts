import { MAX_CHALLENGERS, MAX_RESCORE_SECONDS, MIN_RESCORE_SECONDS } from "@fieldtest/db";
import { z } from "zod";

/** An instant with its zone ("2026-11-27T10:00:00Z" or "+01:00"), as the events' timestamps. */
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** POST /api/v1/shadow-evaluations and shadow.create. */
export const createShadowBody = z
  .strictObject({
    championVersionId: z.uuid(),
    challengerVersionIds: z.array(z.uuid()).min(1).max(MAX_CHALLENGERS),
    from: instant.optional(),
    to: instant.optional(),
    benchmarkId: z.uuid().optional(),
    rescoreSeconds: z.int().min(MIN_RESCORE_SECONDS).max(MAX_RESCORE_SECONDS).optional(),
  })
  .meta({ id: "CreateShadowEvaluation" });

export const shadowCreatedResponse = z.object({ id: z.uuid() }).meta({ id: "ShadowEvaluationCreated" });

const interval = z.tuple([z.number(), z.number()]).nullable();

/** GET /api/v1/shadow-evaluations/{id} (documented shape; see shadow-view.ts). */
export const shadowEvaluationResponse = z
  .object({
    id: z.uuid(),
    status: z.enum(["queued", "running", "succeeded", "failed"]),
    continuous: z.boolean(),
    window: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
    progress: z.number(),
    error: z.string().optional(),
    snapshot: z.object({ sequence: z.int(), scoredAt: z.string() }).nullable(),
    counts: z.object({ events: z.int(), labelled: z.int(), matched: z.int(), labelledEvents: z.int() }),
    live: z.object({ events: z.int(), labelled: z.int() }),
    versions: z.array(
      z.object({
        modelVersionId: z.uuid(),
        role: z.enum(["champion", "challenger"]),
        metrics: z.record(z.string(), z.number().nullable()),
        intervals: z.record(z.string(), interval),
      }),
    ),
    difference: z.array(
      z.object({
        challengerVersionId: z.uuid(),
        metric: z.string(),
        challengerMinusChampion: z.number().nullable(),
        interval,
        decision: z.enum(["challenger_better", "champion_better", "undecided"]).nullable(),
      }),
    ),
    latency: z.array(
      z.object({
        modelVersionId: z.uuid(),
        p50: z.number().nullable(),
        p95: z.number().nullable(),
        p99: z.number().nullable(),
        errorRate: z.number().nullable(),
        timeoutRate: z.number().nullable(),
      }),
    ),
    gap: z.array(
      z.object({
        modelVersionId: z.uuid(),
        metric: z.string(),
        benchmark: z.number().nullable(),
        shadow: z.number().nullable(),
        gap: z.number().nullable(),
        interval,
      }),
    ),
    predictionShift: z.array(
      z.object({
        comparison: z.string(),
        modelVersionId: z.uuid(),
        against: z.enum(["benchmark", "champion"]),
        ks: z.number().nullable(),
        pValue: z.number().nullable(),
        psi: z.number().nullable(),
        reason: z.string().nullable(),
      }),
    ),
    warnings: z.array(z.object({ code: z.string(), message: z.string() })),
  })
  .meta({ id: "ShadowEvaluation" });
