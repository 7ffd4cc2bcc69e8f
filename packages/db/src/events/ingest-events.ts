import type { Db } from "../client.ts";
import { ensureEventPartitions } from "./event-partitions.ts";

/** One prediction event that passed validation (apps/web/src/server/ingest). */
export interface PredictionEventInput {
  eventId: string;
  modelVersionId: string;
  timestamp: Date;
  features: Record<string, unknown>;
  prediction: unknown;
  latencyMs?: number | undefined;
  /**
   * `JSON.stringify(features)` when the caller already has it (the route serializes the features
   * for its NUL check): then they are not serialized a second time. Must equal it.
   */
  featuresJson?: string | undefined;
}

export type IngestOutcome =
  | { status: "accepted"; reason?: string }
  | { status: "duplicate"; reason: string }
  | { status: "rejected"; reason: string };

const DIFFERENT_TIMESTAMP =
  "this eventId was already received for this model version with another timestamp; the first one is kept";

const keyOf = (e: { eventId: string; modelVersionId: string }) => `${e.eventId}\u0000${e.modelVersionId}`;

/**
 * Stores prediction events of one team, once per (eventId, modelVersionId). Returns one outcome
 * per input, in order. Dedupe: the first committed send of a key wins (prediction_event_key);
 * a resend with the same timestamp is `duplicate`, with another timestamp `rejected` (the event
 * time decides the partition, so it cannot change). Every insert is one statement, so one
 * transaction: when this resolves, every `accepted` event is committed.
 */
export async function ingestPredictionEvents(options: {
  db: Db;
  teamId: string;
  events: readonly PredictionEventInput[];
}): Promise<IngestOutcome[]> {
  const { db, teamId, events } = options;
  const outcomes: (IngestOutcome | undefined)[] = new Array(events.length);
  // Within the batch, the first occurrence of a key goes to the database; later ones are judged against it.
  const first = new Map<string, number>();
  const candidates: number[] = [];
  events.forEach((e, i) => {
    const key = keyOf(e);
    if (!first.has(key)) {
      first.set(key, i);
      candidates.push(i);
    }
  });
  if (candidates.length > 0) {
    // One event time per UTC month is enough for the partition check.
    const months = new Map<number, Date>();
    for (const i of candidates) {
      const t = (events[i] as PredictionEventInput).timestamp;
      months.set(t.getUTCFullYear() * 12 + t.getUTCMonth(), t);
    }
    await ensureEventPartitions(db, months.values());
    // A stable order of keys keeps concurrent batches from locking each other's keys crosswise.
    const ordered = [...candidates].sort((a, b) => {
      const x = events[a] as PredictionEventInput;
      const y = events[b] as PredictionEventInput;
      return x.eventId < y.eventId ? -1 : x.eventId > y.eventId ? 1 : x.modelVersionId < y.modelVersionId ? -1 : 1;
    });
    const decided = await withDeadlockRetry(() =>
      insertBatch(
        db,
        teamId,
        ordered.map((i) => events[i] as PredictionEventInput),
      ),
    );
    ordered.forEach((i, k) => {
      outcomes[i] = decided[k];
    });
  }
  events.forEach((e, i) => {
    if (outcomes[i]) return;
    const winner = events[first.get(keyOf(e)) as number] as PredictionEventInput;
    outcomes[i] =
      winner.timestamp.getTime() === e.timestamp.getTime()
        ? { status: "duplicate", reason: "sent twice in this batch" }
        : { status: "rejected", reason: DIFFERENT_TIMESTAMP };
  });
  return outcomes as IngestOutcome[];
}

/**
 * The rows of a batch as statement parameters. eventIds and version ids travel as JSON arrays of
 * strings (any text is safe there); event times, features, predictions and latencies as
 * newline-separated lists, which JSON text and ISO times never contain: PostgreSQL splits those
 * with string_to_table, cheaper than parsing one JSON document of the whole batch.
 */
