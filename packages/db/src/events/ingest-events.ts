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

async function insertBatch(db: Db, teamId: string, rows: PredictionEventInput[]): Promise<IngestOutcome[]> {
  const eventIds = rows.map((r) => r.eventId);
  const versionIds = rows.map((r) => r.modelVersionId);
  const times = rows.map((r) => r.timestamp.toISOString());
  return db.$transaction(async (tx) => {
    const inserted = await tx.$queryRaw<{ eventId: string; modelVersionId: string }[]>`
      INSERT INTO prediction_event_key ("teamId", "eventId", "modelVersionId", "timestamp")
      SELECT ${teamId}::uuid, k.e, k.v::uuid, k.t::timestamptz
      FROM unnest(${eventIds}::text[], ${versionIds}::text[], ${times}::text[]) WITH ORDINALITY AS k(e, v, t, n)
      ORDER BY k.n
      ON CONFLICT DO NOTHING
      RETURNING "eventId", "modelVersionId"::text AS "modelVersionId"`;
    const isNew = new Set(inserted.map((r) => `${r.eventId}\u0000${r.modelVersionId}`));
    const fresh = rows.filter((r) => isNew.has(`${r.eventId}\u0000${r.modelVersionId}`));
    const old = rows.filter((r) => !isNew.has(`${r.eventId}\u0000${r.modelVersionId}`));
    const existing = new Map<string, number>();
    if (old.length > 0) {
      const found = await tx.$queryRaw<{ eventId: string; modelVersionId: string; timestamp: Date }[]>`
        SELECT k."eventId", k."modelVersionId"::text AS "modelVersionId", k."timestamp"
        FROM prediction_event_key k
        JOIN unnest(${old.map((r) => r.eventId)}::text[], ${old.map((r) => r.modelVersionId)}::text[]) AS q(e, v)
          ON k."eventId" = q.e AND k."modelVersionId" = q.v::uuid
        WHERE k."teamId" = ${teamId}::uuid`;
      for (const f of found) existing.set(`${f.eventId}\u0000${f.modelVersionId}`, f.timestamp.getTime());
    }
    if (fresh.length > 0) {
      await tx.$executeRaw`
        INSERT INTO prediction_event ("teamId", "eventId", "modelVersionId", "timestamp", "features", "prediction", "latencyMs")
        SELECT ${teamId}::uuid, r.e, r.v::uuid, r.t::timestamptz, r.f::jsonb, r.p::jsonb, r.l
        FROM unnest(
          ${fresh.map((r) => r.eventId)}::text[],
          ${fresh.map((r) => r.modelVersionId)}::text[],
          ${fresh.map((r) => r.timestamp.toISOString())}::text[],
          ${fresh.map((r) => JSON.stringify(r.features))}::text[],
          ${fresh.map((r) => JSON.stringify(r.prediction))}::text[],
          ${fresh.map((r) => r.latencyMs ?? null)}::float8[]
        ) AS r(e, v, t, f, p, l)
        ON CONFLICT DO NOTHING`;
    }
    return rows.map((r): IngestOutcome => {
      const key = `${r.eventId}\u0000${r.modelVersionId}`;
      if (isNew.has(key)) return { status: "accepted" };
      const was = existing.get(key);
      if (was === r.timestamp.getTime()) return { status: "duplicate", reason: "already received" };
      return { status: "rejected", reason: DIFFERENT_TIMESTAMP };
    });
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
