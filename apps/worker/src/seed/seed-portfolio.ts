import { benchmarkProtocolSchema, benchmarkProtocolToColumns, cutoffToEpochMs } from "@fieldtest/core";
import {
  type Benchmark,
  type BlobStorage,
  chunksOf,
  createDatasetVersion,
  type DatasetVersion,
  type Db,
  type ModelVersion,
  type Stage,
  savePredictions,
  type Team,
  type User,
} from "@fieldtest/db";
import { buildRainDataset, rainDatasetCsv } from "./build-rain-dataset.ts";
import {
  DEMO_BENCHMARK,
  DEMO_BUILTIN_VERSION,
  DEMO_DATASET,
  DEMO_MODEL,
  DEMO_STRESS_BENCHMARK,
  DEMO_VERSIONS,
  TEMPORAL_CUTOFF,
} from "./demo-content.ts";
import { findOrCreate } from "./find-or-create.ts";
import { type DemoModels, fitDemoModels, predictionsCsv } from "./fit-demo-models.ts";
import { readSeattleWeather } from "./read-seattle-weather.ts";
import type { SeedLog } from "./seed-log.ts";

export interface SeedPortfolioInput {
  db: Db;
  storage: BlobStorage;
  team: Team;
  author: User;
  log: SeedLog;
  /** weather.csv; defaults to the one in vega-datasets. */
  weatherCsv?: string;
}

type SeededVersion = Omit<ModelVersion, "endpointSecret">;

export interface SeededPortfolio {
  datasetVersion: DatasetVersion;
  /** The temporal holdout (accuracy and ROC AUC): every version can run it. */
  benchmark: Benchmark;
  /** The full protocol with decision costs, a slice and stress: only versions Fieldtest can call run it. */
  stressBenchmark: Benchmark;
  /** The demo model's offline versions, baseline first. */
  versions: SeededVersion[];
  /** The builtin version (trained by Fieldtest inside each run). */
  builtinVersion: SeededVersion;
  /** The models the seed fitted (v1-logreg's serves the shadow story's New York events). */
  models: DemoModels;
}

/**
 * The rain-tomorrow dataset version, the model with its two offline versions and their
 * predictions and its builtin version, the temporal-holdout benchmark and the decision-costs-
 * and-stress benchmark. Every write is find-or-create or content-addressed, so a run
 * interrupted anywhere can simply be run again, and a database seeded by an earlier seed
 * version only gets what is new.
 */
