import { describe, expect, it } from "vitest";
import { latencySummary } from "./latency-summary.ts";

describe("latencySummary", () => {
  it("gives numpy-linear percentiles over every call of every scoring pass", () => {
    const summary = latencySummary([Float64Array.of(10, 30), Float64Array.of(20, 40, 50)], 500);
    // sorted 10 20 30 40 50: p50 = 30, p95 = 40 + 0.8·10 = 48, p99 = 40 + 0.96·10 = 49.6.
    expect(summary).toEqual({ calls: 5, rows: 500, p50Ms: 30, p95Ms: 48, p99Ms: 49.6, maxMs: 50, meanMs: 30 });
  });

  it("is null without calls", () => {
    expect(latencySummary([], 0)).toBeNull();
    expect(latencySummary([new Float64Array()], 0)).toBeNull();
  });
});
