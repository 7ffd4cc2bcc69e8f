// The two sides of the dispatch bench, each timed from the first enqueue call to the N-th
// completion, against a worker that is already connected and idle.
import { randomUUID } from "node:crypto";
import { type Job, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { createRedis } from "../src/connection.ts";
import { enqueue, enqueueMany, pingQueueRedis } from "../src/enqueue.ts";
import { processorFor } from "../src/processor.ts";
import { type QueuePayload, queues } from "../src/queues.ts";

/** Jobs processed at once by the bench's worker, on both sides (the "concurrency 10"). */
export const BENCH_CONCURRENCY = 10;

export type SideName = "raw" | "raw-options" | "fieldtest" | "fieldtest-enqueue";

export interface SideRun {
  side: SideName;
  n: number;
  /** From the first enqueue call until the N-th job completed. */
  seconds: number;
  /** From the first enqueue call until the producer call(s) resolved (all N jobs in Redis). */
  enqueueSeconds: number;
  /** CPU time (user + system) of this process over `seconds`: producer and worker; Redis not included. */
  cpuSeconds: number;
}

export interface SideContext {
  redisUrl: string;
  /** A BullMQ prefix of this rep alone; the caller obliterates it afterwards. */
  prefix: string;
}

type Payload = QueuePayload<"benchmarkRun">;

/** N payloads as the web app would send them: one run id (a uuid) each. */
export function payloads(n: number): Payload[] {
  return Array.from({ length: n }, () => ({ runId: randomUUID() }));
}

/** Resolves when `worker` has completed `n` jobs; rejects on the first failed job or after `timeoutMs`. */
function completions(worker: Worker, n: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = 0;
    const timer = setTimeout(
      () => reject(new Error(`only ${done} of ${n} jobs completed within ${timeoutMs} ms`)),
      timeoutMs,
    );
    worker.on("completed", () => {
      done++;
      if (done === n) {
        clearTimeout(timer);
        resolve();
      }
    });
    worker.on("failed", (job: Job | undefined, err: Error) => {
      clearTimeout(timer);
      reject(new Error(`bench job ${job?.id ?? "?"} failed: ${err.message}`));
    });
  });
}

async function timed(
  side: SideName,
  n: number,
  worker: Worker,
  produce: () => Promise<unknown>,
  timeoutMs: number,
): Promise<SideRun> {
  await worker.waitUntilReady();
  const done = completions(worker, n, timeoutMs);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await produce();
  const enqueued = performance.now();
  await done;
  const finished = performance.now();
  const used = process.cpuUsage(cpu);
  return {
    side,
    n,
    seconds: (finished - started) / 1e3,
    enqueueSeconds: (enqueued - started) / 1e3,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

/**
 * Raw BullMQ: one `addBulk` of all N jobs and a no-op worker. With "contract-options", each job
 * gets what Fieldtest's contract gives it (the queue's default options and jobId = run id), without
 * Fieldtest's code: that row separates the cost of those BullMQ options from the layer's own.
 */
export async function runRaw(
  ctx: SideContext,
  data: readonly Payload[],
  timeoutMs: number,
  jobOptions: "bullmq-defaults" | "contract-options" = "bullmq-defaults",
): Promise<SideRun> {
  const name = queues.benchmarkRun.name;
  const producer = new Redis(ctx.redisUrl);
  const consumer = new Redis(ctx.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection: producer, prefix: ctx.prefix });
  const worker = new Worker(name, async () => {}, {
    connection: consumer,
    prefix: ctx.prefix,
    concurrency: BENCH_CONCURRENCY,
  });
  try {
    const withOptions = jobOptions === "contract-options";
    const jobs = withOptions
      ? data.map((d) => ({ name, data: d, opts: { ...queues.benchmarkRun.options, jobId: d.runId } }))
      : data.map((d) => ({ name, data: d }));
    return await timed(withOptions ? "raw-options" : "raw", data.length, worker, () => queue.addBulk(jobs), timeoutMs);
  } finally {
    await worker.close();
    await queue.close();
    await Promise.all([producer.quit(), consumer.quit()]);
  }
}

/**
 * Fieldtest's queue layer: `enqueueMany` (zod validation of every payload, jobId = run id, the
 * queue's default job options, chunked `addBulk`) or, for the per-job variant, one `enqueue` per
 * job all in flight at once; consumed by a worker built as apps/worker's start-worker builds it
 * (createRedis("worker"), the prefix) whose processor is `processorFor`'s payload re-parse
 * around a no-op handler.
 */
export async function runFieldtest(
  ctx: SideContext,
  data: readonly Payload[],
  timeoutMs: number,
  producer: "enqueueMany" | "enqueue" = "enqueueMany",
): Promise<SideRun> {
  const connection = createRedis("worker", ctx.redisUrl);
  const worker = new Worker(
    queues.benchmarkRun.name,
    processorFor("benchmarkRun", async () => {}),
    { connection, prefix: ctx.prefix, concurrency: BENCH_CONCURRENCY },
  );
  // Connect the producer queue before the clock starts, as a long-running web process has it.
  await pingQueueRedis(ctx.prefix);
  try {
    return await timed(
      producer === "enqueueMany" ? "fieldtest" : "fieldtest-enqueue",
      data.length,
      worker,
      () =>
        producer === "enqueueMany"
          ? enqueueMany("benchmarkRun", data, { prefix: ctx.prefix, timeoutMs: 60_000 })
          : Promise.all(data.map((d) => enqueue("benchmarkRun", d, { prefix: ctx.prefix, timeoutMs: 60_000 }))),
      timeoutMs,
    );
  } finally {
    await worker.close();
    await connection.quit();
  }
}
