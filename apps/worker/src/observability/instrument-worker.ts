import type { Job, Worker } from "bullmq";
import type { WorkerMetrics } from "./metrics.ts";

/** Why an attempt failed, as a small fixed set of label values. */
export type FailureReason = "unrecoverable" | "stalled" | "lock_lost" | "error";

/**
 * The reason class of a failed attempt: UnrecoverableError (bad payload, a user-actionable run
 * error: never retried), a job that stalled too often or started too often (its worker died),
 * a lost lock (the job ran past its lock), or any other error (retried while attempts last).
 */
export function failureReason(err: unknown): FailureReason {
  const name = err instanceof Error ? err.name : "";
  const message = err instanceof Error ? err.message : String(err);
  if (name === "UnrecoverableError") return "unrecoverable";
  if (/stalled more than allowable limit|started more than allowable limit/i.test(message)) return "stalled";
  if (/missing lock|lock mismatch|lock is not owned|could not renew lock/i.test(message)) return "lock_lost";
  return "error";
}

/**
 * Records each job attempt of `worker` into `metrics`: duration from the `active` event to
 * `completed` or `failed` (BullMQ's processedOn/finishedOn when the start was not seen here),
 * and failures by reason class. Attach before the worker takes its first job.
 */
export function instrumentWorker(
  worker: Worker,
  metrics: WorkerMetrics,
  now: () => number = () => performance.now(),
): void {
  const queue = worker.name;
  const startedAt = new Map<string, number>();
  const seconds = (job: Job): number | undefined => {
    const started = job.id === undefined ? undefined : startedAt.get(job.id);
    if (job.id !== undefined) startedAt.delete(job.id);
    if (started !== undefined) return (now() - started) / 1_000;
    if (job.processedOn && job.finishedOn && job.finishedOn >= job.processedOn) {
      return (job.finishedOn - job.processedOn) / 1_000;
    }
    return undefined;
  };

  worker.on("active", (job) => {
    if (job.id !== undefined) startedAt.set(job.id, now());
  });
  worker.on("completed", (job) => {
    const s = seconds(job);
    if (s !== undefined) metrics.jobDuration.observe({ queue, outcome: "completed" }, s);
  });
  worker.on("failed", (job, err) => {
    metrics.jobFailures.inc({ queue, reason: failureReason(err) });
    // A job that failed without running here (e.g. it stalled too often) has no duration to record.
    const s = job ? seconds(job) : undefined;
    if (s !== undefined) metrics.jobDuration.observe({ queue, outcome: "failed" }, s);
  });
  // A job whose lock was lost never reports back here: forget its start when the worker closes.
  worker.on("closed", () => startedAt.clear());
}
