import type { Db } from "../client.ts";
import { AppError, badInput, notFound } from "../errors.ts";
import type { Predictions } from "../generated/prisma/client.ts";
import { putContentAddressed } from "../storage/put-content-addressed.ts";
import type { BlobStorage } from "../storage/storage.ts";
import { decodeTable, stringColumn } from "../tables/columnar-table.ts";
import { encodeTableParts, TABLE_FILE_EXTENSION } from "../tables/table-codec.ts";
import type { TableLimits } from "../tables/table-limits.ts";
import { type ColumnData, isMissingAt, StringData, TypedTable } from "../tables/typed-table.ts";
import { readUpload, type UploadFormat } from "./read-upload.ts";

export interface SavePredictionsInput {
  db: Db;
  storage: BlobStorage;
  teamId: string;
  modelVersionId: string;
  datasetVersionId: string;
  /**
   * The uploaded file as it streams in: a row-id column (named like the dataset's id column, or
   * `id`) and a `score` (or `prediction`) column. sha256 covers its raw bytes.
   */
  body: AsyncIterable<Uint8Array>;
  format: UploadFormat;
  limits?: Partial<TableLimits>;
  tempDir?: string;
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

  const { table, sha256, where } = await readUpload({
    body: input.body,
    format: input.format,
    limits: input.limits,
    stringColumns: [datasetVersion.idColumn, "id"],
    tempDir: input.tempDir,
  });
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
  const known = new Set(stringColumn(dataset, datasetVersion.idColumn));
  const ids = table.column(idName);
  if (ids.type !== "string") throw new Error(`the id column was read as ${ids.type}, not as text`);
  const scores = table.column(scoreName);
  const seen = new Set<string>();
  const rowIds: string[] = [];
  const values = new Float64Array(table.rowCount);
  for (let i = 0; i < table.rowCount; i++) {
    const id = ids.strings.at(i);
    if (id === null) throw badInput("file", `Row id is missing on ${where(i)}`);
    if (!known.has(id)) throw badInput("file", `Row id "${id}" on ${where(i)} is not in the dataset version`);
    if (seen.has(id)) throw badInput("file", `Row id "${id}" appears twice (${where(i)})`);
    seen.add(id);
    const score = scoreAt(scores, i);
    if (score === null || !Number.isFinite(score)) throw badInput("file", `Score on ${where(i)} is not a number`);
    if (version.model.task === "binary_classification" && (score < 0 || score > 1)) {
      throw badInput("file", `Score ${score} on ${where(i)} is not a probability between 0 and 1`);
    }
    rowIds.push(id);
    values[i] = score;
  }

  const stored = new TypedTable(
    rowIds.length,
    [
      { name: PREDICTION_ID, type: "string", missing: 0 },
      { name: PREDICTION_SCORE, type: "number", missing: 0 },
    ],
    new Map<string, ColumnData>([
      [PREDICTION_ID, { type: "string", strings: StringData.fromValues(rowIds) }],
      [PREDICTION_SCORE, { type: "number", values }],
    ]),
  );
  const storageKey = await putContentAddressed(storage, {
    prefix: "predictions",
    extension: TABLE_FILE_EXTENSION,
    content: encodeTableParts(stored),
  });
  try {
    // The uploader changed the version (its predictions are what it is judged on): they become its
    // last changer, so four-eyes keeps them from approving it (packages/db/src/reviews/four-eyes.ts).
    const predictions = await db.$transaction(async (tx) => {
      const row = await tx.predictions.create({
        data: {
          modelVersionId: version.id,
          datasetVersionId: datasetVersion.id,
          sha256,
          rowCount: rowIds.length,
          storageKey,
          createdById: input.userId,
        },
      });
      await tx.modelVersion.update({ where: { id: version.id }, data: { lastChangedById: input.userId } });
      return row;
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

/** A score cell as a number; null when missing or not numeric (text, booleans). */
function scoreAt(column: ColumnData, i: number): number | null {
  if (column.type !== "number" || isMissingAt(column, i)) return null;
  return column.values[i] as number;
}
