import { setTimeout as sleep } from "node:timers/promises";
import { InvalidInputError } from "@fieldtest/core";
import { AppError, type BlobStorage, compareWithProduction, type Db } from "@fieldtest/db";
import { type QueuePayload, queues } from "@fieldtest/jobs";
import { EndpointAuthError, EndpointConfigError, OutboundError } from "@fieldtest/outbound";
import { type Job, UnrecoverableError } from "bullmq";
import { z } from "zod";
import { errorMessage, type Log } from "../log.ts";
import { refreshReadiness } from "../readiness/refresh-readiness.ts";
import { evaluateBenchmarkRun } from "../runs/evaluate-benchmark-run.ts";
import {
  completeRun,
  markRunFailed,
  markRunRunning,
  RunCancelledError,
  recordRunProgress,
} from "../runs/run-status.ts";
import type { OutboundClient } from "../runs/scorers.ts";

export interface BenchmarkRunDeps {
  db: Db;
  storage: BlobStorage;
  log: Log;
  /** FIELDTEST_CODE_VERSION of this worker: recorded on the run it completes (the code that computed it). */
  codeVersion: string;
  /** TEST ONLY (FIELDTEST_WORKER_THROTTLE_MS): pause between scoring chunks. 0 in production. */
  throttleMs: number;
  /**
   * The guarded outbound client endpoint runs call through, created on first use (tests pass
   * their own); null when this worker has none, which fails endpoint runs with a clear message.
   */
  outbound: (() => OutboundClient) | null;
}

export type BenchmarkRunJob = Job<QueuePayload<"benchmarkRun">>;
export type BenchmarkRunOutcome = "succeeded" | "already-finished" | "cancelled";

/**
 * Errors the run's owner can act on (bad data, missing file, undefined metric, an endpoint that
 * is refused, unreachable or answers badly): retrying the job cannot help — the outbound client
 * has already retried what a retry can fix — and the message says what happened (secrets redacted).
 */
function isUserActionable(err: unknown): err is Error {
  return (
    err instanceof AppError ||
    err instanceof InvalidInputError ||
    err instanceof OutboundError ||
    err instanceof EndpointConfigError ||
    err instanceof EndpointAuthError
  );
}

/**
 * The message a run fails with when its owner can act on the error (isUserActionable), else null:
 * the job is then retried. An EndpointAuthError names the header, never the secret.
 */
export function userActionableMessage(err: unknown): string | null {
  if (!isUserActionable(err)) return null;
  if (err instanceof EndpointAuthError) {
    return `The endpoint's auth cannot be sent: ${err.message}. Register a new version with a valid auth header`;
  }
  return err.message;
}

function isFinalAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * Processes one benchmark-run job: parse payload → load the run → execute its frozen protocol →
 * persist metric values and `succeeded` together. Safe to run twice for the same run.
 */
export function benchmarkRunProcessor(deps: BenchmarkRunDeps) {
  const { db, storage, log } = deps;

  /**
   * The paired comparisons with production this run makes possible (compareWithProduction), so the
   * readiness report's relative gates have them. A failure is logged, never fails the run: the
   * compare page computes a missing pair on demand.
   */
  async function compareAfterRun(runId: string) {
    const started = performance.now();
    try {
      const pairs = await compareWithProduction({ db, storage, runId });
      if (pairs.length === 0) return;
      log("run.compared", { runId, pairs, ms: Math.round(performance.now() - started) });
      // The candidates' reports now have the paired difference to judge on.
      const candidates = await db.evaluationRun.findMany({
        where: { id: { in: pairs.map(([, b]) => b) } },
        select: { teamId: true, modelVersionId: true },
      });
      for (const c of candidates) await refreshReadiness(db, c.teamId, [c.modelVersionId], log);
    } catch (err) {
      log("run.compare_failed", { runId, error: errorMessage(err) });
    }
  }

  return async function processBenchmarkRun(job: BenchmarkRunJob): Promise<BenchmarkRunOutcome> {
    const payload = queues.benchmarkRun.payload.safeParse(job.data);
    if (!payload.success)
      throw new UnrecoverableError(`Invalid benchmark-run payload: ${z.prettifyError(payload.error)}`);
    const { runId } = payload.data;

    const run = await db.evaluationRun.findUnique({ where: { id: runId } });
    if (!run) throw new UnrecoverableError(`Run ${runId} does not exist`);
    const attempt = { runId, jobId: job.id, attempt: job.attemptsMade + 1, startedAttempts: job.attemptsStarted };
    // A finished run is a record, succeeded, failed or cancelled: running it again is a new run, never this job.
    const finished = run.status === "succeeded" || run.status === "failed" || run.status === "cancelled";
    if (finished || !(await markRunRunning(db, run))) {
      log("run.skipped", { ...attempt, reason: "already finished" });
      // A worker that stopped after the run succeeded and before comparing it compares it now.
      if (run.status === "succeeded") await compareAfterRun(runId);
      return "already-finished";
    }

    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    log("run.started", { ...attempt, codeVersion: deps.codeVersion, runCodeVersion: run.codeVersion });
    try {
      const { values, results } = await evaluateBenchmarkRun({
        db,
        storage,
        run,
        outbound: deps.outbound,
        onProgress: async (progress) => {
          // Throws RunCancelledError once the run is cancelled: this execution stops here.
          await recordRunProgress(db, runId, progress);
          await job.updateProgress(progress);
          if (deps.throttleMs > 0) await sleep(deps.throttleMs);
        },
      });
      const completed = await completeRun(db, {
        runId,
        modelVersionId: run.modelVersionId,
        values,
        results,
        codeVersion: deps.codeVersion,
      });
      if (!completed) {
        log("run.skipped", { ...attempt, reason: "finished by another attempt meanwhile", ms: ms() });
        return "already-finished";
      }
      log("run.succeeded", {
        ...attempt,
        ms: ms(),
        metrics: Object.fromEntries(values.filter((v) => !v.slice).map((v) => [v.metric, v.value])),
        results: results.map((r) => r.kind),
      });
      await compareAfterRun(runId);
      return "succeeded";
    } catch (err) {
      if (err instanceof RunCancelledError) {
        log("run.cancelled", { ...attempt, ms: ms() });
        return "cancelled";
      }
      const failure = userActionableMessage(err);
      if (failure !== null) {
        await markRunFailed(db, runId, failure);
        log("run.failed", { ...attempt, ms: ms(), error: failure });
        throw new UnrecoverableError(failure);
      }
      if (isFinalAttempt(job)) {
        const attempts = job.opts.attempts ?? 1;
        await markRunFailed(
          db,
          runId,
          `The run failed unexpectedly ${attempts === 1 ? "" : `${attempts} times `}and was given up; the worker's log has the details (run ${runId})`,
        );
        log("run.failed", { ...attempt, ms: ms(), error: errorMessage(err), final: true });
      } else {
        log("run.retrying", { ...attempt, ms: ms(), error: errorMessage(err) });
      }
      throw err;
    }
  };
}