function batchParameters(rows: readonly PredictionEventInput[]) {
  const features: string[] = new Array(rows.length);
  const predictions: string[] = new Array(rows.length);
  const times: string[] = new Array(rows.length);
  const latencies: string[] = new Array(rows.length);
  rows.forEach((r, k) => {
    const prediction = JSON.stringify(r.prediction);
    if (prediction === undefined) throw new TypeError(`event ${r.eventId}: prediction is missing`);
    features[k] = r.featuresJson ?? JSON.stringify(r.features);
    predictions[k] = prediction;
    times[k] = r.timestamp.toISOString();
    // A missing (or non-finite) latency is stored as NULL.
    latencies[k] = r.latencyMs !== undefined && Number.isFinite(r.latencyMs) ? String(r.latencyMs) : "";
  });
  return {
    eventIds: JSON.stringify(rows.map((r) => r.eventId)),
    versionIds: JSON.stringify(rows.map((r) => r.modelVersionId)),
    times: times.join("\n"),
    features: features.join("\n"),
    predictions: predictions.join("\n"),
    latencies: latencies.join("\n"),
  };
}

/**
 * One statement (so one transaction, committed when it returns). The fast path assumes every
 * key is new: plain INSERTs into prediction_event_key and prediction_event, no ON CONFLICT (a
 * speculative insertion costs an extra index probe per row). When a key already exists the
 * statement fails with a unique violation, writing nothing, and the batch is stored again with
 * ON CONFLICT DO NOTHING on the keys: only the new ones go into prediction_event, and the rows
 * it skipped are then looked up (a fresh snapshot: ON CONFLICT may have waited for a send
 * committed after the insert's snapshot). The team row is locked FOR KEY SHARE once per batch,
 * which is what the former per-row foreign keys did: a concurrent team deletion waits for this
 * batch, and its trigger then deletes these rows too (migration 20261127014849_ingest_throughput).
 */
async function insertBatch(db: Db, teamId: string, rows: PredictionEventInput[]): Promise<IngestOutcome[]> {
  const p = batchParameters(rows);
  let skipped: number[];
  try {
    skipped = await insertAllNew(db, teamId, p);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    skipped = await insertNewOnly(db, teamId, p);
  }
  if (skipped.includes(-1)) throw new Error(`team ${teamId} does not exist (deleted?): no event was stored`);
  if (skipped.length === 0) return rows.map((): IngestOutcome => ({ status: "accepted" }));
  const old = skipped.map((n) => rows[n - 1] as PredictionEventInput);
  const existing = new Map<string, number>();
  const found = await db.$queryRaw<{ eventId: string; modelVersionId: string; timestamp: Date }[]>`
    SELECT k."eventId", k."modelVersionId"::text AS "modelVersionId", k."timestamp"
    FROM prediction_event_key k
    JOIN unnest(${old.map((r) => r.eventId)}::text[], ${old.map((r) => r.modelVersionId)}::text[]) AS q(e, v)
      ON k."eventId" = q.e AND k."modelVersionId" = q.v::uuid
    WHERE k."teamId" = ${teamId}::uuid`;
  for (const f of found) existing.set(keyOf(f), f.timestamp.getTime());
  const isOld = new Set(skipped);
  return rows.map((r, k): IngestOutcome => {
    if (!isOld.has(k + 1)) return { status: "accepted" };
    const was = existing.get(keyOf(r));
    if (was === r.timestamp.getTime()) return { status: "duplicate", reason: "already received" };
    return { status: "rejected", reason: DIFFERENT_TIMESTAMP };
  });
}

type BatchParameters = ReturnType<typeof batchParameters>;

