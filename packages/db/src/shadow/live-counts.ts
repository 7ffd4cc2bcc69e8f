import type { Db } from "../client.ts";

/**
 * What has been ingested for a shadow evaluation's window right now, between snapshots: the
 * champion's events with event time in [from, to) and how many of them have a label.
 */
export async function shadowLiveCounts(input: {
  db: Db;
  teamId: string;
  championVersionId: string;
  from: Date | null;
  to: Date | null;
}): Promise<{ events: number; labelled: number }> {
  const { db, teamId, championVersionId } = input;
  const from = input.from ?? new Date(0);
  const to = input.to ?? new Date(8.64e15);
  const [row] = await db.$queryRaw<{ events: bigint; labelled: bigint }[]>`
    SELECT count(*) AS events,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM label_event l WHERE l."teamId" = e."teamId" AND l."eventId" = e."eventId"
           )) AS labelled
    FROM prediction_event e
    WHERE e."teamId" = ${teamId}::uuid AND e."modelVersionId" = ${championVersionId}::uuid
      AND e."inferredById" IS NULL
      AND e."timestamp" >= ${from} AND e."timestamp" < ${to}`;
  return { events: Number(row?.events ?? 0), labelled: Number(row?.labelled ?? 0) };
}
