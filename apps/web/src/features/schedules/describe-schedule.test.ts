import { describe, expect, it } from "vitest";
import { describeCadence, describeInterval, describeTarget } from "./describe-schedule";

describe("describeInterval", () => {
  it.each([
    [1, "every second"],
    [10, "every 10 seconds"],
    [60, "every minute"],
    [90, "every 90 seconds"],
    [120, "every 2 minutes"],
    [3_600, "every hour"],
    [5_400, "every 90 minutes"],
    [86_400, "every day"],
    [172_800, "every 2 days"],
  ])("%d s → %s", (seconds, words) => {
    expect(describeInterval(seconds)).toBe(words);
  });
});

describe("describeCadence", () => {
  it("names cron with its zone and intervals in words", () => {
    expect(describeCadence({ cron: "0 6 * * *", everySeconds: null, timezone: "UTC" })).toBe("cron 0 6 * * * (UTC)");
    expect(describeCadence({ cron: null, everySeconds: 30, timezone: "UTC" })).toBe("every 30 seconds");
  });
});

describe("describeTarget", () => {
  it.each([
    [{ modelVersion: { version: "1.2.0", model: { name: "churn" } }, model: null, stageAlias: null }, "churn 1.2.0"],
    [{ modelVersion: null, model: { name: "churn" }, stageAlias: "production" }, "churn · production version"],
    [{ modelVersion: null, model: { name: "churn" }, stageAlias: "candidates" }, "churn · each candidate version"],
  ])("%j → %s", (schedule, words) => {
    expect(describeTarget(schedule)).toBe(words);
  });
});
