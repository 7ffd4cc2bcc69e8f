import type { BlobStorage, Db } from "@fieldtest/db";
import type { DemoLoadProgress } from "@fieldtest/jobs";
import { DEMO_FLIGHTS } from "../seed/flight-content.ts";
import type { SeedLog } from "../seed/seed-log.ts";
import { collectFlights } from "./collect-flights.ts";
import { countFlights } from "./read-flights.ts";
import { type SeededFlightStory, seedFlightStory } from "./seed-flight-story.ts";

/** The load's steps, in order: the progress says which one runs (stepNumber of steps). */
export const FULL_SCALE_STEPS = [
  "reading flights",
  "storing the dataset",
  "fitting the models on January",
  "uploading predictions",
  "starting benchmark runs",
  "sending June's flights as production traffic",
] as const;

export interface LoadFlightsInput {
  db: Db;
  storage: BlobStorage;
  teamId: string;
  userId: string;
  codeVersion: string;
  replayFrom: Date;
  queuePrefix?: string;
  log: SeedLog;
  /** Read only the first rowLimit flights of the file (tests). */
  rowLimit?: number;
  onProgress?: (progress: DemoLoadProgress) => Promise<void> | void;
}

/**
 * The flight-delay story at full scale (DEMO_FLIGHTS.full): every flight of flights-3m.parquet read
 * row group by row group, January–February as the dataset (~970k flights), June's ~500k flights as
 * production traffic of both versions with their labels. Idempotent like the sampled story it
 * extends: run again, it finds what exists and adds what is missing.
 */
export async function loadFlightsFullScale(input: LoadFlightsInput): Promise<SeededFlightStory> {
  // The processor's last step (waiting for the benchmark runs) counts too.
  const steps = FULL_SCALE_STEPS.length + 1;
  const progress = async (step: string, done: number, total: number, unit: string) => {
    const index = FULL_SCALE_STEPS.indexOf(step as (typeof FULL_SCALE_STEPS)[number]);
    await input.onProgress?.({ step, stepNumber: index + 1, steps, done, total, unit });
  };
  const total = await countFlights({ rowLimit: input.rowLimit });
  await progress(FULL_SCALE_STEPS[0], 0, total, "flights");
  const started = performance.now();
  const { winter, field } = await collectFlights({
    routeShare: DEMO_FLIGHTS.full.routeShare,
    rowLimit: input.rowLimit,
    onBatch: (read) => progress(FULL_SCALE_STEPS[0], read, total, "flights"),
  });
  input.log(
    `read ${total} flights in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
      `${winter.index.length} of January–February, ${field.index.length} of June`,
  );
  return seedFlightStory({
    db: input.db,
    storage: input.storage,
    teamId: input.teamId,
    userId: input.userId,
    codeVersion: input.codeVersion,
    scale: "full",
    winter,
    field,
    replayFrom: input.replayFrom,
    queuePrefix: input.queuePrefix,
    log: input.log,
    batchSize: 2_000,
    onProgress: (p) => progress(p.step, p.done, p.total, p.unit),
  });
}
