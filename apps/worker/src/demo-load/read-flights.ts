import path from "node:path";
import { findRepoRoot } from "@fieldtest/db";

/** vega-datasets' 3,000,000 US flights of 2001-01-01..2001-07-01 (ZSTD Parquet, sorted by date). */
export function flightsParquetPath(): string {
  return path.join(findRepoRoot(), "node_modules", "vega-datasets", "data", "flights-3m.parquet");
}

/** One row group of flights as columns. `time` is the scheduled departure as naive local time in ms (read as UTC). */
export interface FlightBatch {
  /** Index of the batch's first flight in the file. */
  rowStart: number;
  /** Flights of the file the batch covers; more than its columns hold when its row group was skipped (`wanted`). */
  rows: number;
  time: Float64Array;
  /** Arrival delay in minutes. */
  delay: Float64Array;
  distance: Float64Array;
  origin: string[];
  destination: string[];
}

export interface ReadFlightsOptions {
  file?: string;
  /** Read only the first rowLimit flights (tests). */
  rowLimit?: number;
  /**
   * Whether any flight between two departure times (ms, inclusive) is wanted: a row group whose
   * footer statistics say its flights all lie outside is not decoded (its batch has no columns).
   */
  wanted?: (from: number, to: number) => boolean;
}

const COLUMNS = ["date", "delay", "distance", "origin", "destination"] as const;

/** The file's row count (capped by rowLimit), from its footer alone. */
export async function countFlights(options: ReadFlightsOptions = {}): Promise<number> {
  const { asyncBufferFromFile, parquetMetadataAsync } = await import("hyparquet");
  const metadata = await parquetMetadataAsync(await asyncBufferFromFile(options.file ?? flightsParquetPath()));
  return Math.min(Number(metadata.num_rows), options.rowLimit ?? Number.POSITIVE_INFINITY);
}

/**
 * Streams the flights one row group (~273k flights) at a time: memory holds one decoded group,
 * never the file. hyparquet and its ZSTD codec are loaded on first use.
 */
export async function* readFlights(options: ReadFlightsOptions = {}): AsyncGenerator<FlightBatch> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetRead } = await import("hyparquet");
  const { compressors } = await import("hyparquet-compressors");
  const file = await asyncBufferFromFile(options.file ?? flightsParquetPath());
  const metadata = await parquetMetadataAsync(file);
  const total = Math.min(Number(metadata.num_rows), options.rowLimit ?? Number.POSITIVE_INFINITY);
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    if (groupStart >= total) return;
    const groupEnd = Math.min(groupStart + Number(group.num_rows), total);
    const stats = group.columns[0]?.meta_data?.statistics;
    const [from, to] = [stats?.min_value, stats?.max_value];
    if (options.wanted && from instanceof Date && to instanceof Date && !options.wanted(from.getTime(), to.getTime())) {
      yield { ...emptyBatch(groupStart), rows: groupEnd - groupStart };
      groupStart = groupEnd;
      continue;
    }
    const parts = new Map<string, { rowStart: number; values: ArrayLike<unknown> }[]>();
    await parquetRead({
      file,
      metadata,
      compressors,
      columns: [...COLUMNS],
      rowStart: groupStart,
      rowEnd: groupEnd,
      onChunk: (chunk) => {
        const list = parts.get(chunk.columnName) ?? [];
        list.push({ rowStart: chunk.rowStart, values: chunk.columnData as ArrayLike<unknown> });
        parts.set(chunk.columnName, list);
      },
    });
    const n = groupEnd - groupStart;
    const column = (name: string) => {
      const out: unknown[] = new Array(n);
      for (const { rowStart, values } of parts.get(name) ?? []) {
        for (let k = 0; k < values.length; k++) {
          const row = rowStart + k;
          if (row >= groupStart && row < groupEnd) out[row - groupStart] = values[k];
        }
      }
      return out;
    };
    const numbers = (name: string) => Float64Array.from(column(name), (v) => (v == null ? Number.NaN : Number(v)));
    const strings = (name: string) => column(name).map((v) => (v == null ? "" : String(v)));
    const dates = column("date");
    yield {
      rowStart: groupStart,
      rows: n,
      time: Float64Array.from(dates, (d) => (d instanceof Date ? d.getTime() : Number.NaN)),
      delay: numbers("delay"),
      distance: numbers("distance"),
      origin: strings("origin"),
      destination: strings("destination"),
    };
    groupStart = groupEnd;
  }
}

function emptyBatch(rowStart: number): FlightBatch {
  return {
    rowStart,
    rows: 0,
    time: new Float64Array(0),
    delay: new Float64Array(0),
    distance: new Float64Array(0),
    origin: [],
    destination: [],
  };
}
