import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createWorkerMetrics } from "./metrics.ts";
import { type CountedQueue, queueDepth, refreshQueueGauges } from "./queue-gauges.ts";
import { checkReadiness } from "./readiness.ts";

describe("checkReadiness", () => {
  it("is ready when every check answers", async () => {
    const result = await checkReadiness(
      [
        { name: "redis", check: async () => "PONG" },
        { name: "postgres", check: async () => [{ "?column?": 1 }] },
      ],
      500,
    );
    expect(result.ready).toBe(true);
    expect(result.checks.redis).toMatchObject({ ok: true });
    expect(result.checks.postgres).toMatchObject({ ok: true });
  });

  it("names the check that failed or did not answer in time, without a stack", async () => {
    const result = await checkReadiness(
      [
        { name: "redis", check: () => sleep(5_000) },
        { name: "postgres", check: async () => Promise.reject(new Error("connection refused")) },
      ],
      50,
    );
    expect(result.ready).toBe(false);
    expect(result.checks.redis).toMatchObject({ ok: false, error: "TimeoutError: redis: no answer within 50 ms" });
    expect(result.checks.redis?.ms).toBeLessThan(1_000);
    expect(result.checks.postgres).toMatchObject({ ok: false, error: "Error: connection refused" });
  });
});

describe("queue gauges", () => {
  it.each([
    [{}, 0],
    [{ waiting: 3 }, 3],
    [{ waiting: 3, prioritized: 2, delayed: 4, active: 9, completed: 100, failed: 1 }, 9],
  ])("depth of %j is %d", (counts, depth) => {
    expect(queueDepth(counts)).toBe(depth);
  });

  it("sets jobs by state and depth per queue, and drops a queue that cannot be read", async () => {
    const metrics = createWorkerMetrics();
    const good: CountedQueue = { name: "good", getJobCounts: async () => ({ waiting: 2, delayed: 1, active: 1 }) };
    const bad: CountedQueue = { name: "bad", getJobCounts: () => sleep(5_000).then(() => ({})) };
    await refreshQueueGauges({ metrics, queues: [good], timeoutMs: 100 });
    await refreshQueueGauges({ metrics, queues: [good, bad], timeoutMs: 50 });
    const text = await metrics.registry.metrics();
    expect(text).toContain('fieldtest_queue_jobs{queue="good",state="waiting"} 2');
    expect(text).toContain('fieldtest_queue_jobs{queue="good",state="active"} 1');
    expect(text).toContain('fieldtest_queue_depth{queue="good"} 3');
    expect(text).not.toContain('fieldtest_queue_depth{queue="bad"}');
    expect(text).toContain('fieldtest_queue_scrape_errors_total{queue="bad"} 1');
  });
});
