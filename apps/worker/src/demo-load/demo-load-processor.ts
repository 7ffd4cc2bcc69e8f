import type { BlobStorage, Db } from "@fieldtest/db";
import { processorFor, type QueuePayload } from "@fieldtest/jobs";
import { type Job, UnrecoverableError } from "bullmq";
import type { Log } from "../log.ts";
import { DEMO_AUTHOR_EMAIL } from "../seed/demo-content.ts";
import { DEMO_FULL_SCALE_SEED_VERSION } from "../seed/flight-content.ts";
import { FULL_SCALE_STEPS, loadFlightsFullScale } from "./load-flights-full-scale.ts";
import { findFlightStory, startFlightShadow, waitForRuns } from "./seed-flight-story.ts";

export interface DemoLoadDeps {
  db: Db;
  storage: BlobStorage;
  log: Log;
  prefix: string;
  codeVersion: string;
  /** How long a story waits for its benchmark runs before scoring its shadow without them (ms); default 30 min. */
  demoRunsTimeoutMs?: number;
}

/** What a finished demo-load job returns (BullMQ keeps it as the job's return value): where to look. */
export interface DemoLoadResult {
  outcome: "loaded" | "skipped";
  modelId?: string;
  shadowEvaluationId?: string;
}

type DemoLoadJob = Job<QueuePayload<"demoLoad">>;

/**
 * The demo-load queue. "full": the flight-delay story at full scale, in the background (the demo
 * seed enqueued it after seeding the sample); progress goes to BullMQ (job.updateProgress) and
 * completion to DemoSeed (DEMO_FULL_SCALE_SEED_VERSION), so a finished load is never redone and
 * one that died midway is redone by the next attempt without duplicates. "sample": the seeded
 * sample's shadow evaluation, started once its benchmark runs are over (its gap needs them).
 * Either way the shadow evaluation is created last, after the runs: its one scoring reads them.
 */
export function demoLoadProcessor(deps: DemoLoadDeps) {
  const { db, log } = deps;
  return processorFor("demoLoad", async (payload, job): Promise<DemoLoadResult> => {
    const author = await db.user.findUnique({ where: { email: DEMO_AUTHOR_EMAIL } });
    if (!author)
      throw new UnrecoverableError(`the demo author ${DEMO_AUTHOR_EMAIL} does not exist: seed the demo first`);
    const replayFrom = new Date(payload.replayFrom);
    const stepLog = (line: string) => log("demo.load.step", { jobId: job.id, message: line });
    const started = performance.now();
    if (payload.scale === "full") {
      if (await db.demoSeed.findUnique({ where: { version: DEMO_FULL_SCALE_SEED_VERSION } })) {
        log("demo.load.skipped", { jobId: job.id, reason: "already loaded" });
        return { outcome: "skipped" };
      }
      log("demo.load.started", { jobId: job.id, story: payload.story, attempt: job.attemptsMade + 1 });
      await loadFlightsFullScale({
        db,
        storage: deps.storage,
        teamId: payload.teamId,
        userId: author.id,
        codeVersion: deps.codeVersion,
        replayFrom,
        queuePrefix: deps.prefix,
        log: stepLog,
        onProgress: (progress) => job.updateProgress(progress),
      });
    }
    const story = await findFlightStory({ db, teamId: payload.teamId, scale: payload.scale, replayFrom });
    if (!story) throw new UnrecoverableError(`the flight-delay story (${payload.scale}) is not seeded`);
    await progress(job, payload, "waiting for the benchmark runs", 0, story.runs.length);
    const runs = await waitForRuns({
      db,
      runIds: story.runs.map((r) => r.id),
      timeoutMs: deps.demoRunsTimeoutMs ?? 30 * 60_000,
    });
    if (!runs.done) stepLog(`benchmark runs still ${runs.statuses.join(", ")}: scoring the shadow without them`);
    const evaluation = await startFlightShadow({
      db,
      teamId: payload.teamId,
      userId: author.id,
      story,
      queuePrefix: deps.prefix,
      log: stepLog,
    });
    if (payload.scale === "full") {
      await db.demoSeed.upsert({
        where: { version: DEMO_FULL_SCALE_SEED_VERSION },
        create: { version: DEMO_FULL_SCALE_SEED_VERSION },
        update: {},
      });
    }
    log("demo.load.finished", {
      jobId: job.id,
      scale: payload.scale,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    });
    return { outcome: "loaded", modelId: story.champion.modelId, shadowEvaluationId: evaluation.id };
  });
}

async function progress(
  job: DemoLoadJob,
  payload: QueuePayload<"demoLoad">,
  step: string,
  done: number,
  total: number,
): Promise<void> {
  // The sample's job is quick and has no steps worth a banner.
  if (payload.scale !== "full") return;
  await job.updateProgress({
    step,
    stepNumber: FULL_SCALE_STEPS.length + 1,
    steps: FULL_SCALE_STEPS.length + 1,
    done,
    total,
    unit: "runs",
  });
}