export async function seedPortfolio(input: SeedPortfolioInput): Promise<SeededPortfolio> {
  const { db, storage, team, author, log } = input;
  const dataset = buildRainDataset(await readSeattleWeather(input.weatherCsv));
  const { datasetVersion, created } = await createDatasetVersion({
    db,
    storage,
    teamId: team.id,
    datasetName: DEMO_DATASET.name,
    description: DEMO_DATASET.description,
    body: chunksOf(rainDatasetCsv(dataset)),
    format: "csv",
    idColumn: DEMO_DATASET.idColumn,
    labelColumn: DEMO_DATASET.labelColumn,
    timestampColumn: DEMO_DATASET.timestampColumn,
    userId: author.id,
  });
  if (created) {
    log(
      `created dataset version "${DEMO_DATASET.name}" v${datasetVersion.version} ` +
        `(${datasetVersion.rowCount} days, sha256 ${datasetVersion.sha256.slice(0, 12)}…)`,
    );
  }

  const models = fitDemoModels(dataset, cutoffToEpochMs(TEMPORAL_CUTOFF));
  const model = await findOrCreate(
    () => db.model.findUnique({ where: { teamId_name: { teamId: team.id, name: DEMO_MODEL.name } } }),
    () =>
      db.model.create({
        data: {
          teamId: team.id,
          name: DEMO_MODEL.name,
          task: "binary_classification",
          description: DEMO_MODEL.description,
          createdById: author.id,
        },
      }),
  );
  if (model.created) log(`created model "${DEMO_MODEL.name}"`);

  const { fit } = models.logreg;
  const versions: SeededVersion[] = [];
  for (const [spec, scores, detail] of [
    [
      DEMO_VERSIONS.persistence,
      models.persistence.scores,
      `P(rain tomorrow) ${models.persistence.rainyRate.toFixed(3)} after rain, ${models.persistence.dryRate.toFixed(3)} after a dry day`,
    ],
    [
      DEMO_VERSIONS.logreg,
      models.logreg.scores,
      `logistic regression on ${models.trainRows} training days, ${fit.iterations} Newton iterations`,
    ],
  ] as const) {
    const version = await findOrCreate(
      () =>
        db.modelVersion.findUnique({ where: { modelId_version: { modelId: model.row.id, version: spec.version } } }),
      () =>
        db.modelVersion.create({
          data: {
            modelId: model.row.id,
            version: spec.version,
            stage: spec.stage,
            endpointKind: "offline",
            notes: spec.notes,
            createdById: author.id,
            lastChangedById: author.id,
          },
        }),
    );
    if (version.created) log(`created model version ${spec.version} (${spec.stage}; ${detail})`);
    const row = version.created ? version.row : await settleStage(db, version.row, spec, author.id, log);
    const uploaded = await savePredictions({
      db,
      storage,
      teamId: team.id,
      modelVersionId: version.row.id,
      datasetVersionId: datasetVersion.id,
      body: chunksOf(predictionsCsv(dataset.dates, scores)),
      format: "csv",
      userId: author.id,
    });
    if (uploaded.created) log(`uploaded predictions of ${spec.version} (${uploaded.predictions.rowCount} rows)`);
    versions.push(row);
  }

  const builtin = await findOrCreate(
    () =>
      db.modelVersion.findUnique({
        where: { modelId_version: { modelId: model.row.id, version: DEMO_BUILTIN_VERSION.version } },
      }),
    () =>
      db.modelVersion.create({
        data: {
          modelId: model.row.id,
          version: DEMO_BUILTIN_VERSION.version,
          stage: DEMO_BUILTIN_VERSION.stage,
          endpointKind: "builtin",
          endpointConfig: { ...DEMO_BUILTIN_VERSION.endpointConfig },
          notes: DEMO_BUILTIN_VERSION.notes,
          createdById: author.id,
          lastChangedById: author.id,
        },
      }),
  );
  if (builtin.created) {
    log(
      `created model version ${DEMO_BUILTIN_VERSION.version} (${DEMO_BUILTIN_VERSION.stage}; builtin ` +
        `${DEMO_BUILTIN_VERSION.endpointConfig.algorithm}, trained by Fieldtest in each run)`,
    );
  }

  const benchmark = await findOrCreate(
    () =>
      db.benchmark.findUnique({
        where: { teamId_name_version: { teamId: team.id, name: DEMO_BENCHMARK.name, version: DEMO_BENCHMARK.version } },
      }),
    () =>
      db.benchmark.create({
        data: {
          teamId: team.id,
          name: DEMO_BENCHMARK.name,
          version: DEMO_BENCHMARK.version,
          datasetVersionId: datasetVersion.id,
          split: DEMO_BENCHMARK.split,
          metrics: [...DEMO_BENCHMARK.metrics],
          threshold: DEMO_BENCHMARK.threshold,
          seed: DEMO_BENCHMARK.seed,
          createdById: author.id,
        },
      }),
  );
  if (benchmark.created) log(`created benchmark "${DEMO_BENCHMARK.name}" v${DEMO_BENCHMARK.version}`);

  // Parsed like any benchmark the app defines, so the demo cannot store a protocol a run would refuse.
  const protocol = benchmarkProtocolSchema.parse(DEMO_STRESS_BENCHMARK.protocol);
  const stressBenchmark = await findOrCreate(
    () =>
      db.benchmark.findUnique({
        where: {
          teamId_name_version: {
            teamId: team.id,
            name: DEMO_STRESS_BENCHMARK.name,
            version: DEMO_STRESS_BENCHMARK.version,
          },
        },
      }),
    () =>
      db.benchmark.create({
        data: {
          teamId: team.id,
          name: DEMO_STRESS_BENCHMARK.name,
          version: DEMO_STRESS_BENCHMARK.version,
          description: DEMO_STRESS_BENCHMARK.description,
          datasetVersionId: datasetVersion.id,
          ...benchmarkProtocolToColumns(protocol),
          createdById: author.id,
        },
      }),
  );
  if (stressBenchmark.created) {
    log(`created benchmark "${DEMO_STRESS_BENCHMARK.name}" v${DEMO_STRESS_BENCHMARK.version}`);
  }
  return {
    datasetVersion,
    benchmark: benchmark.row,
    stressBenchmark: stressBenchmark.row,
    versions,
    builtinVersion: builtin.created
      ? builtin.row
      : await settleStage(db, builtin.row, DEMO_BUILTIN_VERSION, author.id, log),
    models,
  };
}

/**
 * Moves a version an earlier seed version created to the stage this one gives it, only while it
 * still has the stage that seed gave it: a stage someone changed since is theirs, and kept.
 */
async function settleStage(
  db: Db,
  row: SeededVersion,
  spec: { version: string; stage: Stage; previousStage: Stage },
  userId: string,
  log: SeedLog,
): Promise<SeededVersion> {
  if (row.stage !== spec.previousStage) return row;
  const moved = await db.modelVersion.updateMany({
    where: { id: row.id, stage: spec.previousStage },
    data: { stage: spec.stage, lastChangedById: userId },
  });
  // Someone else moved it in between: theirs stands.
  if (moved.count === 0) return row;
  log(`moved model version ${spec.version} from ${spec.previousStage} to ${spec.stage}`);
  return { ...row, stage: spec.stage, lastChangedById: userId };
}
