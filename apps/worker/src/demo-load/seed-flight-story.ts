import { cutoffToEpochMs } from "@fieldtest/core";
import {
  type Benchmark,
  type BlobStorage,
  createDatasetVersion,
  type Db,
  type EvaluationRun,
  ingestLabels,
  ingestPredictionEvents,
  type LabelEventInput,
  type ModelVersion,
  type PredictionEventInput,
  type ShadowEvaluation,
  savePredictions,
} from "@fieldtest/db";
import { findOrCreate } from "../seed/find-or-create.ts";
import { DEMO_FLIGHTS } from "../seed/flight-content.ts";
import type { SeedLog } from "../seed/seed-log.ts";
import { seedRuns } from "../seed/seed-runs.ts";
import { startDemoShadow } from "../seed/start-demo-shadow.ts";
import { fitFlightModels, scoreHistory, scoreLogreg } from "./fit-flight-models.ts";
import {
  BENCHMARK_CUTOFF,
  DATASET_COLUMNS,
  delayedLabels,
  FIELD_FROM_MS,
  FIELD_TO_MS,
  type FlightColumns,
  flightEventId,
  flightPredictionsCsv,
  flightsCsv,
  hourOf,
  rowsBefore,
  weekdayOf,
} from "./flight-rows.ts";

const HOUR_MS = 3_600_000;

/** Where a story is in its work, for progress reports: `done` of `total` in the step's unit. */
export interface StoryProgress {
  step: string;
  done: number;
  total: number;
  unit: string;
}

export interface SeedFlightStoryInput {
  db: Db;
  storage: BlobStorage;
  teamId: string;
  userId: string;
  codeVersion: string;
  scale: "sample" | "full";
  /** The winter months' flights (the dataset) and June's (the field), as collected. */
  winter: FlightColumns;
  field: FlightColumns;
  /** Start of the replayed June window; June 1st 00:00 maps to it. */
  replayFrom: Date;
  queuePrefix?: string;
  log: SeedLog;
  /** Events per ingestion call. */
  batchSize?: number;
  onProgress?: (progress: StoryProgress) => Promise<void> | void;
}

export interface SeededFlightStory {
  benchmark: Benchmark;
  champion: Omit<ModelVersion, "endpointSecret">;
  challenger: Omit<ModelVersion, "endpointSecret">;
  runs: EvaluationRun[];
  events: number;
  labels: number;
  window: { from: Date; to: Date };
}

type SeededVersion = Omit<ModelVersion, "endpointSecret">;

/** The replayed June window that starts at `replayFrom`. */
export function replayWindow(replayFrom: Date): { from: Date; to: Date } {
  return { from: replayFrom, to: new Date(replayFrom.getTime() + (FIELD_TO_MS - FIELD_FROM_MS)) };
}

/** A new replay of June ends on the last whole hour before `now`, so its window is over. */
export function newReplayFrom(now: Date): Date {
  const end = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  return new Date(end - (FIELD_TO_MS - FIELD_FROM_MS));
}

/**
 * The replay start, from the replay's earliest event: a flight of June 1st (every sample has
 * hundreds a day) whose features hold its scheduled hour, replayed on the same minute of an hour
 * (replays start on whole hours).
 */
export function replayStartOfEvent(event: { timestamp: Date; features: unknown }): Date {
  const hour = Number((event.features as { hour?: unknown } | null)?.hour ?? 0);
  return new Date(Math.floor(event.timestamp.getTime() / HOUR_MS) * HOUR_MS - hour * HOUR_MS);
}

/**
 * The events and labels of June's flights, replayed from `replayFrom`: one production request of
 * the champion (served) and one of the challenger (in shadow) per flight, with the same features
 * and eventId, and the flight's label (delayed) labelDelayHours later, never after the window. Pure.
 */
