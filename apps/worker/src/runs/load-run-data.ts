import {
  AppError,
  type BlobStorage,
  badInput,
  type ColumnarTable,
  type DatasetVersion,
  type Db,
  numericColumn,
  PREDICTION_ID,
  PREDICTION_SCORE,
  stringColumn,
} from "@fieldtest/db";
import { indexPredictions, type PredictionsByRowId } from "./join-predictions.ts";
import { readStoredTable } from "./read-stored-table.ts";
import type { ExecutableBenchmarkRunConfig } from "./run-config.ts";

export interface RunData {
  datasetVersion: DatasetVersion;
  dataset: ColumnarTable;
  /** The offline version's predictions by row id; null for versions Fieldtest scores itself. */
  predictions: PredictionsByRowId | null;
}

/**
 * The dataset version the run froze (refused when its content changed) and, for an offline
 * version, its uploaded predictions (refused when they are missing or not the upload the run
 * froze), read from storage.
 */
export async function loadRunData(input: {
  db: Db;
  storage: BlobStorage;
  run: { datasetHash: string; modelVersionId: string };
  config: ExecutableBenchmarkRunConfig;
}): Promise<RunData> {
  const { db, storage, run, config } = input;
  const datasetVersion = await db.datasetVersion.findUnique({ where: { id: config.datasetVersionId } });
  if (!datasetVersion) throw new AppError("NOT_FOUND", "The benchmark's dataset version no longer exists");
  if (datasetVersion.sha256 !== run.datasetHash) {
    throw new AppError(
      "CONFLICT",
      `Dataset version ${datasetVersion.version} no longer has the content this run froze`,
    );
  }
  let predictions: PredictionsByRowId | null = null;
  if (config.endpoint.kind === "offline") {
    const upload = await db.predictions.findUnique({
      where: {
        modelVersionId_datasetVersionId: { modelVersionId: run.modelVersionId, datasetVersionId: datasetVersion.id },
      },
    });
    if (!upload) {
      throw badInput(
        "predictions",
        `The model version has no predictions for dataset version ${datasetVersion.version}`,
      );
    }
    if (config.predictionsSha256 !== null && upload.sha256 !== config.predictionsSha256) {
      throw new AppError("CONFLICT", "The model version's predictions are not the upload this run froze");
    }
    const table = await readStoredTable(storage, upload.storageKey, "the uploaded predictions");
    predictions = indexPredictions(stringColumn(table, PREDICTION_ID), numericColumn(table, PREDICTION_SCORE));
  }
  const dataset = await readStoredTable(
    storage,
    datasetVersion.storageKey,
    `dataset version ${datasetVersion.version}`,
  );
  return { datasetVersion, dataset, predictions };
}