/** Inserts every row (all keys new); [-1] when the team does not exist; throws 23505 when a key exists. */
async function insertAllNew(db: Db, teamId: string, p: BatchParameters): Promise<number[]> {
  const result = await db.$queryRaw<{ n: bigint }[]>`
    WITH r AS MATERIALIZED (
      SELECT r.e, r.v::uuid AS v, r.t::timestamptz AS t, r.f::jsonb AS f, r.p::jsonb AS p,
        NULLIF(r.l, '')::float8 AS l, r.n
      FROM ROWS FROM (
        jsonb_array_elements_text(${p.eventIds}::jsonb), jsonb_array_elements_text(${p.versionIds}::jsonb),
        string_to_table(${p.times}::text, chr(10)), string_to_table(${p.features}::text, chr(10)),
        string_to_table(${p.predictions}::text, chr(10)), string_to_table(${p.latencies}::text, chr(10))
      ) WITH ORDINALITY AS r(e, v, t, f, p, l, n)
    ), owner AS (
      SELECT id FROM team WHERE id = ${teamId}::uuid FOR KEY SHARE
    ), k AS (
      INSERT INTO prediction_event_key ("teamId", "eventId", "modelVersionId", "timestamp")
      SELECT owner.id, r.e, r.v, r.t FROM r CROSS JOIN owner
      ORDER BY r.n
    ), ev AS (
      INSERT INTO prediction_event ("teamId", "eventId", "modelVersionId", "timestamp", "features", "prediction", "latencyMs")
      SELECT owner.id, r.e, r.v, r.t, r.f, r.p, r.l FROM r CROSS JOIN owner
    )
    SELECT -1::bigint AS n WHERE NOT EXISTS (SELECT 1 FROM owner)`;
  return result.map((r) => Number(r.n));
}

/** Inserts the rows whose key is new; returns the 1-based positions of the others ([-1]: no such team). */
async function insertNewOnly(db: Db, teamId: string, p: BatchParameters): Promise<number[]> {
  const result = await db.$queryRaw<{ n: bigint }[]>`
    WITH r AS MATERIALIZED (
      SELECT r.e, r.v::uuid AS v, r.t::timestamptz AS t, r.f::jsonb AS f, r.p::jsonb AS p,
        NULLIF(r.l, '')::float8 AS l, r.n
      FROM ROWS FROM (
        jsonb_array_elements_text(${p.eventIds}::jsonb), jsonb_array_elements_text(${p.versionIds}::jsonb),
        string_to_table(${p.times}::text, chr(10)), string_to_table(${p.features}::text, chr(10)),
        string_to_table(${p.predictions}::text, chr(10)), string_to_table(${p.latencies}::text, chr(10))
      ) WITH ORDINALITY AS r(e, v, t, f, p, l, n)
    ), owner AS (
      SELECT id FROM team WHERE id = ${teamId}::uuid FOR KEY SHARE
    ), k AS (
      INSERT INTO prediction_event_key ("teamId", "eventId", "modelVersionId", "timestamp")
      SELECT owner.id, r.e, r.v, r.t FROM r CROSS JOIN owner
      ORDER BY r.n
      ON CONFLICT DO NOTHING
      RETURNING "eventId", "modelVersionId"
    ), ev AS (
      INSERT INTO prediction_event ("teamId", "eventId", "modelVersionId", "timestamp", "features", "prediction", "latencyMs")
      SELECT owner.id, r.e, r.v, r.t, r.f, r.p, r.l
      FROM r JOIN k ON k."eventId" = r.e AND k."modelVersionId" = r.v CROSS JOIN owner
      ON CONFLICT DO NOTHING
    )
    SELECT -1::bigint AS n WHERE NOT EXISTS (SELECT 1 FROM owner)
    UNION ALL
    SELECT r.n FROM r WHERE NOT EXISTS (SELECT 1 FROM k WHERE k."eventId" = r.e AND k."modelVersionId" = r.v)`;
  return result.map((r) => Number(r.n));
}

/** Whether Postgres refused a statement with a unique violation (23505), which wrote nothing. */
function isUniqueViolation(err: unknown): boolean {
  const cause = (err as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } })?.meta
    ?.driverAdapterError?.cause;
  if (cause?.originalCode === "23505") return true;
  return /\b23505\b/.test(String((err as { message?: unknown })?.message ?? ""));
}

/** Retries a transaction that Postgres aborted as a deadlock victim or a serialization failure. */
export async function withDeadlockRetry<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      const text = String((err as { message?: unknown })?.message ?? err);
      const retryable = /40P01|40001|deadlock detected|could not serialize/i.test(text);
      if (!retryable || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 10 * attempt));
    }
  }
}
