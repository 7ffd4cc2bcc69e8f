import { bootstrapBinarySuite, evaluateBinary, MetricUndefinedError } from "@fieldtest/core";
import {
  AppError,
  type BlobStorage,
  badInput,
  type Db,
  type EvaluationRun,
  numericColumn,
  PREDICTION_ID,
  PREDICTION_SCORE,
  stringColumn,
} from "@fieldtest/db";
import { binaryLabels } from "./binary-labels.ts";
import { indexPredictions } from "./join-predictions.ts";
import { readStoredTable } from "./read-stored-table.ts";
import {
  type ExecutableBenchmarkRunConfig,
  executableBenchmarkRunConfig,
  parseBenchmarkRunConfig,
} from "./run-config.ts";
import type { RunMetricValue } from "./run-status.ts";
import { scoreTestRows } from "./score-test-rows.ts";
import { selectTestRows } from "./test-rows.ts";

/** Progress once the stored files are read, and once every test row is scored (then metrics, then 1). */
const PROGRESS_LOADED = 0.1;
const PROGRESS_SCORED = 0.9;
/** Progress steps while scoring; each is one job.updateProgress and one row update. */
export const SCORING_CHUNKS = 20;

export interface EvaluateBenchmarkRunInput {
  db: Db;
  storage: BlobStorage;
  run: Pick<EvaluationRun, "id" | "config" | "datasetHash" | "modelVersionId">;
  /** Reports progress (0..1, rising); awaited between scoring chunks. */
  onProgress: (progress: number) => Promise<void>;
}

/**
 * Executes a benchmark run's frozen protocol on an offline version's uploaded predictions:
 * load the dataset version and predictions → split → labels → join scores by row id →
 * core's metrics on the test rows, with bootstrap intervals at the protocol's confidence.
 * A protocol with parts this worker does not execute yet (see executableBenchmarkRunConfig)
 * and data the protocol cannot be executed on are AppErrors whose message tells the owner
 * what to do; the first is refused before any data is read.
 */
export async function evaluateBenchmarkRun(input: EvaluateBenchmarkRunInput): Promise<RunMetricValue[]> {
  const { db, storage, run, onProgress } = input;
  const config = executableBenchmarkRunConfig(parseBenchmarkRunConfig(run.config));

  const datasetVersion = await db.datasetVersion.findUnique({ where: { id: config.datasetVersionId } });
  if (!datasetVersion) throw new AppError("NOT_FOUND", "The benchmark's dataset version no longer exists");
  if (datasetVersion.sha256 !== run.datasetHash) {
    throw new AppError(
      "CONFLICT",
      `Dataset version ${datasetVersion.version} no longer has the content this run froze`,
    );
  }
  const predictions = await db.predictions.findUnique({
    where: {
      modelVersionId_datasetVersionId: { modelVersionId: run.modelVersionId, datasetVersionId: datasetVersion.id },
    },
  });
  if (!predictions) {
    throw badInput("predictions", `The model version has no predictions for dataset version ${datasetVersion.version}`);
  }
  if (config.predictionsSha256 !== null && predictions.sha256 !== config.predictionsSha256) {
    throw new AppError("CONFLICT", "The model version's predictions are not the upload this run froze");
  }

  const dataset = await readStoredTable(
    storage,
    datasetVersion.storageKey,
    `dataset version ${datasetVersion.version}`,
  );
  const predictionsTable = await readStoredTable(storage, predictions.storageKey, "the uploaded predictions");
  await onProgress(PROGRESS_LOADED);

  const rowIds = stringColumn(dataset, datasetVersion.idColumn);
  const { timestampColumn, labelColumn } = datasetVersion;
  const rows = selectTestRows({
    split: config.split,
    seed: config.seed,
    rowCount: dataset.rowCount,
    timestamps: timestampColumn ? numericColumn(dataset, timestampColumn) : null,
  });
  const labels = binaryLabels({ column: labelColumn, values: dataset.values[labelColumn] ?? [], rowIds, rows });
  const scores = await scoreTestRows({
    rowIds,
    rows,
    predictions: indexPredictions(
      stringColumn(predictionsTable, PREDICTION_ID),
      numericColumn(predictionsTable, PREDICTION_SCORE),
    ),
    chunks: SCORING_CHUNKS,
    onChunk: (share) => onProgress(PROGRESS_LOADED + share * (PROGRESS_SCORED - PROGRESS_LOADED)),
  });

  let values: RunMetricValue[];
  try {
    values = evaluateBinary({ labels, scores, threshold: config.threshold, metrics: config.metrics });
  } catch (err) {
    if (err instanceof MetricUndefinedError) {
      throw badInput("split", `The test split (${rows.length} rows) cannot be scored: ${err.message}`);
    }
    throw err;
  }
  return withIntervals(values, { labels, scores, config });
}

/** Seeded percentile bootstrap intervals of every metric at the protocol's level; none when resamples is 0. */
function withIntervals(
  values: RunMetricValue[],
  input: { labels: Float64Array; scores: Float64Array; config: ExecutableBenchmarkRunConfig },
): RunMetricValue[] {
  const { labels, scores, config } = input;
  const { level, resamples } = config.confidence;
  if (resamples === 0) return values;
  try {
    // The run's seed, like the split: the same run reproduces the same intervals.
    const intervals = bootstrapBinarySuite({
      labels,
      scores,
      threshold: config.threshold,
      metrics: config.metrics,
      seed: config.seed,
      resamples,
      level,
    });
    return values.map((v) => ({ ...v, lower: intervals[v.metric].lower, upper: intervals[v.metric].upper, level }));
  } catch (err) {
    if (err instanceof MetricUndefinedError) {
      throw badInput(
        "confidence",
        `No ${Math.round(level * 1000) / 10}% interval can be computed on the test split (${labels.length} rows): ${err.message}. Use a larger test split, or a benchmark version with resamples 0`,
      );
    }
    throw err;
  }
}
