import { describe, expect, it } from "vitest";
import { latencyOverAllCalls } from "./shadow-evidence.ts";

const answered = { n: 950, calls: 1000, p50: 40, p95: 120, p99: 180 };

describe("latencyOverAllCalls", () => {
  it("without failures: the answered calls' percentiles", () => {
    expect(latencyOverAllCalls({ ...answered, n: 1000, errorRate: 0, timeoutRate: 0 })).toEqual({
      n: 1000,
      percentilesMs: { p50: 40, p95: 120, p99: 180 },
    });
  });

  it("with failures: bounded by the next answered percentile, unknown past p99 (never a pass)", () => {
    // 2% failed: p50 of all calls is the 51st percentile of answers (≤ p95), p95 the 96.9th (≤ p99),
    // p99 beyond every stored one.
    expect(latencyOverAllCalls({ ...answered, errorRate: 0.01, timeoutRate: 0.01 })).toEqual({
      n: 1000,
      percentilesMs: { p50: 120, p95: 180 },
    });
    // 30% timed out: a p95 of all calls is a timeout; only p50 (the 71st percentile of answers) is bounded.
    expect(latencyOverAllCalls({ ...answered, errorRate: 0, timeoutRate: 0.3 }).percentilesMs).toEqual({ p50: 120 });
  });
});
