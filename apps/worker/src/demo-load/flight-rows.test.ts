import { describe, expect, it } from "vitest";
import {
  DELAY_THRESHOLD_MINUTES,
  delayedLabels,
  departureOf,
  FlightCollector,
  type FlightColumns,
  flightPredictionsCsv,
  flightsCsv,
  hourOf,
  inSample,
  routeHash,
  rowsBefore,
  weekdayOf,
} from "./flight-rows.ts";
import type { FlightBatch } from "./read-flights.ts";

const at = (iso: string) => Date.parse(`${iso}Z`);
const text = (chunks: Iterable<Uint8Array>) => [...chunks].map((c) => new TextDecoder().decode(c)).join("");

function batch(rows: [string, number, string, string][], rowStart = 0): FlightBatch {
  return {
    rowStart,
    rows: rows.length,
    time: Float64Array.from(rows, (r) => at(r[0])),
    delay: Float64Array.from(rows, (r) => r[1]),
    distance: Float64Array.from(rows, () => 500),
    origin: rows.map((r) => r[2]),
    destination: rows.map((r) => r[3]),
  };
}

describe("delayedLabels", () => {
  it.each([
    [-10, 0],
    [0, 0],
    [DELAY_THRESHOLD_MINUTES, 0],
    [DELAY_THRESHOLD_MINUTES + 1, 1],
    [300, 1],
  ])("delay %d minutes → %d", (delay, label) => {
    expect([...delayedLabels({ delay: Float64Array.of(delay) })]).toEqual([label]);
  });
});

describe("time features", () => {
  it("reads the naive local departure as UTC", () => {
    const t = at("2001-06-03T17:45:00"); // a Sunday
    expect([hourOf(t), weekdayOf(t), departureOf(t)]).toEqual([17, 0, "17:45"]);
  });
});

describe("route sampling", () => {
  it("is FNV-1a of the route, the same everywhere", () => {
    // FNV-1a 32-bit of "LAS-PHL", computed by hand-checked reference (offset 2166136261, prime 16777619).
    let h = 2_166_136_261;
    for (const ch of "LAS-PHL") h = Math.imul(h ^ ch.charCodeAt(0), 16_777_619);
    expect(routeHash("LAS", "PHL")).toBe(h >>> 0);
    expect(routeHash("LAS", "PHL")).not.toBe(routeHash("PHL", "LAS"));
  });

  it("keeps every route at share 1 and about the share of routes otherwise", () => {
    const airports = Array.from({ length: 60 }, (_, i) => `A${i}`);
    const routes = airports.flatMap((o) => airports.filter((d) => d !== o).map((d) => [o, d] as const));
    expect(routes.every(([o, d]) => inSample(o, d, { routeShare: 1 }))).toBe(true);
    const kept = routes.filter(([o, d]) => inSample(o, d, { routeShare: 0.1 })).length / routes.length;
    expect(kept).toBeGreaterThan(0.08);
    expect(kept).toBeLessThan(0.12);
  });
});

describe("FlightCollector", () => {
  it("keeps January–February and June, leaves out March–May and the first of July", () => {
    const collector = new FlightCollector({ routeShare: 1 });
    collector.add(
      batch(
        [
          ["2001-01-01T00:01:00", 33, "LAS", "PHL"],
          ["2001-02-28T23:59:00", 5, "ATL", "SAV"],
          ["2001-03-01T00:00:00", 5, "ATL", "SAV"],
          ["2001-05-31T23:59:00", 5, "ATL", "SAV"],
          ["2001-06-01T00:00:00", 16, "ATL", "SAV"],
          ["2001-07-01T00:00:00", 16, "ATL", "SAV"],
        ],
        100,
      ),
    );
    expect([...collector.winter.columns().index]).toEqual([100, 101]);
    expect([...collector.field.columns().index]).toEqual([104]);
  });

  it("drops flights without a delay (no label)", () => {
    const collector = new FlightCollector({ routeShare: 1 });
    collector.add(batch([["2001-01-01T08:00:00", Number.NaN, "LAS", "PHL"]]));
    expect(collector.winter.length).toBe(0);
  });
});

describe("CSV bodies", () => {
  const flights: FlightColumns = {
    index: Int32Array.of(7, 9, 12),
    time: Float64Array.of(at("2001-01-01T06:05:00"), at("2001-01-31T23:00:00"), at("2001-02-01T00:00:00")),
    delay: Float64Array.of(16, 15, -3),
    distance: Float64Array.of(215, 405, 2176),
    origin: ["ATL", "MCI", "LAS"],
    destination: ["SAV", "MDW", "PHL"],
  };

  it("writes one row per flight, the same bytes whatever the chunk size", () => {
    const csv = text(flightsCsv(flights));
    expect(csv).toBe(
      "flight_id,departure,origin,destination,distance,hour,weekday,delayed\n" +
        "f7,2001-01-01T06:05:00.000Z,ATL,SAV,215,6,1,1\n" +
        "f9,2001-01-31T23:00:00.000Z,MCI,MDW,405,23,3,0\n" +
        "f12,2001-02-01T00:00:00.000Z,LAS,PHL,2176,0,4,0\n",
    );
    expect(text(flightsCsv(flights, 1))).toBe(csv);
    expect(text(flightPredictionsCsv(flights, Float64Array.of(0.1, 0.25, 1 / 3), 2))).toBe(
      "flight_id,score\nf7,0.100000\nf9,0.250000\nf12,0.333333\n",
    );
  });

  it("splits at the cutoff: rows strictly before it", () => {
    expect(rowsBefore(flights, at("2001-02-01T00:00:00"))).toEqual([0, 1]);
  });
});
