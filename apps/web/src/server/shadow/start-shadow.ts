import "server-only";
import { createShadowEvaluation, getDb, stopShadowEvaluation } from "@fieldtest/db";
import { enqueue } from "@fieldtest/jobs";
import type { z } from "zod";
import { errorFields, logEvent } from "../observability/log";
import type { createShadowBody } from "./shadow-schemas";

/**
 * Adds the job of a shadow evaluation's next scoring. A Redis failure is logged, not thrown: the
 * row is in Postgres and the worker's sweeper enqueues every due scoring.
 */
export async function enqueueShadowScoring(shadowEvaluationId: string, snapshot: number): Promise<void> {
  try {
    await enqueue("shadowEvaluation", { shadowEvaluationId, snapshot }, { timeoutMs: 5_000 });
  } catch (err) {
    logEvent("warn", "shadow.enqueue-failed", {
      shadowEvaluationId,
      note: "the evaluation stays as it is; the worker's sweeper enqueues its scoring",
      ...errorFields(err),
    });
  }
}

/**
 * Creates a shadow evaluation in `teamId` from a validated request body (REST and the UI take the
 * same one), the row first, and enqueues its first scoring.
 */
export async function startShadowEvaluation(input: {
  teamId: string;
  body: z.output<typeof createShadowBody>;
  userId: string | null;
  apiKeyId?: string;
}) {
  const { body } = input;
  const evaluation = await createShadowEvaluation({
    db: getDb(),
    teamId: input.teamId,
    championVersionId: body.championVersionId,
    challengerVersionIds: body.challengerVersionIds,
    from: body.from ?? null,
    to: body.to ?? null,
    benchmarkId: body.benchmarkId ?? null,
    ...(body.rescoreSeconds !== undefined ? { rescoreSeconds: body.rescoreSeconds } : {}),
    userId: input.userId,
    ...(input.apiKeyId ? { apiKeyId: input.apiKeyId } : {}),
  });
  await enqueueShadowScoring(evaluation.id, 1);
  return evaluation;
}

/** Ends a continuous shadow evaluation's window now and enqueues its last scoring. */
export async function stopShadow(input: { teamId: string; id: string }) {
  const stopped = await stopShadowEvaluation({ db: getDb(), ...input });
  await enqueueShadowScoring(stopped.id, stopped.snapshotCount + 1);
  return stopped;
}
