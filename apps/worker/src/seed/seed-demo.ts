import type { BlobStorage, Db } from "@fieldtest/db";
import { findFlightStory, replayStartOfEvent } from "../demo-load/seed-flight-story.ts";
import { DEMO_AUTHOR_EMAIL, DEMO_SEED_VERSION, DEMO_TEAM, DEMO_VERSIONS } from "./demo-content.ts";
import { enqueueFlightsLoad, seedFlights } from "./seed-flights.ts";
import type { SeedLog } from "./seed-log.ts";
import { seedPortfolio } from "./seed-portfolio.ts";
import { seedReview } from "./seed-review.ts";
import { seedRuns } from "./seed-runs.ts";
import { seedShadow } from "./seed-shadow.ts";
import { seedTeam } from "./seed-team.ts";

export interface SeedDemoInput {
  db: Db;
  storage: BlobStorage;
  codeVersion: string;
  /** BullMQ key prefix; defaults to FIELDTEST_QUEUE_PREFIX. */
  queuePrefix?: string;
  log: SeedLog;
  /** Enqueue the flight-delay story's full-scale background load (FIELDTEST_DEMO_FULL_SCALE); default false. */
  fullScale?: boolean;
}

export type SeedDemoResult =
  | { seeded: false; version: number }
  | {
      seeded: true;
      version: number;
      runIds: string[];
      shadowEvaluationId: string;
      reviewId: string;
      flights: { runIds: string[]; replayFrom: Date };
    };

/**
 * Seeds the demo portfolio once per DEMO_SEED_VERSION: a database that recorded the version
 * in DemoSeed is left untouched, but for the flight story's background jobs (demo-load), enqueued
 * again while their work is not done (Redis may have lost them). The record is written last, so a run that stopped midway
 * is completed by the next one (every step before it finds what already exists); the same
 * holds for a database seeded by an earlier version, which gets only what is new.
 */
export async function seedDemo(input: SeedDemoInput): Promise<SeedDemoResult> {
  const { db, log } = input;
  const applied = await db.demoSeed.findUnique({ where: { version: DEMO_SEED_VERSION } });
  if (applied) {
    // A flight job Redis lost (or never took) is enqueued again on the next start.
    await ensureFlightsLoad(input);
    return { seeded: false, version: DEMO_SEED_VERSION };
  }

  const { team, users } = await seedTeam({ db, log });
  const author = users.get(DEMO_AUTHOR_EMAIL);
  if (!author) throw new Error(`the demo author ${DEMO_AUTHOR_EMAIL} was not seeded`);
  const portfolio = await seedPortfolio({ db, storage: input.storage, team, author, log });
  const { benchmark, stressBenchmark, versions, builtinVersion, models } = portfolio;
  const runs = await seedRuns({
    db,
    teamId: team.id,
    plan: [
      // Every version on the temporal holdout: the leaderboard of comparable results.
      ...[...versions, builtinVersion].map((version) => ({ benchmark, version })),
      // Stress needs a model Fieldtest can call: offline versions cannot run this benchmark.
      { benchmark: stressBenchmark, version: builtinVersion },
    ],
    userId: author.id,
    codeVersion: input.codeVersion,
    queuePrefix: input.queuePrefix,
    log,
  });

  // After the runs: the challenger's model comes from its benchmark run, which its shadow scoring waits for.
  const champion = versions.find((v) => v.version === DEMO_VERSIONS.logreg.version);
  if (!champion) throw new Error(`the demo champion ${DEMO_VERSIONS.logreg.version} was not seeded`);
  const shadow = await seedShadow({
    db,
    teamId: team.id,
    userId: author.id,
    champion,
    championModel: models.logreg.fit.model,
    challenger: builtinVersion,
    benchmark,
    queuePrefix: input.queuePrefix,
    log,
  });

  const review = await seedReview({ db, teamId: team.id, userId: author.id, version: builtinVersion, log });

  // The flight-delay story's sample, at once; its full scale follows in the background (demo-load).
  const flights = await seedFlights({
    db,
    storage: input.storage,
    teamId: team.id,
    userId: author.id,
    codeVersion: input.codeVersion,
    queuePrefix: input.queuePrefix,
    log,
  });
  for (const scale of input.fullScale ? (["sample", "full"] as const) : (["sample"] as const)) {
    await enqueueFlightsLoad({
      db,
      teamId: team.id,
      scale,
      replayFrom: flights.window.from,
      queuePrefix: input.queuePrefix,
      log,
    });
  }

  await db.demoSeed.upsert({
    where: { version: DEMO_SEED_VERSION },
    create: { version: DEMO_SEED_VERSION },
    update: {},
  });
  return {
    seeded: true,
    version: DEMO_SEED_VERSION,
    runIds: runs.map((r) => r.id),
    shadowEvaluationId: shadow.evaluation.id,
    reviewId: review.id,
    flights: { runIds: flights.runs.map((r) => r.id), replayFrom: flights.window.from },
  };
}

/**
 * For an already seeded demo: the flight jobs that have not done their work yet (the sample's
 * shadow evaluation does not exist, the full load is not recorded), with the sample's replay start.
 */
async function ensureFlightsLoad(input: SeedDemoInput): Promise<void> {
  const { db } = input;
  const team = await db.team.findUnique({ where: { slug: DEMO_TEAM.slug } });
  if (!team) return;
  const story = await findFlightStory({ db, teamId: team.id, scale: "sample", replayFrom: new Date(0) });
  if (!story) return;
  const first = await db.predictionEvent.findFirst({
    where: { teamId: team.id, modelVersionId: story.champion.id },
    orderBy: { timestamp: "asc" },
    select: { timestamp: true, features: true },
  });
  if (!first) return;
  const replayFrom = replayStartOfEvent(first);
  const evaluations = await db.shadowEvaluation.count({ where: { teamId: team.id, benchmarkId: story.benchmark.id } });
  const scales = [...(evaluations === 0 ? (["sample"] as const) : []), ...(input.fullScale ? (["full"] as const) : [])];
  for (const scale of scales) {
    await enqueueFlightsLoad({
      db,
      teamId: team.id,
      scale,
      replayFrom,
      queuePrefix: input.queuePrefix,
      log: input.log,
    });
  }
}
