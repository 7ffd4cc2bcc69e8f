import type { Db } from "../client.ts";

/**
 * Erasure of personal data: removes every prediction (all model versions) and every label of
 * `eventId` in the team, with its dedupe keys, in one transaction. Returns what was removed.
 */
export async function eraseEvent(options: {
  db: Db;
  teamId: string;
  eventId: string;
}): Promise<{ predictions: number; labels: number }> {
  const { db, teamId, eventId } = options;
  return db.$transaction(async (tx) => {
    const predictions = await tx.$executeRaw`
      DELETE FROM prediction_event WHERE "teamId" = ${teamId}::uuid AND "eventId" = ${eventId}`;
    await tx.$executeRaw`DELETE FROM prediction_event_key WHERE "teamId" = ${teamId}::uuid AND "eventId" = ${eventId}`;
    const labels = await tx.$executeRaw`
      DELETE FROM label_event WHERE "teamId" = ${teamId}::uuid AND "eventId" = ${eventId}`;
    return { predictions, labels };
  });
}

/**
 * Retention: removes prediction events whose event time, and labels whose arrival, is older
 * than `days` before `now`, for every team, and drops month partitions that lie wholly before
 * the cutoff once they are empty. Called from the worker's sweeper (FIELDTEST_EVENT_RETENTION_DAYS).
 */
export async function applyEventRetention(options: {
  db: Db;
  days: number;
  now: Date;
}): Promise<{ predictions: number; labels: number; droppedPartitions: string[] }> {
  const { db, days, now } = options;
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const predictions = await db.$executeRaw`DELETE FROM prediction_event WHERE "timestamp" < ${cutoff}`;
  await db.$executeRaw`DELETE FROM prediction_event_key WHERE "timestamp" < ${cutoff}`;
  const labels = await db.$executeRaw`DELETE FROM label_event WHERE "receivedAt" < ${cutoff}`;
  const partitions = await db.$queryRaw<{ name: string }[]>`
    SELECT c.relname AS name FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = 'prediction_event'`;
  const droppedPartitions: string[] = [];
  for (const { name } of partitions) {
    const m = /^prediction_event_(\d{4})_(\d{2})$/.exec(name);
    if (!m) continue;
    const end = new Date(Date.UTC(Number(m[1]), Number(m[2]), 1));
    if (end.getTime() > cutoff.getTime()) continue;
    // The name matched the pattern above: safe to quote into DDL.
    const rows = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${name}"`);
    if ((rows[0]?.n ?? 0) > 0) continue;
    // As the table owner (SECURITY DEFINER, migration *_app_role): the app's role owns nothing.
    await db.$executeRaw`SELECT fieldtest_drop_event_partition(${name}::text)`;
    droppedPartitions.push(name);
  }
  return { predictions, labels, droppedPartitions };
}
