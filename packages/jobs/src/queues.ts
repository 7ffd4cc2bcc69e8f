import type { JobsOptions } from "bullmq";
import { z } from "zod";

/**
 * The one queue contract shared by web (producer) and worker (consumer):
 * name, payload schema and default job options per queue.
 *
 * `feed` says who adds a queue's jobs: `row` queues get one job per Postgres row through
 * `enqueue` (jobId = the row id); `scheduler` queues get theirs from BullMQ job schedulers
 * (see schedules.ts), whose job ids BullMQ chooses (`repeat:<scheduler id>:<due ms>`).
 */
export const queues = {
  benchmarkRun: {
    name: "benchmark-run",
    feed: "row",
    payload: z.object({ runId: z.uuid() }),
    options: {
      attempts: 3,
      backoff: { type: "exponential", delay: 2_000 },
      removeOnComplete: { count: 1_000 },
      removeOnFail: { count: 5_000 },
    } satisfies JobsOptions,
  },
  /**
   * One fire of a Schedule: the worker creates and enqueues its benchmark runs. One attempt: a
   * fire that fails is logged and the next fire comes on time; retrying could create its runs twice.
   */
  scheduledRun: {
    name: "scheduled-run",
    feed: "scheduler",
    payload: z.object({ scheduleId: z.uuid() }),
    options: {
      attempts: 1,
      removeOnComplete: { count: 1_000 },
      removeOnFail: { count: 5_000 },
    } satisfies JobsOptions,
  },
  /**
   * One scoring of a shadow evaluation: shadow inference of its challengers for what is pending,
   * then snapshot number `snapshot` of the window so far. The web enqueues snapshot 1 (and the last
   * one when a continuous evaluation is stopped); the sweeper enqueues the next one when a running
   * evaluation is due. Retried: the snapshot is written once per (evaluation, snapshot).
   */
  shadowEvaluation: {
    name: "shadow-evaluation",
    feed: "row",
    payload: z.object({ shadowEvaluationId: z.uuid(), snapshot: z.int().min(1) }),
    options: {
      attempts: 3,
      backoff: { type: "exponential", delay: 2_000 },
      removeOnComplete: { count: 1_000 },
      removeOnFail: { count: 5_000 },
    } satisfies JobsOptions,
  },
  /**
   * One attempt of a webhook delivery (attempt n of its row). Attempts and backoff are counted on
   * the row, not by BullMQ: the processor records the outcome and, after a failure, enqueues
   * attempt n + 1 delayed; the sweeper enqueues due deliveries whose job was lost.
   */
  webhookDelivery: {
    name: "webhook-delivery",
    feed: "row",
    payload: z.object({ deliveryId: z.uuid(), attempt: z.int().min(1) }),
    options: {
      attempts: 1,
      removeOnComplete: { count: 1_000 },
      removeOnFail: { count: 5_000 },
    } satisfies JobsOptions,
  },
  /**
   * The demo's background work on one story (apps/worker demo-load): loading it at full scale, or
   * starting the seeded sample's shadow evaluation once its benchmark runs are over. One job per
   * story, scale and load version, jobId `demo-load.<story>-<scale>.v<version>`, so the seed enqueues it once and a
   * second enqueue while it exists is a no-op. Its progress is BullMQ job progress
   * (DemoLoadProgress), read by the web app's demo banner. Retried: every write of a load is
   * idempotent, so an attempt that died midway is redone without duplicates.
   */
  demoLoad: {
    name: "demo-load",
    feed: "row",
    payload: z.object({
      story: z.literal("flights"),
      /** "sample": score the seeded sample's shadow once its benchmark runs are over; "full": load every flight. */
      scale: z.enum(["sample", "full"]),
      version: z.int().min(1),
      teamId: z.uuid(),
      /** Start of the replayed traffic window the sampled story chose, so both scales share it. */
      replayFrom: z.iso.datetime(),
    }),
    options: {
      attempts: 3,
      backoff: { type: "exponential", delay: 10_000 },
      // Kept, so the banner can say "done" and link to the model.
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 100 },
    } satisfies JobsOptions,
  },
} as const;

/** What a demo-load job reports with updateProgress: step k of `steps`, `done` of `total` in `unit`. */
export const demoLoadProgressSchema = z.object({
  step: z.string(),
  stepNumber: z.int().min(1),
  steps: z.int().min(1),
  done: z.number().min(0),
  total: z.number().min(0),
  unit: z.string(),
});
export type DemoLoadProgress = z.infer<typeof demoLoadProgressSchema>;

/** The demo-load jobs' version: bump it when a load changes, so that new job ids are enqueued. */
export const DEMO_LOAD_VERSION = 1;

/** The jobId of a story's demo load. */
export function demoLoadJobId(story: "flights", scale: "sample" | "full", version: number): string {
  return `demo-load.${story}-${scale}.v${version}`;
}

export type QueueKey = keyof typeof queues;
export type QueuePayload<K extends QueueKey> = z.infer<(typeof queues)[K]["payload"]>;
/** Queues whose jobs `enqueue` adds, one per Postgres row. */
export type RowQueueKey = { [K in QueueKey]: (typeof queues)[K]["feed"] extends "row" ? K : never }[QueueKey];

/**
 * Every row queue's payload carries the id of the Postgres row it works on; it is the BullMQ jobId
 * (a shadow evaluation's scorings add the snapshot number, a webhook delivery's the attempt number:
 * one job per snapshot or attempt, never two).
 */
export function jobIdOf<K extends RowQueueKey>(_key: K, payload: QueuePayload<K>): string {
  if ("shadowEvaluationId" in payload) return `${payload.shadowEvaluationId}.s${payload.snapshot}`;
  if ("deliveryId" in payload) return `${payload.deliveryId}.a${payload.attempt}`;
  if ("story" in payload) return demoLoadJobId(payload.story, payload.scale, payload.version);
  return payload.runId;
}
