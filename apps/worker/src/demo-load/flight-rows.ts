import type { FlightBatch } from "./read-flights.ts";

/** A flight is delayed when it arrives more than this many minutes late (the story's label). */
export const DELAY_THRESHOLD_MINUTES = 15;

const DAY_MS = 86_400_000;
/** The benchmark's months (January–February 2001) end here; the benchmark's temporal cutoff is February 1st. */
export const WINTER_END_MS = Date.UTC(2001, 2, 1);
export const BENCHMARK_CUTOFF = "2001-02-01T00:00:00.000Z";
/** The field: June 2001, after the airlines' summer schedule change. */
export const FIELD_FROM_MS = Date.UTC(2001, 5, 1);
export const FIELD_TO_MS = Date.UTC(2001, 6, 1);
export const FIELD_DAYS = (FIELD_TO_MS - FIELD_FROM_MS) / DAY_MS;

/** The flights of the story as columns: `index` is the flight's position in flights-3m.parquet (its id). */
export interface FlightColumns {
  index: Int32Array;
  /** Scheduled departure, naive local time read as UTC (ms). */
  time: Float64Array;
  delay: Float64Array;
  distance: Float64Array;
  origin: string[];
  destination: string[];
}

/** Which flights a story keeps: every flight of the winter months and of June, or only those of sampled routes. */
export interface FlightSelection {
  /** Share of routes (origin → destination) kept, in (0, 1]; 1 keeps every flight. */
  routeShare: number;
}

/**
 * FNV-1a of the route: a route is in the sample or not on every machine and in every month, so a
 * sampled story keeps every flight of its routes (the history its models learn from) rather than
 * a thin scatter of all of them.
 */
export function routeHash(origin: string, destination: string): number {
  const key = `${origin}-${destination}`;
  let h = 2_166_136_261;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 16_777_619);
  }
  return h >>> 0;
}

export function inSample(origin: string, destination: string, selection: FlightSelection): boolean {
  if (selection.routeShare >= 1) return true;
  return routeHash(origin, destination) % 1000 < Math.round(selection.routeShare * 1000);
}

/** Appends the batch's winter and June flights that `selection` keeps. */
export class FlightCollector {
  readonly winter = new Builder();
  readonly field = new Builder();
  constructor(private readonly selection: FlightSelection) {}

  add(batch: FlightBatch): void {
    for (let k = 0; k < batch.time.length; k++) {
      const t = batch.time[k] as number;
      const target = t < WINTER_END_MS ? this.winter : t >= FIELD_FROM_MS && t < FIELD_TO_MS ? this.field : undefined;
      if (!target) continue;
      const origin = batch.origin[k] as string;
      const destination = batch.destination[k] as string;
      if (!Number.isFinite(batch.delay[k]) || !inSample(origin, destination, this.selection)) continue;
      target.push(batch.rowStart + k, t, batch.delay[k] as number, batch.distance[k] as number, origin, destination);
    }
  }
}

class Builder {
  private readonly index: number[] = [];
  private readonly time: number[] = [];
  private readonly delay: number[] = [];
  private readonly distance: number[] = [];
  private readonly origin: string[] = [];
  private readonly destination: string[] = [];

  push(index: number, time: number, delay: number, distance: number, origin: string, destination: string): void {
    this.index.push(index);
    this.time.push(time);
    this.delay.push(delay);
    this.distance.push(distance);
    this.origin.push(origin);
    this.destination.push(destination);
  }

  get length(): number {
    return this.index.length;
  }

  columns(): FlightColumns {
    return {
      index: Int32Array.from(this.index),
      time: Float64Array.from(this.time),
      delay: Float64Array.from(this.delay),
      distance: Float64Array.from(this.distance),
      origin: this.origin,
      destination: this.destination,
    };
  }
}

export function delayedLabels(flights: Pick<FlightColumns, "delay">): Float64Array {
  return flights.delay.map((d) => (d > DELAY_THRESHOLD_MINUTES ? 1 : 0));
}

/** Hour of the scheduled departure (0–23). */
export const hourOf = (time: number): number => new Date(time).getUTCHours();
/** Day of the week of the scheduled departure (0 = Sunday). */
export const weekdayOf = (time: number): number => new Date(time).getUTCDay();
/** The scheduled departure as "HH:MM": with the route, what names one scheduled flight. */
export const departureOf = (time: number): string => new Date(time).toISOString().slice(11, 16);

/** The row id of flight `index` in the datasets, and the eventId of its production request. */
export const flightRowId = (index: number): string => `f${index}`;
export const flightEventId = (index: number): string => `flight-${index}`;

export const DATASET_COLUMNS = [
  "flight_id",
  "departure",
  "origin",
  "destination",
  "distance",
  "hour",
  "weekday",
  "delayed",
] as const;

/** The dataset as CSV, `rowsPerChunk` rows a chunk (a streaming upload body; the bytes do not depend on it). */
export function* flightsCsv(flights: FlightColumns, rowsPerChunk = 20_000): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  const labels = delayedLabels(flights);
  let lines: string[] = [DATASET_COLUMNS.join(",")];
  for (let i = 0; i < flights.index.length; i++) {
    const t = flights.time[i] as number;
    lines.push(
      `${flightRowId(flights.index[i] as number)},${new Date(t).toISOString()},${flights.origin[i]},` +
        `${flights.destination[i]},${flights.distance[i]},${hourOf(t)},${weekdayOf(t)},${labels[i]}`,
    );
    if (lines.length >= rowsPerChunk) {
      yield encoder.encode(`${lines.join("\n")}\n`);
      lines = [];
    }
  }
  if (lines.length > 0) yield encoder.encode(`${lines.join("\n")}\n`);
}

/** An offline version's predictions for the dataset: flight_id,score with six decimals (stable bytes). */
export function* flightPredictionsCsv(
  flights: Pick<FlightColumns, "index">,
  scores: Float64Array,
  rowsPerChunk = 50_000,
): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  let lines: string[] = ["flight_id,score"];
  for (let i = 0; i < flights.index.length; i++) {
    lines.push(`${flightRowId(flights.index[i] as number)},${(scores[i] as number).toFixed(6)}`);
    if (lines.length >= rowsPerChunk) {
      yield encoder.encode(`${lines.join("\n")}\n`);
      lines = [];
    }
  }
  if (lines.length > 0) yield encoder.encode(`${lines.join("\n")}\n`);
}

/** The rows of `flights` whose time is before `cutoffMs`. */
export function rowsBefore(flights: Pick<FlightColumns, "time">, cutoffMs: number): number[] {
  const rows: number[] = [];
  flights.time.forEach((t, i) => {
    if (t < cutoffMs) rows.push(i);
  });
  return rows;
}
