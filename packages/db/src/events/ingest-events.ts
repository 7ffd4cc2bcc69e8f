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
}

export type IngestOutcome =
  | { status: "accepted"; reason?: string }
  | { status: "duplicate"; reason: string }
  | { status: "rejected"; reason: string };

const DIFFERENT_TIMESTAMP =
  "this eventId was already received for this model version with another timestamp; the first one is kept";

/**
 * Stores prediction events of one team, once per (eventId, modelVersionId). Returns one outcome
 * per input, in order. Dedupe: the first committed send of a key wins (prediction_event_key);
 * a resend with the same timestamp is `duplicate`, with another timestamp `rejected` (the event
 * time decides the partition, so it cannot change). Everything runs in one transaction: when
 * this resolves, every `accepted` event is committed.
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
    const key = `${e.eventId}\u0000${e.modelVersionId}`;
    const at = first.get(key);
    if (at === undefined) {
      first.set(key, i);
      candidates.push(i);
    }
  });
  if (candidates.length > 0) {
    await ensureEventPartitions(
      db,
      candidates.map((i) => (events[i] as PredictionEventInput).timestamp),
    );
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
    const winner = events[first.get(`${e.eventId}\u0000${e.modelVersionId}`) as number] as PredictionEventInput;
    outcomes[i] =
      winner.timestamp.getTime() === e.timestamp.getTime()
        ? { status: "duplicate", reason: "sent twice in this batch" }
        : { status: "rejected", reason: DIFFERENT_TIMESTAMP };
  });
  return outcomes as IngestOutcome[];
}

/**
 * One statement (so one transaction, committed when it returns): the rows travel as a single
 * JSON parameter, the key insert (in `rows` order) decides which are new, and only those go into
 * prediction_event. A key that already existed is then looked up (a fresh snapshot, as before:
 * ON CONFLICT may have waited for a send committed after the insert's snapshot).
 */
async function insertBatch(db: Db, teamId: string, rows: PredictionEventInput[]): Promise<IngestOutcome[]> {
  const payload = JSON.stringify(
    rows.map((r, n) => ({
      n,
      e: r.eventId,
      v: r.modelVersionId,
      t: r.timestamp.toISOString(),
      f: r.features,
      p: r.prediction,
      l: r.latencyMs ?? null,
    })),
  );
  const inserted = await db.$queryRaw<{ eventId: string; modelVersionId: string }[]>`
    WITH r AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${payload}::jsonb)
        AS r(n int, e text, v uuid, t timestamptz, f jsonb, p jsonb, l float8)
    ), k AS (
      INSERT INTO prediction_event_key ("teamId", "eventId", "modelVersionId", "timestamp")
      SELECT ${teamId}::uuid, r.e, r.v, r.t FROM r
      ORDER BY r.n
      ON CONFLICT DO NOTHING
      RETURNING "eventId", "modelVersionId"
    ), ev AS (
      INSERT INTO prediction_event ("teamId", "eventId", "modelVersionId", "timestamp", "features", "prediction", "latencyMs")
      SELECT ${teamId}::uuid, r.e, r.v, r.t, r.f, r.p, r.l
      FROM r JOIN k ON k."eventId" = r.e AND k."modelVersionId" = r.v
      ON CONFLICT DO NOTHING
    )
    SELECT "eventId", "modelVersionId"::text AS "modelVersionId" FROM k`;
  const isNew = new Set(inserted.map((r) => `${r.eventId}\u0000${r.modelVersionId}`));
  const old = rows.filter((r) => !isNew.has(`${r.eventId}\u0000${r.modelVersionId}`));
  const existing = new Map<string, number>();
  if (old.length > 0) {
    const found = await db.$queryRaw<{ eventId: string; modelVersionId: string; timestamp: Date }[]>`
      SELECT k."eventId", k."modelVersionId"::text AS "modelVersionId", k."timestamp"
      FROM prediction_event_key k
      JOIN unnest(${old.map((r) => r.eventId)}::text[], ${old.map((r) => r.modelVersionId)}::text[]) AS q(e, v)
        ON k."eventId" = q.e AND k."modelVersionId" = q.v::uuid
      WHERE k."teamId" = ${teamId}::uuid`;
    for (const f of found) existing.set(`${f.eventId}\u0000${f.modelVersionId}`, f.timestamp.getTime());
  }
  return rows.map((r): IngestOutcome => {
    const key = `${r.eventId}\u0000${r.modelVersionId}`;
    if (isNew.has(key)) return { status: "accepted" };
    const was = existing.get(key);
    if (was === r.timestamp.getTime()) return { status: "duplicate", reason: "already received" };
    return { status: "rejected", reason: DIFFERENT_TIMESTAMP };
  });
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
