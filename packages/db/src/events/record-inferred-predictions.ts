import type { Db } from "../client.ts";
import { ensureEventPartitions } from "./event-partitions.ts";
import { withDeadlockRetry } from "./ingest-events.ts";

/** One challenger prediction made by shadow inference for one champion event. */
export interface InferredPrediction {
  eventId: string;
  /** The challenger version that was called. */
  modelVersionId: string;
  /** The champion event's time (the partition key), so both rows of the event share it. */
  timestamp: Date;
  features: Record<string, unknown>;
  /** The challenger's answer; null when there is none (`error` says why). */
  prediction: unknown | null;
  latencyMs: number | null;
  /** "timeout" or the endpoint's error when there is no prediction; null otherwise. */
  error: string | null;
}

/**
 * Stores predictions the worker inferred for a shadow evaluation's challenger, once per
 * (eventId, modelVersionId) like ingestPredictionEvents: the key row decides, and the event row
 * (with `inferredById` and `error`) is written in the same statement, so a job that runs twice,
 * or races a client sending the same challenger prediction, stores each key once. Returns how
 * many rows were new.
 */
export async function recordInferredPredictions(options: {
  db: Db;
  teamId: string;
  shadowEvaluationId: string;
  rows: readonly InferredPrediction[];
}): Promise<number> {
  const { db, teamId, shadowEvaluationId } = options;
  const unique = new Map<string, InferredPrediction>();
  for (const row of options.rows) {
    const key = `${row.eventId}\u0000${row.modelVersionId}`;
    if (!unique.has(key)) unique.set(key, row);
  }
  if (unique.size === 0) return 0;
  // A stable order of keys keeps concurrent batches from locking each other's keys crosswise.
  const rows = [...unique.values()].sort((x, y) =>
    x.eventId < y.eventId ? -1 : x.eventId > y.eventId ? 1 : x.modelVersionId < y.modelVersionId ? -1 : 1,
  );
  await ensureEventPartitions(
    db,
    rows.map((r) => r.timestamp),
  );
  const payload = JSON.stringify(
    rows.map((r, n) => ({
      n,
      e: r.eventId,
      v: r.modelVersionId,
      t: r.timestamp.toISOString(),
      f: r.features,
      p: r.prediction ?? null,
      l: r.latencyMs !== null && Number.isFinite(r.latencyMs) ? r.latencyMs : null,
      x: r.error,
    })),
  );
  // jsonb_to_recordset reads a JSON null as SQL NULL; the prediction column holds JSON null then.
  const inserted = await withDeadlockRetry(
    () => db.$queryRaw<{ n: bigint }[]>`
      WITH r AS MATERIALIZED (
        SELECT * FROM jsonb_to_recordset(${payload}::jsonb)
          AS r(n int, e text, v uuid, t timestamptz, f jsonb, p jsonb, l float8, x text)
      ), owner AS (
        -- As ingestion does (no per-row foreign key to team): a concurrent team deletion waits, then deletes these rows too.
        SELECT id FROM team WHERE id = ${teamId}::uuid FOR KEY SHARE
      ), k AS (
        INSERT INTO prediction_event_key ("teamId", "eventId", "modelVersionId", "timestamp")
        SELECT owner.id, r.e, r.v, r.t FROM r CROSS JOIN owner
        ORDER BY r.n
        ON CONFLICT DO NOTHING
        RETURNING "eventId", "modelVersionId"
      ), ev AS (
        INSERT INTO prediction_event
          ("teamId", "eventId", "modelVersionId", "timestamp", "features", "prediction", "latencyMs", "error", "inferredById")
        SELECT ${teamId}::uuid, r.e, r.v, r.t, r.f, COALESCE(r.p, 'null'::jsonb), r.l, r.x, ${shadowEvaluationId}::uuid
        FROM r JOIN k ON k."eventId" = r.e AND k."modelVersionId" = r.v
        ON CONFLICT DO NOTHING
      )
      SELECT count(*) AS n FROM k`,
  );
  return Number(inserted[0]?.n ?? 0);
}
