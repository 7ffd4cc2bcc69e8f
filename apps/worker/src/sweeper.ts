import { applyEventRetention, type BlobStorage, type Db, ensureEventPartitions } from "@fieldtest/db";
import { enqueue, getQueue } from "@fieldtest/jobs";
import { errorMessage, type Log } from "./log.ts";
import { sweepReadiness } from "./readiness/sweep-readiness.ts";
import { markRunFailed } from "./runs/run-status.ts";
import { sweepComparisons } from "./runs/sweep-comparisons.ts";
import { sweepShadowEvaluations } from "./shadow/sweep-shadow-evaluations.ts";
import { sweepWebhookDeliveries } from "./webhooks/sweep-webhook-deliveries.ts";

/** Job states in which BullMQ will still run (or is running) the job: the sweeper leaves those alone. */
const LIVE_JOB_STATES = new Set(["active", "waiting", "delayed", "prioritized", "waiting-children"]);
/** Runs read per query while sweeping. */
const PAGE_SIZE = 200;
/**
 * Processing starts after which a run that keeps losing its job (e.g. it crashes its worker
 * every time) is marked failed instead of being enqueued again: a poison run must not loop forever.
 */
export const MAX_RUN_ATTEMPTS = 10;

export interface SweepOptions {
  db: Db;
  /** BullMQ key prefix of this deployment's queues. */
  prefix: string;
  log: Log;
  /** Where runs keep their per-row scores: without it the sweeper computes no paired comparisons. */
  storage?: BlobStorage;
}

export interface SweepResult {
  /** Unfinished benchmark runs looked at. */
  checked: number;
  /** Runs whose job was missing or finished, enqueued again. */
  enqueued: string[];
  /** Runs marked failed after MAX_RUN_ATTEMPTS processing starts. */
  gaveUp: string[];
}

/**
 * Postgres is the source of truth: every `queued` or `running` benchmark run must have a live
 * BullMQ job. A run whose job is missing (lost Redis data, a seed that wrote rows only, a crash
 * between insert and enqueue), or whose job completed or failed while the row stayed
 * unfinished, gets a fresh job with jobId = run id. Sweepers in several worker processes may
 * race; the outcome is still one live job per run (a second add of the same jobId is a no-op).
 */
export async function sweepLostRuns(options: SweepOptions): Promise<SweepResult> {
  const { db, prefix, log } = options;
  const queue = getQueue("benchmarkRun", prefix);
  const result: SweepResult = { checked: 0, enqueued: [], gaveUp: [] };
  let after: string | undefined;
  for (;;) {
    const runs = await db.evaluationRun.findMany({
      where: { kind: "benchmark", status: { in: ["queued", "running"] }, ...(after ? { id: { gt: after } } : {}) },
      select: { id: true },
      orderBy: { id: "asc" },
      take: PAGE_SIZE,
    });
    for (const { id } of runs) {
      result.checked++;
      const job = await queue.getJob(id);
      const state = job ? await job.getState() : "missing";
      if (LIVE_JOB_STATES.has(state)) continue;

      // The job may have finished the run while we looked: read the row again before acting.
      const run = await db.evaluationRun.findUnique({ where: { id }, select: { status: true, attempts: true } });
      if (!run || (run.status !== "queued" && run.status !== "running")) continue;
      if (run.attempts >= MAX_RUN_ATTEMPTS) {
        const error = `The run was given up after ${run.attempts} attempts: its worker stopped before finishing each time`;
        if (await markRunFailed(db, id, error)) {
          result.gaveUp.push(id);
          log("sweeper.gave-up", { runId: id, attempts: run.attempts, jobState: state });
        }
        continue;
      }
      try {
        // A finished job keeps its id; it must go before a new job with the same id can be added.
        if (job) await job.remove();
        await enqueue("benchmarkRun", { runId: id }, { prefix });
        result.enqueued.push(id);
        log("sweeper.enqueued", { runId: id, jobState: state, runStatus: run.status });
      } catch (err) {
        // Typically another sweeper got there first and the new job is already active; the next sweep checks again.
        log("sweeper.skipped", { runId: id, jobState: state, error: errorMessage(err) });
      }
    }
    if (runs.length < PAGE_SIZE) return result;
    after = runs.at(-1)?.id;
  }
}

export interface Sweeper {
  /** Stops sweeping; resolves once a sweep in progress has finished. */
  stop(): Promise<void>;
}

/** Event retention runs at most this often (its deletes scan more than a run sweep). */
const RETENTION_EVERY_MS = 60 * 60 * 1000;

/**
 * Ingestion upkeep: creates this and next month's prediction_event partitions ahead of inserts,
 * and (at most hourly) removes events and labels older than `retentionDays`.
 */
async function maintainEvents(options: SweepOptions, retentionDays: number, state: { lastRetention: number }) {
  const now = new Date();
  const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  await ensureEventPartitions(options.db, [now, nextMonth]);
  if (now.getTime() - state.lastRetention < RETENTION_EVERY_MS) return;
  state.lastRetention = now.getTime();
  const removed = await applyEventRetention({ db: options.db, days: retentionDays, now });
  if (removed.predictions || removed.labels || removed.droppedPartitions.length) {
    options.log("sweeper.retention", { ...removed, retentionDays });
  }
}

/**
 * Sweeps now, then every `intervalMs` until stopped. A failed sweep is logged and tried again next time.
 * With `retentionDays`, each sweep also does the ingestion upkeep (maintainEvents).
 */
export function startSweeper(options: SweepOptions & { intervalMs: number; retentionDays?: number }): Sweeper {
  const { intervalMs, log, retentionDays } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const retention = { lastRetention: 0 };

  const sweep = () => {
    current = sweepLostRuns(options)
      .then((r) => {
        if (r.enqueued.length || r.gaveUp.length) log("sweeper.swept", { ...r });
      })
      .then(() => sweepShadowEvaluations(options))
      .then((r) => {
        if (r.enqueued.length) log("sweeper.shadow", { enqueued: r.enqueued });
      })
      .then(() => (options.storage ? sweepComparisons({ ...options, storage: options.storage }) : { compared: [] }))
      .then((r) => {
        if (r.compared.length) log("sweeper.comparisons", { compared: r.compared });
      })
      .then(() => sweepReadiness(options))
      .then((r) => {
        if (r.evaluated.length) log("sweeper.readiness", { evaluated: r.evaluated.length });
      })
      .then(() => sweepWebhookDeliveries(options))
      .then((r) => {
        if (r.enqueued.length) log("sweeper.webhooks", { enqueued: r.enqueued });
      })
      .then(() => (retentionDays ? maintainEvents(options, retentionDays, retention) : undefined))
      .catch((err) => log("sweeper.error", { error: errorMessage(err) }))
      .finally(() => {
        if (!stopped) timer = setTimeout(sweep, intervalMs);
      });
  };
  sweep();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
