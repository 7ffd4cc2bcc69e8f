import type { BlobStorage, Db } from "@fieldtest/db";
import { DEMO_LOAD_VERSION, enqueue, getQueue, jobIdOf } from "@fieldtest/jobs";
import { collectFlights, replayStartOf } from "../demo-load/collect-flights.ts";
import { type SeededFlightStory, seedFlightStory } from "../demo-load/seed-flight-story.ts";
import { DEMO_FLIGHTS, DEMO_FULL_SCALE_SEED_VERSION } from "./flight-content.ts";
import type { SeedLog } from "./seed-log.ts";

const ENQUEUE_TIMEOUT_MS = 5_000;

/**
 * The flight-delay story's sample (DEMO_FLIGHTS.sample), seeded at once: every flight of 2% of
 * the routes, read from flights-3m.parquet (the file is read whole, ~3 s; only the sample is kept).
 */
export async function seedFlights(input: {
  db: Db;
  storage: BlobStorage;
  teamId: string;
  userId: string;
  codeVersion: string;
  queuePrefix?: string;
  log: SeedLog;
  now?: Date;
}): Promise<SeededFlightStory> {
  const { winter, field } = await collectFlights({ routeShare: DEMO_FLIGHTS.sample.routeShare });
  const replayFrom = await replayStartOf({ db: input.db, teamId: input.teamId, field, now: input.now });
  return seedFlightStory({ ...input, scale: "sample", winter, field, replayFrom });
}

/**
 * Enqueues a demo-load job of the flight story (one per scale and load version): "sample" starts
 * the sample's shadow evaluation once its runs are over, "full" loads every flight (unless DemoSeed
 * DEMO_FULL_SCALE_SEED_VERSION says it finished). A job that exists is kept (same jobId); when
 * Redis is down the next seed (every `npm start`) enqueues it.
 */
export async function enqueueFlightsLoad(input: {
  db: Db;
  teamId: string;
  scale: "sample" | "full";
  replayFrom: Date;
  queuePrefix?: string;
  log: SeedLog;
}): Promise<void> {
  if (input.scale === "full") {
    const loaded = await input.db.demoSeed.findUnique({ where: { version: DEMO_FULL_SCALE_SEED_VERSION } });
    if (loaded) return;
  }
  const payload = {
    story: "flights" as const,
    scale: input.scale,
    version: DEMO_LOAD_VERSION,
    teamId: input.teamId,
    replayFrom: input.replayFrom.toISOString(),
  };
  const queue = getQueue("demoLoad", input.queuePrefix);
  queue.on("error", () => {});
  try {
    // BullMQ waits for an unreachable Redis indefinitely: bounded like enqueue.
    const existing = await within(queue.getJob(jobIdOf("demoLoad", payload)), ENQUEUE_TIMEOUT_MS);
    if (existing) {
      // A load that gave up (its attempts spent) is tried again by the next seed; any other stays as it is.
      if ((await within(existing.getState(), ENQUEUE_TIMEOUT_MS)) === "failed") {
        await within(existing.retry(), ENQUEUE_TIMEOUT_MS);
        input.log(`the flight-delay ${input.scale} job had failed: retried`);
      }
      return;
    }
    await enqueue("demoLoad", payload, { prefix: input.queuePrefix, timeoutMs: ENQUEUE_TIMEOUT_MS });
    input.log(
      input.scale === "full"
        ? "enqueued the flight-delay story at full scale (the worker loads it in the background)"
        : "enqueued the flight-delay sample's shadow evaluation (started once its benchmark runs are over)",
    );
  } catch (err) {
    input.log(
      `the flight-delay ${input.scale} job was not enqueued: Redis did not take it (${(err as Error).message}); ` +
        "the next `npm run db:seed` enqueues it",
    );
  }
}

async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  promise.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms}ms`)), ms);
  });
  try {
    return await Promise.race([promise, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
