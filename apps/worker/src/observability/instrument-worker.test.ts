import { EventEmitter } from "node:events";
import { UnrecoverableError, type Worker } from "bullmq";
import { describe, expect, it } from "vitest";
import { failureReason, instrumentWorker } from "./instrument-worker.ts";
import { createWorkerMetrics } from "./metrics.ts";

describe("failureReason", () => {
  it.each([
    [new UnrecoverableError("Run x does not exist"), "unrecoverable"],
    [new Error("job stalled more than allowable limit"), "stalled"],
    [new Error("job started more than allowable limit"), "stalled"],
    [new Error("Missing lock for job 1. moveToFinished"), "lock_lost"],
    [new Error("Lock mismatch for job 1. Cmd moveToFinished from active"), "lock_lost"],
    [new Error("connect ECONNREFUSED"), "error"],
    [new TypeError("x is undefined"), "error"],
    ["a string", "error"],
  ])("%s → %s", (err, reason) => {
    expect(failureReason(err)).toBe(reason);
  });
});

/** A stand-in with the events instrumentWorker listens to; BullMQ's own Worker is used in the int test. */
function fakeWorker(name: string): Worker & EventEmitter {
  return Object.assign(new EventEmitter(), { name }) as unknown as Worker & EventEmitter;
}

describe("instrumentWorker", () => {
  it("records durations from active to completed or failed, and failures by reason", async () => {
    const metrics = createWorkerMetrics();
    const worker = fakeWorker("benchmark-run");
    let clock = 1_000;
    instrumentWorker(worker, metrics, () => clock);

    worker.emit("active", { id: "a" });
    clock += 250;
    worker.emit("completed", { id: "a" });
    worker.emit("active", { id: "b" });
    clock += 2_000;
    worker.emit("failed", { id: "b" }, new UnrecoverableError("bad payload"));
    // Not seen active here: BullMQ's own timestamps.
    worker.emit("completed", { id: "c", processedOn: 10_000, finishedOn: 10_500 });
    // Failed without a job (stalled too often): counted, no duration.
    worker.emit("failed", undefined, new Error("job stalled more than allowable limit"));

    const text = await metrics.registry.metrics();
    expect(text).toContain('fieldtest_job_duration_seconds_count{queue="benchmark-run",outcome="completed"} 2');
    expect(text).toContain('fieldtest_job_duration_seconds_sum{queue="benchmark-run",outcome="completed"} 0.75');
    expect(text).toContain('fieldtest_job_duration_seconds_count{queue="benchmark-run",outcome="failed"} 1');
    expect(text).toContain('fieldtest_job_duration_seconds_sum{queue="benchmark-run",outcome="failed"} 2');
    expect(text).toContain('fieldtest_job_failures_total{queue="benchmark-run",reason="unrecoverable"} 1');
    expect(text).toContain('fieldtest_job_failures_total{queue="benchmark-run",reason="stalled"} 1');
  });
});
