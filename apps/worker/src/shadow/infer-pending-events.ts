import { type Db, Prisma } from "@fieldtest/db";

/** A champion event a challenger has no prediction for yet. */
export interface PendingEvent {
  eventId: string;
  timestamp: Date;
  features: Record<string, unknown>;
}

export interface PendingScope {
  teamId: string;
  championVersionId: string;
  challengerVersionId: string;
  /** Champion events with timestamp in [from, to). */
  window: { from: Date | null; to: Date };
  /** Only champion events received (receivedAt) at or before this. */
  receivedBy: Date;
}

/**
 * The champion rows of the scope without a prediction_event_key row for the challenger. The
 * champion's (teamId, modelVersionId, timestamp) index bounds the scan (and the month partitions
 * it touches); the key's primary key answers the anti-join, probed once per champion row:
 * `OFFSET 0` keeps the planner from turning it into a join, which it would plan from statistics
 * that are stale right after inference inserted the challenger's keys (a nested loop over every
 * key row, quadratic: measured 45 s for 20k events).
 */
function pendingWhere(scope: PendingScope): Prisma.Sql {
  const from = scope.window.from ? Prisma.sql`AND e."timestamp" >= ${scope.window.from}::timestamptz` : Prisma.empty;
  return Prisma.sql`
    e."teamId" = ${scope.teamId}::uuid
    AND e."modelVersionId" = ${scope.championVersionId}::uuid
    AND e."inferredById" IS NULL
    ${from}
    AND e."timestamp" < ${scope.window.to}::timestamptz
    AND e."receivedAt" <= ${scope.receivedBy}::timestamptz
    AND NOT EXISTS (
      SELECT 1 FROM prediction_event_key k
      WHERE k."teamId" = e."teamId" AND k."eventId" = e."eventId" AND k."modelVersionId" = ${scope.challengerVersionId}::uuid
      OFFSET 0
    )`;
}

/** How many champion events of the scope still lack the challenger's prediction. */
export async function countPendingEvents(db: Db, scope: PendingScope): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM prediction_event e WHERE ${pendingWhere(scope)}`;
  return Number(rows[0]?.n ?? 0);
}

/**
 * The next `limit` pending events in (timestamp, eventId) order, after `after` (keyset paging,
 * so a page never comes back even if its inserts lost a race).
 */
export async function loadPendingEvents(
  db: Db,
  scope: PendingScope,
  options: { limit: number; after: { timestamp: Date; eventId: string } | null },
): Promise<PendingEvent[]> {
  const { after } = options;
  const cursor = after
    ? Prisma.sql`AND e."timestamp" >= ${after.timestamp}::timestamptz
        AND (e."timestamp", e."eventId") > (${after.timestamp}::timestamptz, ${after.eventId}::text)`
    : Prisma.empty;
  return db.$queryRaw<PendingEvent[]>`
    SELECT e."eventId", e."timestamp", e."features"
    FROM prediction_event e
    WHERE ${pendingWhere(scope)} ${cursor}
    ORDER BY e."timestamp", e."eventId"
    LIMIT ${options.limit}`;
}
