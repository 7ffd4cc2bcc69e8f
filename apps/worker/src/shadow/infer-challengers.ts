import { type BlobStorage, type Db, type InferredPrediction, recordInferredPredictions } from "@fieldtest/db";
import {
  EndpointConfigError,
  OutboundAborted,
  OutboundError,
  OutboundHttpError,
  OutboundRefused,
  OutboundTimeout,
} from "@fieldtest/outbound";
import type { Log } from "../log.ts";
import type { OutboundClient } from "../runs/scorers.ts";
import { challengerModelOf } from "./infer-challenger-model.ts";
import { countPendingEvents, loadPendingEvents, type PendingEvent, type PendingScope } from "./infer-pending-events.ts";

export const DEFAULT_MAX_EVENTS = 20_000;
/** Longest error text stored on an event row. */
const MAX_ERROR_LENGTH = 500;

export interface InferChallengerInput {
  db: Db;
  /** Not read yet: trained builtin models live in RunResult rows. Kept so callers pass the worker's storage. */
  storage: BlobStorage;
  outbound: () => OutboundClient;
  log: Log;
  shadowEvaluationId: string;
  teamId: string;
  championVersionId: string;
  challengerVersionId: string;
  /** The evaluation's benchmark (a builtin challenger answers with the model its run there trained). */
  benchmarkId?: string | null;
  /** Champion events with timestamp in [from, to). */
  window: { from: Date | null; to: Date };
  /** Only champion events received (receivedAt) at or before this. */
  receivedBy: Date;
  /** Events this call may infer (default 20,000); the rest stay pending for the next call. */
  maxEvents?: number;
  /** Events handled so far of those pending at the start; awaited, and may throw to stop. */
  onProgress?: (done: number, total: number) => Promise<void>;
}

export interface InferChallengerResult {
  status: "inferred" | "not_needed";
  /** Events stored with the challenger's prediction. */
  inferred: number;
  /** Events stored without one (`error` = "timeout" or the endpoint's error). */
  failed: number;
  /** Events still pending after this call. */
  remaining: number;
  reason?: string;
}

/**
 * Shadow inference: the challenger's prediction for every champion event of the window that has
 * none yet (the client did not send one, and no earlier call stored one). Events go in
 * (timestamp, eventId) order, in batches of the endpoint's batch size, several batches at once up
 * to the outbound client's concurrency; each batch is stored as soon as it returns, so a worker
 * stopped midway keeps what it stored and the next call goes on with what is still pending.
 *
 * A batch the endpoint fails (after the client's retries: timeout, 5xx, malformed answer) is
 * stored with prediction null and its error — it counts toward the version's error rate and is
 * not called again. A wrong configuration throws instead, since every event would fail the same
 * way: EndpointConfigError, a destination the policy refuses, HTTP 401/403 (a bad secret), and a
 * builtin challenger without a trained model.
 */
export async function inferChallengerPredictions(input: InferChallengerInput): Promise<InferChallengerResult> {
  const { db, log, teamId, shadowEvaluationId, challengerVersionId } = input;
  const model = await challengerModelOf({
    db,
    teamId,
    challengerVersionId,
    outbound: input.outbound,
    benchmarkId: input.benchmarkId ?? null,
  });
  if (model.kind === "not_needed") {
    return { status: "not_needed", inferred: 0, failed: 0, remaining: 0, reason: model.reason };
  }
  const scope: PendingScope = {
    teamId,
    championVersionId: input.championVersionId,
    challengerVersionId,
    window: input.window,
    receivedBy: input.receivedBy,
  };
  const total = await countPendingEvents(db, scope);
  const budget = Math.min(total, Math.max(0, input.maxEvents ?? DEFAULT_MAX_EVENTS));
  const pageSize = model.batchSize * model.concurrency;
  let done = 0;
  let inferred = 0;
  let failed = 0;
  let exhausted = false;
  let after: { timestamp: Date; eventId: string } | null = null;
  let progress: Promise<void> = Promise.resolve();

  const runBatch = async (events: PendingEvent[]) => {
    const records = events.map((e) => e.features);
    let outcome: { scores: Float64Array; latencyMs: number | null } | { error: string };
    try {
      outcome = await model.predict(records);
    } catch (err) {
      const error = batchError(err);
      if (error === null) throw err;
      log("shadow.inference.batch-error", {
        level: "warn",
        shadowEvaluationId,
        challengerVersionId,
        events: events.length,
        error,
      });
      outcome = { error };
    }
    const rows = events.map((e, i): InferredPrediction => {
      const base = {
        eventId: e.eventId,
        modelVersionId: challengerVersionId,
        timestamp: e.timestamp,
        features: e.features,
      };
      return "error" in outcome
        ? { ...base, prediction: null, latencyMs: null, error: outcome.error }
        : { ...base, prediction: outcome.scores[i] as number, latencyMs: outcome.latencyMs, error: null };
    });
    const stored = await recordInferredPredictions({ db, teamId, shadowEvaluationId, rows });
    if ("error" in outcome) failed += stored;
    else inferred += stored;
    done += events.length;
    const { onProgress } = input;
    if (onProgress) {
      const reported = done;
      progress = progress.then(() => onProgress(reported, total));
      await progress;
    }
  };

  while (done < budget) {
    const limit = Math.min(budget - done, pageSize);
    const page = await loadPendingEvents(db, scope, { limit, after });
    if (page.length < limit) exhausted = true;
    const last = page[page.length - 1];
    if (!last) break;
    after = { timestamp: last.timestamp, eventId: last.eventId };
    const batches: PendingEvent[][] = [];
    for (let at = 0; at < page.length; at += model.batchSize) batches.push(page.slice(at, at + model.batchSize));
    // Every batch of the page settles (and stores its rows) before a failure is thrown.
    const settled = await Promise.allSettled(batches.map(runBatch));
    const rejected = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (rejected) throw rejected.reason;
    if (exhausted) break;
  }
  const remaining = exhausted ? 0 : Math.max(0, total - done);
  log("shadow.inference.done", { shadowEvaluationId, challengerVersionId, inferred, failed, remaining });
  return { status: "inferred", inferred, failed, remaining };
}

/**
 * The error stored on the events of a failed batch, or null when the failure is not the
 * endpoint's answer to this batch but a configuration every batch would trip on (thrown).
 */
function batchError(err: unknown): string | null {
  if (err instanceof EndpointConfigError || err instanceof OutboundRefused || err instanceof OutboundAborted) {
    return null;
  }
  if (err instanceof OutboundHttpError && (err.status === 401 || err.status === 403)) return null;
  if (err instanceof OutboundTimeout) return "timeout";
  if (err instanceof OutboundError) return err.message.slice(0, MAX_ERROR_LENGTH);
  return null;
}
