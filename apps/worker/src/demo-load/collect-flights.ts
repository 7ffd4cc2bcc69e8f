import type { Db } from "@fieldtest/db";
import { FIELD_FROM_MS, FlightCollector, type FlightColumns, flightEventId, WINTER_END_MS } from "./flight-rows.ts";
import { readFlights } from "./read-flights.ts";
import { newReplayFrom } from "./seed-flight-story.ts";

/** Reads flights-3m.parquet row group by row group, keeping the winter and June flights of the sampled routes. */
export async function collectFlights(options: {
  routeShare: number;
  rowLimit?: number;
  file?: string;
  onBatch?: (read: number) => Promise<void> | void;
}): Promise<{ winter: FlightColumns; field: FlightColumns; read: number }> {
  const collector = new FlightCollector({ routeShare: options.routeShare });
  let read = 0;
  // Only January–February and June are used: the row groups of March–May are not decoded.
  const wanted = (from: number, to: number) => from < WINTER_END_MS || to >= FIELD_FROM_MS;
  for await (const batch of readFlights({ rowLimit: options.rowLimit, file: options.file, wanted })) {
    collector.add(batch);
    read += batch.rows;
    await options.onBatch?.(read);
  }
  return { winter: collector.winter.columns(), field: collector.field.columns(), read };
}

/**
 * Where June's replay starts: where an earlier seed put it (read back from its first June event,
 * so re-runs add nothing new), else so that it ends on the last whole hour before `now`.
 */
export async function replayStartOf(options: {
  db: Db;
  teamId: string;
  field: FlightColumns;
  now?: Date;
}): Promise<Date> {
  const { field } = options;
  if (field.index.length > 0) {
    const first = await options.db.predictionEvent.findFirst({
      where: { teamId: options.teamId, eventId: flightEventId(field.index[0] as number) },
      select: { timestamp: true },
    });
    if (first) return new Date(first.timestamp.getTime() - ((field.time[0] as number) - FIELD_FROM_MS));
  }
  return newReplayFrom(options.now ?? new Date());
}
