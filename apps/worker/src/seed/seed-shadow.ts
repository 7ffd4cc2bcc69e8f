import { type LogisticRegressionModel, predictLogisticRegression } from "@fieldtest/core";
import {
  type Benchmark,
  type Db,
  ingestLabels,
  ingestPredictionEvents,
  type LabelEventInput,
  type ModelVersion,
  type PredictionEventInput,
  type ShadowEvaluation,
} from "@fieldtest/db";
import { RAIN_FEATURES, rainFeaturesOf } from "./build-rain-dataset.ts";
import { DEMO_SHADOW } from "./demo-content.ts";
import { readNewYorkWeather } from "./read-new-york-weather.ts";
import type { WeatherDay } from "./read-seattle-weather.ts";
import type { SeedLog } from "./seed-log.ts";
import { startDemoShadow } from "./start-demo-shadow.ts";

const HOUR_MS = 3_600_000;

export interface SeedShadowInput {
  db: Db;
  teamId: string;
  userId: string;
  /** The champion: production's version, whose model the seed fitted (v1-logreg). */
  champion: Pick<ModelVersion, "id" | "version">;
  championModel: LogisticRegressionModel;
  /** The challenger (v2-gbm, builtin: the worker infers its answers). */
  challenger: Pick<ModelVersion, "id" | "version">;
  /** The Seattle benchmark both versions ran on: the gap's benchmark side and the drift reference. */
  benchmark: Pick<Benchmark, "id" | "name" | "version">;
  /** BullMQ key prefix; defaults to FIELDTEST_QUEUE_PREFIX. */
  queuePrefix?: string;
  log: SeedLog;
  /** weather.csv; defaults to the one in vega-datasets. */
  weatherCsv?: string;
  /** Injected for tests; default: now. */
  now?: Date;
}

export interface SeededShadow {
  evaluation: ShadowEvaluation;
  events: number;
  labels: number;
  window: { from: Date; to: Date };
}

/** New York's days as the champion's production traffic: one event per day, and the labels that have arrived. */
export interface NewYorkTraffic {
  events: PredictionEventInput[];
  labels: LabelEventInput[];
  window: { from: Date; to: Date };
}

/**
 * The events and labels of DEMO_SHADOW for New York's `days`, replayed from `start` on (one day
 * every replayHoursPerDay hours). Day i's features are those of the Seattle dataset, its
 * prediction the champion model's, its latency seeded; its label (rain the next day) arrives at
 * the next replayed day, for every day but the last `unlabelledDays`. Pure: the same input gives
 * the same output.
 */
export function newYorkTraffic(input: {
  days: readonly WeatherDay[];
  championVersionId: string;
  championModel: LogisticRegressionModel;
  start: Date;
}): NewYorkTraffic {
  const { days, championVersionId } = input;
  const step = DEMO_SHADOW.replayHoursPerDay * HOUR_MS;
  const rows = days.map(rainFeaturesOf);
  const columns = RAIN_FEATURES.map((_, j) => Float64Array.from(rows, (r) => r[j] as number));
  const scores = predictLogisticRegression(input.championModel, columns);
  const random = mulberry32(DEMO_SHADOW.latencySeed);
  const { min, max } = DEMO_SHADOW.latencyMs;
  const timeOf = (i: number) => new Date(input.start.getTime() + i * step);

  const events = days.map((day, i): PredictionEventInput => {
    const features = Object.fromEntries(RAIN_FEATURES.map((name, j) => [name, rows[i]?.[j] as number]));
    return {
      eventId: `${DEMO_SHADOW.eventIdPrefix}${day.date}`,
      modelVersionId: championVersionId,
      timestamp: timeOf(i),
      features,
      // Six decimals, as the seed's uploaded predictions: stable bytes on every machine.
      prediction: Number((scores[i] as number).toFixed(6)),
      latencyMs: Math.round((min + (max - min) * random()) * 10) / 10,
    };
  });
  const labels: LabelEventInput[] = [];
  const labelledDays = days.length - DEMO_SHADOW.unlabelledDays;
  for (let i = 0; i < labelledDays && i + 1 < days.length; i++) {
    const tomorrow = days[i + 1] as WeatherDay;
    labels.push({
      eventId: `${DEMO_SHADOW.eventIdPrefix}${(days[i] as WeatherDay).date}`,
      label: tomorrow.precipitation > 0 ? 1 : 0,
      // Known once tomorrow is over: at the next replayed day.
      timestamp: timeOf(i + 1),
    });
  }
  return { events, labels, window: { from: timeOf(0), to: timeOf(days.length) } };
}

