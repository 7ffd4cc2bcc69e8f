import { describe, expect, it } from "vitest";
import { cronProblem, isTimeZone, normalizeCron } from "./cadence.ts";
import { repeatOptionsOf, schedulerMatches } from "./schedulers.ts";

describe("cronProblem", () => {
  it.each([
    "* * * * *",
    "0 6 * * *",
    "*/15 9-17 * * MON-FRI",
    "0,30 0 1 jan,jul sun",
    "59 23 31 12 7",
    "0 0 1-15/2 * *",
    "  5   4 * * *  ",
  ])("accepts %j", (cron) => {
    expect(cronProblem(cron)).toBeNull();
  });

  it.each([
    ["", /5 fields.*got 0/],
    ["* * * *", /5 fields.*got 4/],
    ["0 0 * * * *", /5 fields.*got 6/],
    ["60 * * * *", /minute "60" must be within 0–59/],
    ["* 24 * * *", /hour/],
    ["* * 0 * *", /day of month/],
    ["* * * 13 *", /month/],
    ["* * * * 8", /day of week/],
    ["*/0 * * * *", /step "0"/],
    ["5-1 * * * *", /runs backwards/],
    ["a * * * *", /minute/],
    ["1-2-3 * * * *", /not a cron field/],
    ["*/5/2 * * * *", /not a cron field/],
    ["1,,2 * * * *", /not a cron field/],
  ])("refuses %j", (cron, message) => {
    expect(cronProblem(cron)).toMatch(message);
  });
});

describe("isTimeZone", () => {
  it.each([
    ["UTC", true],
    ["Europe/Berlin", true],
    ["America/New_York", true],
    ["Mars/Olympus", false],
    ["", false],
  ])("%j → %s", (tz, ok) => {
    expect(isTimeZone(tz)).toBe(ok);
  });
});

describe("repeatOptionsOf / schedulerMatches", () => {
  it("maps cron to pattern + tz and intervals to milliseconds", () => {
    expect(repeatOptionsOf({ cron: "0 6 * * *", everySeconds: null, timezone: "Europe/Berlin" })).toEqual({
      pattern: "0 6 * * *",
      tz: "Europe/Berlin",
    });
    expect(repeatOptionsOf({ cron: null, everySeconds: 30, timezone: "UTC" })).toEqual({ every: 30_000 });
    expect(() => repeatOptionsOf({ cron: null, everySeconds: null, timezone: "UTC" })).toThrow(RangeError);
  });

  it("matches a stored scheduler only with the same cadence", () => {
    const cron = { cron: "0 6 * * *", everySeconds: null, timezone: "UTC" };
    expect(schedulerMatches({ pattern: "0 6 * * *", tz: "UTC" }, cron)).toBe(true);
    expect(schedulerMatches({ pattern: "0 7 * * *", tz: "UTC" }, cron)).toBe(false);
    expect(schedulerMatches({ pattern: "0 6 * * *", tz: "Europe/Berlin" }, cron)).toBe(false);
    const every = { cron: null, everySeconds: 30, timezone: "UTC" };
    expect(schedulerMatches({ every: "30000" }, every)).toBe(true);
    expect(schedulerMatches({ every: 10_000 }, every)).toBe(false);
    expect(schedulerMatches({ pattern: "* * * * *" }, every)).toBe(false);
  });
});

describe("normalizeCron", () => {
  it("keeps single spaces", () => {
    expect(normalizeCron("  0   6 * *\t* ")).toBe("0 6 * * *");
  });
});