export function flightTraffic(input: {
  field: FlightColumns;
  championVersionId: string;
  challengerVersionId: string;
  championScores: Float64Array;
  challengerScores: Float64Array;
  replayFrom: Date;
  from: number;
  to: number;
}): { events: PredictionEventInput[]; labels: LabelEventInput[] } {
  const { field, replayFrom } = input;
  const { from: windowFrom, to: windowTo } = replayWindow(replayFrom);
  const labels = delayedLabels(field);
  const { min, max } = DEMO_FLIGHTS.shadow.latencyMs;
  const events: PredictionEventInput[] = [];
  const labelEvents: LabelEventInput[] = [];
  for (let i = input.from; i < input.to; i++) {
    const index = field.index[i] as number;
    const t = field.time[i] as number;
    const timestamp = new Date(windowFrom.getTime() + (t - FIELD_FROM_MS));
    const features = {
      origin: field.origin[i],
      destination: field.destination[i],
      distance: field.distance[i],
      hour: hourOf(t),
      weekday: weekdayOf(t),
    };
    const eventId = flightEventId(index);
    // Latency from the flight's index: the same on every run and for a sampled or a full load.
    const latency = (k: number) =>
      Math.round((min + ((max - min) * ((index * 2_654_435_761 + k) % 1000)) / 1000) * 10) / 10;
    events.push(
      {
        eventId,
        modelVersionId: input.championVersionId,
        timestamp,
        features,
        prediction: Number((input.championScores[i] as number).toFixed(6)),
        latencyMs: latency(0),
      },
      {
        eventId,
        modelVersionId: input.challengerVersionId,
        timestamp,
        features,
        prediction: Number((input.challengerScores[i] as number).toFixed(6)),
        latencyMs: latency(1),
      },
    );
    const labelAt = Math.min(timestamp.getTime() + DEMO_FLIGHTS.shadow.labelDelayHours * HOUR_MS, windowTo.getTime());
    labelEvents.push({ eventId, label: labels[i] as number, timestamp: new Date(labelAt) });
  }
  return { events, labels: labelEvents };
}

/**
 * One scale of the flight-delay story (DEMO_FLIGHTS): its dataset version, the model and its two
 * offline versions (shared by both scales) with their predictions, its benchmark and runs, June's
 * traffic and one shadow evaluation of it. Every write is find-or-create, content-addressed or
 * deduplicated by eventId, so a run interrupted anywhere is completed by the next.
 */
