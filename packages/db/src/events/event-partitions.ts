import type { Db } from "../client.ts";

/**
 * prediction_event is RANGE-partitioned by month (UTC) on its event time (the migration
 * 20261127001914_ingestion creates the parent only). A month's partition is created the first
 * time a row of that month is about to be inserted, and the worker's sweeper creates the current
 * and next month ahead of time. Months already seen by this process are remembered.
 */
const known = new Set<string>();

/** `prediction_event_YYYY_MM` and the bounds of the UTC month holding `at`. */
export function eventPartitionOf(at: Date): { name: string; from: Date; to: Date } {
  const from = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const to = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  const month = String(from.getUTCMonth() + 1).padStart(2, "0");
  return { name: `prediction_event_${from.getUTCFullYear()}_${month}`, from, to };
}

/** Creates the month partitions the given event times fall in, unless they exist. */
export async function ensureEventPartitions(db: Db, times: Iterable<Date>): Promise<void> {
  const months = new Map<string, ReturnType<typeof eventPartitionOf>>();
  for (const t of times) {
    const p = eventPartitionOf(t);
    if (!known.has(p.name)) months.set(p.name, p);
  }
  for (const p of months.values()) {
    try {
      // Runs as the table owner (SECURITY DEFINER, migration *_app_role): the app's role owns nothing.
      await db.$executeRaw`SELECT fieldtest_create_event_partition(${p.name}::text, ${p.from}::timestamptz, ${p.to}::timestamptz)`;
    } catch (err) {
      // Two processes creating the same month at once: the loser sees the table exist.
      const exists = await db.$queryRaw<{ ok: boolean }[]>`SELECT to_regclass(${p.name}) IS NOT NULL AS ok`;
      if (!exists[0]?.ok) throw err;
    }
    known.add(p.name);
  }
}
