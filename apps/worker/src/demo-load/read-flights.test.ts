import { describe, expect, it } from "vitest";
import { countFlights, readFlights } from "./read-flights.ts";

const JUNE_1 = Date.UTC(2001, 5, 1);

describe("readFlights on flights-3m.parquet", () => {
  it("decodes a prefix as columns, the first flight first", async () => {
    const batches = [];
    for await (const batch of readFlights({ rowLimit: 3 })) batches.push(batch);
    expect(batches).toHaveLength(1);
    const [first] = batches;
    expect(first?.rows).toBe(3);
    expect(new Date(first?.time[0] as number).toISOString()).toBe("2001-01-01T00:01:00.000Z");
    expect([first?.delay[0], first?.distance[0], first?.origin[0], first?.destination[0]]).toEqual([
      33,
      2176,
      "LAS",
      "PHL",
    ]);
    expect(await countFlights({ rowLimit: 3 })).toBe(3);
  });

  it("skips the row groups whose departures are all unwanted, still counting their flights", async () => {
    let rows = 0;
    let decoded = 0;
    let earliest = Number.POSITIVE_INFINITY;
    for await (const batch of readFlights({ wanted: (_from, to) => to >= JUNE_1 })) {
      rows += batch.rows;
      decoded += batch.time.length;
      for (const t of batch.time) earliest = Math.min(earliest, t);
    }
    expect(rows).toBe(3_000_000);
    // Only the last two row groups reach into June: 272,727 + 272,730 flights decoded.
    expect(decoded).toBe(545_457);
    expect(earliest).toBeLessThan(JUNE_1);
  }, 30_000);
});