/**
 * The shadow story (DEMO_SHADOW): New York's days ingested as the champion's events with their
 * labels so far, and one shadow evaluation of the challenger over the whole replay, whose first
 * scoring is enqueued (when Redis is down the worker's sweeper enqueues it). Idempotent: the
 * replay keeps the start time the first seed chose (read back from its first event); resent
 * events and labels are duplicates; an existing evaluation of the same window is kept.
 */
export async function seedShadow(input: SeedShadowInput): Promise<SeededShadow> {
  const { db, teamId, champion, challenger, benchmark, log } = input;
  const days = await readNewYorkWeather(input.weatherCsv);
  const first = days[0] as WeatherDay;
  const existing = await db.predictionEvent.findFirst({
    where: { teamId, eventId: `${DEMO_SHADOW.eventIdPrefix}${first.date}`, modelVersionId: champion.id },
    select: { timestamp: true },
  });
  const step = DEMO_SHADOW.replayHoursPerDay * HOUR_MS;
  // A new replay ends on the last whole hour, so its window is over and a replay can finish.
  const end = Math.floor((input.now ?? new Date()).getTime() / HOUR_MS) * HOUR_MS;
  const start = existing?.timestamp ?? new Date(end - days.length * step);
  const traffic = newYorkTraffic({ days, championVersionId: champion.id, championModel: input.championModel, start });

  let accepted = 0;
  for (let at = 0; at < traffic.events.length; at += DEMO_SHADOW.batchSize) {
    const outcomes = await ingestPredictionEvents({
      db,
      teamId,
      events: traffic.events.slice(at, at + DEMO_SHADOW.batchSize),
    });
    const refused = outcomes.find((o) => o.status === "rejected");
    if (refused) throw new Error(`a New York event was refused: ${refused.reason}`);
    accepted += outcomes.filter((o) => o.status === "accepted").length;
  }
  if (accepted > 0) {
    log(
      `ingested ${accepted} New York events of ${champion.version} (${first.date} to ${days[days.length - 1]?.date}, ` +
        `replayed ${traffic.window.from.toISOString()} to ${traffic.window.to.toISOString()})`,
    );
  }
  let labelled = 0;
  for (let at = 0; at < traffic.labels.length; at += DEMO_SHADOW.batchSize) {
    const outcomes = await ingestLabels({ db, teamId, labels: traffic.labels.slice(at, at + DEMO_SHADOW.batchSize) });
    labelled += outcomes.filter((o) => o.status === "accepted").length;
  }
  if (labelled > 0) {
    log(`ingested ${labelled} New York labels (the last ${DEMO_SHADOW.unlabelledDays} days still unlabelled)`);
  }

  const evaluation = await startDemoShadow({
    db,
    teamId,
    userId: input.userId,
    champion,
    challenger,
    benchmark,
    window: traffic.window,
    seed: DEMO_SHADOW.evaluationSeed,
    trafficName: "New York",
    queuePrefix: input.queuePrefix,
    log,
  });
  return { evaluation, events: traffic.events.length, labels: traffic.labels.length, window: traffic.window };
}

/** A small seeded PRNG (mulberry32): uniform in [0, 1), the same sequence for the same seed everywhere. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