export async function seedFlightStory(input: SeedFlightStoryInput): Promise<SeededFlightStory> {
  const { db, storage, teamId, userId, winter, field, log } = input;
  const spec = DEMO_FLIGHTS[input.scale];
  const report = async (step: string, done: number, total: number, unit: string) =>
    input.onProgress?.({ step, done, total, unit });

  await report("storing the dataset", 0, winter.index.length, "flights");
  const { datasetVersion, created } = await createDatasetVersion({
    db,
    storage,
    teamId,
    datasetName: spec.datasetName,
    description: DEMO_FLIGHTS.datasetDescription(spec.scale),
    body: toAsync(flightsCsv(winter)),
    format: "csv",
    idColumn: DATASET_COLUMNS[0],
    labelColumn: "delayed",
    timestampColumn: "departure",
    userId,
  });
  if (created) {
    log(
      `created dataset version "${spec.datasetName}" v${datasetVersion.version} ` +
        `(${datasetVersion.rowCount} flights, sha256 ${datasetVersion.sha256.slice(0, 12)}…)`,
    );
  }

  await report("fitting the models on January", 0, winter.index.length, "flights");
  const models = fitFlightModels(winter, rowsBefore(winter, cutoffToEpochMs(BENCHMARK_CUTOFF)));
  const model = await findOrCreate(
    () => db.model.findUnique({ where: { teamId_name: { teamId, name: DEMO_FLIGHTS.model.name } } }),
    () =>
      db.model.create({
        data: {
          teamId,
          name: DEMO_FLIGHTS.model.name,
          task: "binary_classification",
          description: DEMO_FLIGHTS.model.description,
          createdById: userId,
        },
      }),
  );
  if (model.created) log(`created model "${DEMO_FLIGHTS.model.name}"`);

  const versionOf = async (v: { version: string; stage: SeededVersion["stage"]; notes: string }) => {
    const found = await findOrCreate(
      () => db.modelVersion.findUnique({ where: { modelId_version: { modelId: model.row.id, version: v.version } } }),
      () =>
        db.modelVersion.create({
          data: {
            modelId: model.row.id,
            version: v.version,
            stage: v.stage,
            endpointKind: "offline",
            notes: v.notes,
            createdById: userId,
            lastChangedById: userId,
          },
        }),
    );
    if (found.created) log(`created model version ${v.version} (${v.stage}; offline)`);
    return found.row;
  };
  const champion = await versionOf(DEMO_FLIGHTS.versions.logreg);
  const challenger = await versionOf(DEMO_FLIGHTS.versions.history);

  const scored: [SeededVersion, Float64Array][] = [
    [champion, scoreLogreg(models.logreg.model, winter)],
    [challenger, scoreHistory(models.history, winter)],
  ];
  for (const [k, [version, scores]] of scored.entries()) {
    await report("uploading predictions", k, scored.length, "versions");
    const uploaded = await savePredictions({
      db,
      storage,
      teamId,
      modelVersionId: version.id,
      datasetVersionId: datasetVersion.id,
      body: toAsync(flightPredictionsCsv(winter, scores)),
      format: "csv",
      userId,
    });
    if (uploaded.created) log(`uploaded predictions of ${version.version} (${uploaded.predictions.rowCount} rows)`);
  }

  const { benchmark: protocol } = DEMO_FLIGHTS;
  const benchmark = await findOrCreate(
    () =>
      db.benchmark.findUnique({
        where: { teamId_name_version: { teamId, name: spec.benchmarkName, version: protocol.version } },
      }),
    () =>
      db.benchmark.create({
        data: {
          teamId,
          name: spec.benchmarkName,
          version: protocol.version,
          description: DEMO_FLIGHTS.benchmarkDescription(spec.scale),
          datasetVersionId: datasetVersion.id,
          split: { kind: "temporal", cutoff: BENCHMARK_CUTOFF },
          metrics: [...protocol.metrics],
          threshold: protocol.threshold,
          bootstrapResamples: spec.bootstrapResamples,
          seed: protocol.seed,
          createdById: userId,
        },
      }),
  );
  if (benchmark.created) log(`created benchmark "${spec.benchmarkName}" v${protocol.version}`);

  await report("starting benchmark runs", 0, 2, "runs");
  const runs = await seedRuns({
    db,
    teamId,
    plan: [champion, challenger].map((version) => ({ benchmark: benchmark.row, version })),
    userId,
    codeVersion: input.codeVersion,
    queuePrefix: input.queuePrefix,
    log,
  });

  const championScores = scoreLogreg(models.logreg.model, field);
  const challengerScores = scoreHistory(models.history, field);
  const batch = input.batchSize ?? 1_000;
  let accepted = 0;
  let labelled = 0;
  const total = field.index.length;
  for (let at = 0; at < total; at += batch) {
    await report("sending June's flights as production traffic", at, total, "flights");
    const traffic = flightTraffic({
      field,
      championVersionId: champion.id,
      challengerVersionId: challenger.id,
      championScores,
      challengerScores,
      replayFrom: input.replayFrom,
      from: at,
      to: Math.min(at + batch, total),
    });
    const outcomes = await ingestPredictionEvents({ db, teamId, events: traffic.events });
    const refused = outcomes.find((o) => o.status === "rejected");
    if (refused) throw new Error(`a June flight event was refused: ${refused.reason}`);
    accepted += outcomes.filter((o) => o.status === "accepted").length;
    const labelOutcomes = await ingestLabels({ db, teamId, labels: traffic.labels });
    labelled += labelOutcomes.filter((o) => o.status === "accepted").length;
  }
  await report("sending June's flights as production traffic", total, total, "flights");
  const window = replayWindow(input.replayFrom);
  if (accepted > 0) {
    log(
      `ingested ${accepted} June flight events of ${champion.version} and ${challenger.version} and ${labelled} ` +
        `labels (replayed ${window.from.toISOString()} to ${window.to.toISOString()})`,
    );
  }

  return { benchmark: benchmark.row, champion, challenger, runs, events: total * 2, labels: total, window };
}

