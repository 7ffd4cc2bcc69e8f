import type { BlobStorage, Db } from "@fieldtest/db";
import { DEMO_AUTHOR_EMAIL, DEMO_SEED_VERSION, DEMO_VERSIONS } from "./demo-content.ts";
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
}

export type SeedDemoResult =
  | { seeded: false; version: number }
  | { seeded: true; version: number; runIds: string[]; shadowEvaluationId: string; reviewId: string };

/**
 * Seeds the demo portfolio once per DEMO_SEED_VERSION: a database that recorded the version
 * in DemoSeed is left untouched. The record is written last, so a run that stopped midway
 * is completed by the next one (every step before it finds what already exists); the same
 * holds for a database seeded by an earlier version, which gets only what is new.
 */
export async function seedDemo(input: SeedDemoInput): Promise<SeedDemoResult> {
  const { db, log } = input;
  const applied = await db.demoSeed.findUnique({ where: { version: DEMO_SEED_VERSION } });
  if (applied) return { seeded: false, version: DEMO_SEED_VERSION };

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
  };
}
