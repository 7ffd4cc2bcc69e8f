import { createHash } from "node:crypto";
import type { Db } from "../client.ts";
import { type IngestOutcome, withDeadlockRetry } from "./ingest-events.ts";

/** One label that passed validation. */
export interface LabelEventInput {
  eventId: string;
  label: unknown;
  timestamp?: Date | undefined;
}

/** Same label and timestamp → same hash: an identical resend is a duplicate. */
export function labelContentHash(label: LabelEventInput): string {
  return createHash("sha256")
    .update(JSON.stringify([label.label, label.timestamp?.toISOString() ?? null]))
    .digest("hex");
}

/**
 * Stores labels of one team. Every label row is kept (an audit trail of relabels); the current
 * label of an event is the latest by label timestamp (a label without one counts as labelled
 * when it arrived), ties broken by arrival (receivedAt, then id) — `currentLabelsSql`. A
 * relabel is `accepted`, its reason saying whether it replaced the current label or is stored
 * behind a newer one. Labels may come before their event: nothing refers to prediction_event.
 */
export async function ingestLabels(options: {
  db: Db;
  teamId: string;
  labels: readonly LabelEventInput[];
}): Promise<IngestOutcome[]> {
  const { db, teamId, labels } = options;
  if (labels.length === 0) return [];
  const hashes = labels.map(labelContentHash);
  const rows = labels.map((l, i) => ({ ...l, hash: hashes[i] as string, index: i }));
  // A stable order of keys keeps concurrent batches from locking each other's keys crosswise.
  rows.sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : a.hash < b.hash ? -1 : 1));
  return withDeadlockRetry(() =>
    db.$transaction(async (tx) => {
      const eventIds = [...new Set(rows.map((r) => r.eventId))];
      // The label each event had before this batch, to tell the client what a relabel did.
      const before = await tx.$queryRaw<{ eventId: string; effective: Date }[]>`
        SELECT DISTINCT ON ("eventId") "eventId", COALESCE("labelTimestamp", "receivedAt") AS effective
        FROM label_event WHERE "teamId" = ${teamId}::uuid AND "eventId" = ANY(${eventIds}::text[])
        ORDER BY "eventId", COALESCE("labelTimestamp", "receivedAt") DESC, "receivedAt" DESC, id DESC`;
      const previous = new Map(before.map((b) => [b.eventId, b.effective.getTime()]));
      const inserted = await tx.$queryRaw<{ eventId: string; contentHash: string; receivedAt: Date }[]>`
        INSERT INTO label_event ("teamId", "eventId", "label", "labelTimestamp", "contentHash")
        SELECT ${teamId}::uuid, r.e, r.l::jsonb, r.t::timestamptz, r.h
        FROM unnest(
          ${rows.map((r) => r.eventId)}::text[],
          ${rows.map((r) => JSON.stringify(r.label))}::text[],
          ${rows.map((r) => r.timestamp?.toISOString() ?? null)}::text[],
          ${rows.map((r) => r.hash)}::text[]
        ) WITH ORDINALITY AS r(e, l, t, h, n)
        ORDER BY r.n
        ON CONFLICT DO NOTHING
        RETURNING "eventId", "contentHash", "receivedAt"`;
      const isNew = new Map(inserted.map((r) => [`${r.eventId}\u0000${r.contentHash}`, r.receivedAt.getTime()]));
      const outcomes: IngestOutcome[] = new Array(labels.length);
      const seen = new Set<string>();
      for (const r of [...rows].sort((a, b) => a.index - b.index)) {
        const key = `${r.eventId}\u0000${r.hash}`;
        const receivedAt = isNew.get(key);
        if (receivedAt === undefined || seen.has(key)) {
          outcomes[r.index] = { status: "duplicate", reason: "this label was already received" };
          continue;
        }
        seen.add(key);
        const was = previous.get(r.eventId);
        const effective = r.timestamp?.getTime() ?? receivedAt;
        if (was === undefined) {
          outcomes[r.index] = { status: "accepted" };
        } else if (effective >= was) {
          outcomes[r.index] = { status: "accepted", reason: "relabel: replaced the earlier label of this event" };
        } else {
          outcomes[r.index] = {
            status: "accepted",
            reason: "relabel: stored, but a label with a later timestamp stays current",
          };
        }
        previous.set(r.eventId, Math.max(was ?? effective, effective));
      }
      return outcomes;
    }),
  );
}

/** The current label of each of the team's events (the rule above), for scoring and tests. */
export async function currentLabels(options: {
  db: Db;
  teamId: string;
  eventIds: readonly string[];
}): Promise<Map<string, unknown>> {
  const rows = await options.db.$queryRaw<{ eventId: string; label: unknown }[]>`
    SELECT DISTINCT ON ("eventId") "eventId", label
    FROM label_event WHERE "teamId" = ${options.teamId}::uuid AND "eventId" = ANY(${[...options.eventIds]}::text[])
    ORDER BY "eventId", COALESCE("labelTimestamp", "receivedAt") DESC, "receivedAt" DESC, id DESC`;
  return new Map(rows.map((r) => [r.eventId, r.label]));
}