/**
 * The story's shadow evaluation (find-or-create) and its first scoring. Started once the benchmark
 * runs are over: the scoring reads their metrics for the gap (benchmark − shadow), and the window
 * has ended, so its first scoring is also its last.
 */
export async function startFlightShadow(input: {
  db: Db;
  teamId: string;
  userId: string;
  story: Pick<SeededFlightStory, "benchmark" | "champion" | "challenger" | "window">;
  queuePrefix?: string;
  log: SeedLog;
}): Promise<ShadowEvaluation> {
  return startDemoShadow({
    db: input.db,
    teamId: input.teamId,
    userId: input.userId,
    champion: input.story.champion,
    challenger: input.story.challenger,
    benchmark: input.story.benchmark,
    window: input.story.window,
    seed: DEMO_FLIGHTS.shadow.evaluationSeed,
    trafficName: "June 2001",
    queuePrefix: input.queuePrefix,
    log: input.log,
  });
}

/**
 * Waits until every run is over (succeeded or failed), polling Postgres; resolves with their
 * statuses. Gives up after `timeoutMs` (then the shadow scoring goes ahead without the gap).
 */
export async function waitForRuns(input: {
  db: Db;
  runIds: readonly string[];
  timeoutMs: number;
  pollMs?: number;
}): Promise<{ done: boolean; statuses: string[] }> {
  const deadline = Date.now() + input.timeoutMs;
  for (;;) {
    const rows = await input.db.evaluationRun.findMany({
      where: { id: { in: [...input.runIds] } },
      select: { status: true },
    });
    const statuses = rows.map((r) => r.status);
    const done = statuses.every((s) => s === "succeeded" || s === "failed" || s === "cancelled");
    if (done || Date.now() >= deadline) return { done, statuses };
    await new Promise((resolve) => setTimeout(resolve, input.pollMs ?? 1_000));
  }
}

async function* toAsync(chunks: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

/** The story of `scale` that seedFlightStory wrote (null while any of it is missing): what its shadow needs. */
export async function findFlightStory(input: {
  db: Db;
  teamId: string;
  scale: "sample" | "full";
  replayFrom: Date;
}): Promise<Omit<SeededFlightStory, "events" | "labels"> | null> {
  const { db, teamId } = input;
  const spec = DEMO_FLIGHTS[input.scale];
  const model = await db.model.findUnique({ where: { teamId_name: { teamId, name: DEMO_FLIGHTS.model.name } } });
  const benchmark = await db.benchmark.findUnique({
    where: { teamId_name_version: { teamId, name: spec.benchmarkName, version: DEMO_FLIGHTS.benchmark.version } },
  });
  if (!model || !benchmark) return null;
  const versionOf = (version: string) =>
    db.modelVersion.findUnique({
      where: { modelId_version: { modelId: model.id, version } },
    });
  const champion = await versionOf(DEMO_FLIGHTS.versions.logreg.version);
  const challenger = await versionOf(DEMO_FLIGHTS.versions.history.version);
  if (!champion || !challenger) return null;
  const runs: EvaluationRun[] = [];
  for (const version of [champion, challenger]) {
    const run = await db.evaluationRun.findFirst({
      where: { teamId, kind: "benchmark", benchmarkId: benchmark.id, modelVersionId: version.id },
      orderBy: { createdAt: "asc" },
    });
    if (!run) return null;
    runs.push(run);
  }
  return { benchmark, champion, challenger, runs, window: replayWindow(input.replayFrom) };
}
