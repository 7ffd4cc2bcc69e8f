import { describe, expect, it } from "vitest";
import type { FlightColumns } from "./flight-rows.ts";
import { flightTraffic, newReplayFrom, replayStartOfEvent, replayWindow } from "./seed-flight-story.ts";

const at = (iso: string) => Date.parse(`${iso}Z`);
const HOUR = 3_600_000;

const june: FlightColumns = {
  index: Int32Array.of(2_700_000, 2_999_990),
  time: Float64Array.of(at("2001-06-01T00:05:00"), at("2001-06-30T23:30:00")),
  delay: Float64Array.of(40, 2),
  distance: Float64Array.of(215, 733),
  origin: ["ATL", "ORD"],
  destination: ["SAV", "LGA"],
};

describe("the June replay", () => {
  const replayFrom = new Date("2026-10-28T06:00:00.000Z");

  it("ends on the last whole hour before now and lasts June's 30 days", () => {
    const from = newReplayFrom(new Date("2026-11-27T06:59:59.999Z"));
    expect(from.toISOString()).toBe("2026-10-28T06:00:00.000Z");
    expect(replayWindow(from).to.toISOString()).toBe("2026-11-27T06:00:00.000Z");
  });

  it("sends each flight as one champion and one challenger event, and its label 6 hours later within the window", () => {
    const { events, labels } = flightTraffic({
      field: june,
      championVersionId: "champion",
      challengerVersionId: "challenger",
      championScores: Float64Array.of(0.2, 0.3),
      challengerScores: Float64Array.of(0.41234567, 0.5),
      replayFrom,
      from: 0,
      to: 2,
    });
    expect(events.map((e) => [e.eventId, e.modelVersionId, e.timestamp.toISOString(), e.prediction])).toEqual([
      ["flight-2700000", "champion", "2026-10-28T06:05:00.000Z", 0.2],
      ["flight-2700000", "challenger", "2026-10-28T06:05:00.000Z", 0.412346],
      ["flight-2999990", "champion", "2026-11-27T05:30:00.000Z", 0.3],
      ["flight-2999990", "challenger", "2026-11-27T05:30:00.000Z", 0.5],
    ]);
    expect(events[0]?.features).toEqual({ origin: "ATL", destination: "SAV", distance: 215, hour: 0, weekday: 5 });
    expect(events.every((e) => (e.latencyMs as number) >= 5 && (e.latencyMs as number) <= 25)).toBe(true);
    expect(labels.map((l) => [l.eventId, l.label, l.timestamp?.toISOString()])).toEqual([
      ["flight-2700000", 1, "2026-10-28T12:05:00.000Z"],
      // 6 hours after 05:30 is past the window's end: the label is stamped at the end.
      ["flight-2999990", 0, "2026-11-27T06:00:00.000Z"],
    ]);
  });

  it("finds the replay start again from its earliest event", () => {
    const first = { timestamp: new Date(replayFrom.getTime() + 3 * HOUR + 25 * 60_000), features: { hour: 3 } };
    expect(replayStartOfEvent(first).toISOString()).toBe(replayFrom.toISOString());
  });
});
