import type { Db } from "../client.ts";
import type { ShadowRole } from "../generated/prisma/enums.ts";

/** One version's stored answers, aligned to the window's champion events. */
export interface ShadowWindowVersion {
  modelVersionId: string;
  role: ShadowRole;
  /** The stored prediction JSON per event; null when this version has no row for it or its call failed. */
  predictions: unknown[];
  /** 1 when this version has a row for the event (an answer or a recorded failure), else 0. */
  present: Uint8Array;
  /** The row's error ("timeout" or the endpoint's message) or null. */
  errors: (string | null)[];
  /** Latency in ms per event, NaN when unknown. */
  latencyMs: Float64Array;
}

/** The champion's events of a shadow evaluation's window, in the fixed scoring order (event time, then eventId). */
export interface ShadowWindow {
  eventIds: string[];
  eventTimeMs: Float64Array;
  features: Record<string, unknown>[];
  /** The current label of each event (latest by label time, then arrival), undefined when none yet. */
  labels: unknown[];
  /** The current label's time (its timestamp, or arrival when it came without one), NaN when unlabelled. */
  labelTimeMs: Float64Array;
  /** The champion first, then the challengers in their requested order. */
  versions: ShadowWindowVersion[];
}

export interface LoadShadowWindowInput {
  db: Db;
  teamId: string;
  versions: readonly { modelVersionId: string; role: ShadowRole }[];
  /** Event time in [from, to). */
  from: Date | null;
  to: Date;
  /** Only rows (events, answers, labels) received by this moment: a snapshot is reproducible. */
  receivedBy: Date;
}

/**
 * Reads one snapshot's rows: the champion's events in the window, each version's stored answer
 * (joined on the dedupe key, so a challenger row with another timestamp is still found) and the
 * current label. Everything as received by `receivedBy`.
 */
export async function loadShadowWindow(input: LoadShadowWindowInput): Promise<ShadowWindow> {
  const { db, teamId, from, to, receivedBy } = input;
  const champion = input.versions.find((v) => v.role === "champion");
  if (!champion) throw new Error("a shadow evaluation needs a champion");
  const lower = from ?? new Date(0);
  const events = await db.$queryRaw<
    {
      eventId: string;
      timestamp: Date;
      features: Record<string, unknown>;
      prediction: unknown;
      latencyMs: number | null;
      error: string | null;
    }[]
  >`
    SELECT "eventId", "timestamp", features, prediction, "latencyMs", error
    FROM prediction_event
    WHERE "teamId" = ${teamId}::uuid AND "modelVersionId" = ${champion.modelVersionId}::uuid
      AND "inferredById" IS NULL
      AND "timestamp" >= ${lower} AND "timestamp" < ${to} AND "receivedAt" <= ${receivedBy}
    ORDER BY "timestamp", "eventId"`;
  const n = events.length;
  const eventIds = events.map((e) => e.eventId);
  const index = new Map(eventIds.map((id, i) => [id, i]));
  const eventTimeMs = Float64Array.from(events, (e) => e.timestamp.getTime());

  const versions: ShadowWindowVersion[] = [];
  for (const v of input.versions) {
    const out: ShadowWindowVersion = {
      modelVersionId: v.modelVersionId,
      role: v.role,
      predictions: new Array(n).fill(null),
      present: new Uint8Array(n),
      errors: new Array(n).fill(null),
      latencyMs: new Float64Array(n).fill(Number.NaN),
    };
    const rows =
      v.role === "champion"
        ? events
        : // One primary-key probe of the key, then of the event, per champion event: OFFSET 0 keeps
          // the lateral subquery from being flattened into a join, which would be planned on the
          // stale statistics right after inference (a nested loop over every key row, quadratic).
          await db.$queryRaw<
            { eventId: string; prediction: unknown; latencyMs: number | null; error: string | null }[]
          >`
            SELECT q.e AS "eventId", x.prediction, x."latencyMs", x.error
            FROM unnest(${eventIds}::text[]) AS q(e)
            CROSS JOIN LATERAL (
              SELECT e.prediction, e."latencyMs", e.error
              FROM prediction_event_key k
              JOIN prediction_event e ON e."teamId" = k."teamId" AND e."eventId" = k."eventId"
                AND e."modelVersionId" = k."modelVersionId" AND e."timestamp" = k."timestamp"
              WHERE k."teamId" = ${teamId}::uuid AND k."eventId" = q.e AND k."modelVersionId" = ${v.modelVersionId}::uuid
                AND e."receivedAt" <= ${receivedBy}
              OFFSET 0
            ) x`;
    for (const r of rows) {
      const i = index.get(r.eventId);
      if (i === undefined) continue;
      out.present[i] = 1;
      out.predictions[i] = r.error === null ? r.prediction : null;
      out.errors[i] = r.error;
      out.latencyMs[i] = r.latencyMs ?? Number.NaN;
    }
    versions.push(out);
  }

  const labels: unknown[] = new Array(n).fill(undefined);
  const labelTimeMs = new Float64Array(n).fill(Number.NaN);
  if (n > 0) {
    const found = await db.$queryRaw<{ eventId: string; label: unknown; at: Date }[]>`
      SELECT DISTINCT ON ("eventId") "eventId", label, COALESCE("labelTimestamp", "receivedAt") AS at
      FROM label_event
      WHERE "teamId" = ${teamId}::uuid AND "eventId" = ANY(${eventIds}::text[]) AND "receivedAt" <= ${receivedBy}
      ORDER BY "eventId", COALESCE("labelTimestamp", "receivedAt") DESC, "receivedAt" DESC, id DESC`;
    for (const l of found) {
      const i = index.get(l.eventId);
      if (i === undefined) continue;
      labels[i] = l.label;
      labelTimeMs[i] = l.at.getTime();
    }
  }
  return {
    eventIds,
    eventTimeMs,
    features: events.map((e) => e.features),
    labels,
    labelTimeMs,
    versions,
  };
}
