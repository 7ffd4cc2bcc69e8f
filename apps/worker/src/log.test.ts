import { describe, expect, it } from "vitest";
import { errorMessage, levelOf, logLine } from "./log.ts";

const NOW = new Date("2026-01-02T03:04:05.678Z");

describe("logLine", () => {
  it("starts every line with time, level and event, then the fields", () => {
    const line = logLine("run.started", { runId: "r1", attempt: 1 }, NOW);
    expect(line).toBe(
      '{"time":"2026-01-02T03:04:05.678Z","level":"info","event":"run.started","runId":"r1","attempt":1}',
    );
  });

  it("keeps time, level and event even when a field has that name", () => {
    const parsed = JSON.parse(logLine("sweeper.error", { time: "then", event: "other", level: "loud" }, NOW));
    expect(parsed).toEqual({ time: NOW.toISOString(), level: "error", event: "sweeper.error" });
  });

  it("takes a valid level field as the level", () => {
    expect(JSON.parse(logLine("worker.started", { level: "warn" }, NOW)).level).toBe("warn");
  });
});

describe("levelOf", () => {
  it.each([
    ["worker.error", "error"],
    ["run.failed", "error"],
    ["sweeper.gave-up", "error"],
    ["run.retrying", "warn"],
    ["job.stalled", "warn"],
    ["run.succeeded", "info"],
    ["run.skipped", "info"],
    ["worker.started", "info"],
    ["errors.counted", "info"],
  ])("%s is %s", (event, level) => {
    expect(levelOf(event)).toBe(level);
  });
});

describe("errorMessage", () => {
  it("names the error and its message, without the stack", () => {
    const err = new TypeError("bad thing");
    expect(errorMessage(err)).toBe("TypeError: bad thing");
    expect(errorMessage(err)).not.toContain("at ");
    expect(errorMessage("plain")).toBe("plain");
  });
});
