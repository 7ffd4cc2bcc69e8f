import type { Db } from "../client.ts";
import { AppError, badInput, notFound } from "../errors.ts";
import type { Predictions } from "../generated/prisma/client.ts";
import { putContentAddressed } from "../storage/put-content-addressed.ts";
import type { BlobStorage } from "../storage/storage.ts";
import { type ColumnarTable, decodeTable, encodeTable } from "../tables/columnar-table.ts";
import { parseCsvTable, TableParseError } from "../tables/parse-csv.ts";
import { sha256Hex } from "./hash.ts";

export interface SavePredictionsInput {
  db: Db;
  storage: BlobStorage;
  teamId: string;
  modelVersionId: string;
  datasetVersionId: string;
  /** CSV with a row-id column (named like the dataset's id column, or `id`) and a `score` column. */
  bytes: Uint8Array;
  userId: string;
}

export const PREDICTION_ID = "rowId";
export const PREDICTION_SCORE = "score";

/**
 * Stores an `offline` version's predictions for one dataset version, keyed by row id.
 * One upload per (version, dataset version): identical content returns the existing upload,
 * different content is refused (runs that used the first must stay reproducible).
 */
export async function savePredictions(
  input: SavePredictionsInput,
): Promise<{ predictions: Predictions; created: boolean }> {
  const { db, storage } = input;
  const version = await db.modelVersion.findFirst({
    where: { id: input.modelVersionId, model: { teamId: input.teamId } },
    include: { model: true },
  });
  if (!version) throw notFound("Model version", "modelVersionId");
  if (version.endpointKind !== "offline") {
    throw badInput(
      "modelVersionId",
      `Version ${version.version} has a ${version.endpointKind} endpoint; upload predictions only for offline versions`,
    );
  }
  const datasetVersion = await db.datasetVersion.findFirst({
    where: { id: input.datasetVersionId, dataset: { teamId: input.teamId } },
  });
  if (!datasetVersion) throw notFound("Dataset version", "datasetVersionId");

  const sha256 = sha256Hex(input.bytes);
  const existing = await db.predictions.findUnique({
    where: { modelVersionId_datasetVersionId: { modelVersionId: version.id, datasetVersionId: datasetVersion.id } },
  });
  if (existing) {
    if (existing.sha256 === sha256) return { predictions: existing, created: false };
    throw new AppError(
      "CONFLICT",
      `Version ${version.version} already has predictions for this dataset version; register a new version to upload different ones`,
      { field: "file" },
    );
  }

  let table: ColumnarTable;
  try {
    table = parseCsvTable(new TextDecoder("utf-8", { fatal: true }).decode(input.bytes), {
      stringColumns: [datasetVersion.idColumn, "id"],
    });
  } catch (err) {
    if (err instanceof TableParseError) throw badInput("file", err.message);
    if (err instanceof TypeError) throw badInput("file", "The file is not valid UTF-8 text");
    throw err;
  }

  const names = table.columns.map((c) => c.name);
  const idName = [datasetVersion.idColumn, "id"].find((n) => names.includes(n));
  if (!idName)
    throw badInput(
      "file",
      `Predictions need a row-id column named "${datasetVersion.idColumn}" or "id" (found: ${names.join(", ")})`,
    );
  const scoreName = ["score", "prediction"].find((n) => names.includes(n));
  if (!scoreName) throw badInput("file", `Predictions need a "score" column (found: ${names.join(", ")})`);

  const dataset = decodeTable(await storage.get(datasetVersion.storageKey));
  const known = new Set((dataset.values[datasetVersion.idColumn] ?? []).map((v) => String(v)));
  const ids = table.values[idName] ?? [];
  const scores = table.values[scoreName] ?? [];
  const seen = new Set<string>();
  const rowIds: string[] = [];
  const values: number[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    const line = i + 2;
    const id = ids[i];
    if (id === null || id === undefined) throw badInput("file", `Row id is missing on line ${line}`);
    const key = String(id);
    if (!known.has(key)) throw badInput("file", `Row id "${key}" on line ${line} is not in the dataset version`);
    if (seen.has(key)) throw badInput("file", `Row id "${key}" appears twice (line ${line})`);
    seen.add(key);
    const score = scores[i];
    if (typeof score !== "number" || !Number.isFinite(score)) {
      throw badInput("file", `Score on line ${line} is not a number`);
    }
    if (version.model.task === "binary_classification" && (score < 0 || score > 1)) {
      throw badInput("file", `Score ${score} on line ${line} is not a probability between 0 and 1`);
    }
    rowIds.push(key);
    values.push(score);
  }

  const stored: ColumnarTable = {
    rowCount: rowIds.length,
    columns: [
      { name: PREDICTION_ID, type: "string", missing: 0 },
      { name: PREDICTION_SCORE, type: "number", missing: 0 },
    ],
    values: { [PREDICTION_ID]: rowIds, [PREDICTION_SCORE]: values },
  };
  const storageKey = await putContentAddressed(storage, "predictions", encodeTable(stored));
  try {
    const predictions = await db.predictions.create({
      data: {
        modelVersionId: version.id,
        datasetVersionId: datasetVersion.id,
        sha256,
        rowCount: rowIds.length,
        storageKey,
        createdById: input.userId,
      },
    });
    return { predictions, created: true };
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") {
      throw new AppError(
        "CONFLICT",
        "Predictions for this version and dataset version were uploaded at the same time",
        {
          field: "file",
        },
      );
    }
    throw err;
  }
}
