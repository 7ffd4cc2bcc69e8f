import { describe, expect, it } from "vitest";
import { type DemoProgress, demoStoryReady, describeDemoProgress } from "./demo-progress.ts";

const progress = (over: Partial<DemoProgress> = {}): DemoProgress => ({
  runs: { done: 6, total: 6 },
  shadow: { scored: 2, total: 2 },
  verdicts: { judged: 5, total: 5 },
  ...over,
});

describe("demoStoryReady", () => {
  it("is ready when every run finished, every evaluation was scored and every live version judged", () => {
    expect(demoStoryReady(progress())).toBe(true);
  });

  it("waits for a run, a scoring or a verdict that is missing", () => {
    expect(demoStoryReady(progress({ runs: { done: 5, total: 6 } }))).toBe(false);
    expect(demoStoryReady(progress({ shadow: { scored: 1, total: 2 } }))).toBe(false);
    expect(demoStoryReady(progress({ verdicts: { judged: 4, total: 5 } }))).toBe(false);
  });

  it("is not ready before any run exists (the seed has not run yet)", () => {
    expect(demoStoryReady(progress({ runs: { done: 0, total: 0 } }))).toBe(false);
  });

  it("waits for the flight sample's shadow evaluation, created only once its runs are over", () => {
    expect(demoStoryReady(progress({ shadow: { scored: 1, total: 1 } }))).toBe(false);
  });
});

describe("describeDemoProgress", () => {
  it("says each count in words", () => {
    expect(describeDemoProgress(progress({ runs: { done: 4, total: 6 } }))).toBe(
      "4 of 6 benchmark runs done, 2 of 2 shadow evaluations scored, 5 of 5 judgeable versions judged",
    );
  });
});
