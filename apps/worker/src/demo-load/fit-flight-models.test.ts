import { describe, expect, it } from "vitest";
import {
  FLIGHT_HISTORY_PRIOR,
  fitFlightModels,
  logregFeatures,
  scoreHistory,
  scoreLogreg,
} from "./fit-flight-models.ts";
import type { FlightColumns } from "./flight-rows.ts";

const at = (iso: string) => Date.parse(`${iso}Z`);

/**
 * A winter of two scheduled flights: ATL→SAV at 07:00, late 1 day in 4, and ORD→LGA at 18:30,
 * late 3 days in 4; 28 days each. Then a June with ORD→LGA moved to 18:45 (a flight January never had).
 */
function fixture(): { winter: FlightColumns; june: FlightColumns } {
  const rows: [string, number, string, string][] = [];
  for (let day = 1; day <= 28; day++) {
    const d = String(day).padStart(2, "0");
    rows.push([`2001-01-${d}T07:00:00`, day % 4 === 0 ? 30 : 0, "ATL", "SAV"]);
    rows.push([`2001-01-${d}T18:30:00`, day % 4 === 0 ? 0 : 45, "ORD", "LGA"]);
  }
  const columns = (list: typeof rows): FlightColumns => ({
    index: Int32Array.from(list, (_, i) => i),
    time: Float64Array.from(list, (r) => at(r[0])),
    delay: Float64Array.from(list, (r) => r[1]),
    distance: Float64Array.from(list, (r) => (r[2] === "ATL" ? 215 : 733)),
    origin: list.map((r) => r[2]),
    destination: list.map((r) => r[3]),
  });
  return {
    winter: columns(rows),
    june: columns([
      ["2001-06-04T07:00:00", 0, "ATL", "SAV"],
      ["2001-06-04T18:45:00", 60, "ORD", "LGA"],
    ]),
  };
}

describe("fitFlightModels", () => {
  const { winter, june } = fixture();
  const models = fitFlightModels(
    winter,
    Array.from({ length: winter.index.length }, (_, i) => i),
  );

  it("remembers each scheduled flight's delay rate, smoothed towards the base rate", () => {
    // 56 flights, 7 + 21 late: base rate 0.5; ATL→SAV 07:00 late 7 of 28, ORD→LGA 18:30 late 21 of 28.
    expect(models.history.baseRate).toBe(0.5);
    const scores = scoreHistory(models.history, winter);
    expect(scores[0]).toBeCloseTo((7 + FLIGHT_HISTORY_PRIOR * 0.5) / (28 + FLIGHT_HISTORY_PRIOR), 12);
    expect(scores[1]).toBeCloseTo((21 + FLIGHT_HISTORY_PRIOR * 0.5) / (28 + FLIGHT_HISTORY_PRIOR), 12);
  });

  it("gives a flight the winter schedule did not have the base rate", () => {
    const scores = scoreHistory(models.history, june);
    expect(scores[0]).toBeCloseTo(8.5 / 31, 12);
    expect(scores[1]).toBe(0.5);
  });

  it("fits the logistic regression on time of day, weekday and distance", () => {
    expect(logregFeatures(winter)).toHaveLength(11);
    const scores = scoreLogreg(models.logreg.model, winter);
    // The evening flight is the late one: the model ranks it above the morning one.
    expect(scores[1] as number).toBeGreaterThan(scores[0] as number);
    expect(models.trainRows).toBe(56);
  });
});
