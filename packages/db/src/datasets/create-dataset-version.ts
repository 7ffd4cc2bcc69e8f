import type { Db } from "../client.ts";
import { AppError, badInput } from "../errors.ts";
import type { DatasetVersion } from "../generated/prisma/client.ts";
import { putContentAddressed } from "../storage/put-content-addressed.ts";
import type { BlobStorage } from "../storage/storage.ts";
import { encodeTableParts, TABLE_FILE_EXTENSION } from "../tables/table-codec.ts";
import { DEFAULT_TABLE_LIMITS, type TableLimits } from "../tables/table-limits.ts";
import { firstMissingRow } from "../tables/typed-table.ts";
import { firstRepeatedId } from "./find-repeated-id.ts";
import { readUpload, type UploadFormat } from "./read-upload.ts";

export interface CreateDatasetVersionInput {
  db: Db;
  storage: BlobStorage;
  teamId: string;
  datasetName: string;
  description?: string;
  /** The uploaded file as it streams in (a request body, a file stream); sha256 covers its raw bytes. */
  body: AsyncIterable<Uint8Array>;
  /** Decided by the caller, from the content type or the file name. */
  format: UploadFormat;
  /**
   * Caps; default DEFAULT_TABLE_LIMITS (200 MB, 1,000 columns, 1 MB a record or cell, 5,000,000
   * rows, 1 GB decoded from a Parquet file and 256 MB from one of its row groups).
   */
  limits?: Partial<TableLimits>;
  /** Where the upload is spooled while it is read (the routes: FIELDTEST_UPLOAD_TMP_DIR; default: the OS temp directory). */
  tempDir?: string;
  idColumn: string;
  labelColumn: string;
  timestampColumn?: string | null;
  sliceColumns?: string[];
  userId: string;
}

export const MAX_DATASET_BYTES = DEFAULT_TABLE_LIMITS.maxBytes;

/**
 * Turns an uploaded CSV, JSON Lines or Parquet stream into an immutable, content-addressed
 * DatasetVersion. The stream is parsed and hashed in one pass (the sha256 is known only at its
 * end), then identical content returns the existing version (`created: false`). A malformed
 * file, an exceeded cap or a bad column choice throws a BAD_INPUT AppError naming the field,
 * and stores nothing.
 */
export async function createDatasetVersion(
  input: CreateDatasetVersionInput,
): Promise<{ datasetVersion: DatasetVersion; created: boolean }> {
  const { db, storage } = input;
  const datasetName = input.datasetName.trim();
  if (datasetName.length === 0 || datasetName.length > 120)
    throw badInput("datasetName", "Name must be 1–120 characters");

  // Checked before the file is read: it needs only the names.
  const slices = chosenSlices(input);

  const { table, sha256, byteLength, where } = await readUpload({
    body: input.body,
    format: input.format,
    limits: input.limits,
    stringColumns: [input.idColumn],
    tempDir: input.tempDir,
  });

  const existing = await db.datasetVersion.findFirst({
    where: { sha256, dataset: { teamId: input.teamId, name: datasetName } },
  });
  if (existing) refuseOtherColumnChoices(existing, input);
  // Same content: the existing version, unless its stored file was lost (then it is stored again).
  if (existing && (await storage.exists(existing.storageKey))) return { datasetVersion: existing, created: false };

  const column = (field: string, name: string) => {
    const info = table.columns.find((c) => c.name === name);
    if (!info) {
      const names = table.columns.map((c) => c.name).join(", ");
      throw badInput(field, `Column "${name}" is not in the file (columns: ${names})`);
    }
    return info;
  };

  const idInfo = column("idColumn", input.idColumn);
  const ids = table.column(idInfo.name);
  if (ids.type !== "string") throw new Error(`the id column was read as ${ids.type}, not as text`);
  const missingId = firstMissingRow(ids, table.rowCount);
  if (missingId >= 0) throw badInput("idColumn", `Row id is missing on ${where(missingId)}`);
  const repeated = firstRepeatedId(ids.strings);
  if (repeated >= 0) {
    throw badInput("idColumn", `Row id "${ids.strings.at(repeated)}" appears twice (${where(repeated)})`);
  }

  const labelInfo = column("labelColumn", input.labelColumn);
  if (labelInfo.name === idInfo.name) throw badInput("labelColumn", "The label column cannot be the id column");
  if (labelInfo.missing > 0) {
    const first = firstMissingRow(table.column(labelInfo.name), table.rowCount);
    throw badInput("labelColumn", `${labelInfo.missing} rows have no label (first on ${where(first)})`);
  }

  let timestampColumn: string | null = null;
  if (input.timestampColumn) {
    const info = column("timestampColumn", input.timestampColumn);
    if (info.type !== "timestamp" && info.type !== "number") {
      throw badInput("timestampColumn", `Column "${info.name}" does not hold dates or times`);
    }
    if (info.missing > 0) throw badInput("timestampColumn", `${info.missing} rows have no timestamp`);
    timestampColumn = info.name;
  }
  const sliceColumns = slices.map((name) => column("sliceColumns", name).name);

  const storageKey = await putContentAddressed(storage, {
    prefix: "datasets",
    extension: TABLE_FILE_EXTENSION,
    content: encodeTableParts(table),
  });
  if (existing) {
    // Its stored file was lost and is back; a file first stored in the v1 format comes back as v2, under a new key.
    const datasetVersion =
      existing.storageKey === storageKey
        ? existing
        : await db.datasetVersion.update({ where: { id: existing.id }, data: { storageKey } });
    return { datasetVersion, created: false };
  }

  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const dataset = await tx.dataset.upsert({
          where: { teamId_name: { teamId: input.teamId, name: datasetName } },
          create: {
            teamId: input.teamId,
            name: datasetName,
            description: input.description ?? "",
            createdById: input.userId,
          },
          update: {},
        });
        // One new version of a dataset at a time: concurrent uploads wait here for the row lock,
        // then see what was committed before them (the next number, an identical upload's version).
        await tx.$queryRaw`SELECT id FROM dataset WHERE id = ${dataset.id}::uuid FOR UPDATE`;
        const same = await tx.datasetVersion.findUnique({
          where: { datasetId_sha256: { datasetId: dataset.id, sha256 } },
        });
        if (same) {
          refuseOtherColumnChoices(same, input);
          return { datasetVersion: same, created: false };
        }
        const last = await tx.datasetVersion.aggregate({ where: { datasetId: dataset.id }, _max: { version: true } });
        const datasetVersion = await tx.datasetVersion.create({
          data: {
            datasetId: dataset.id,
            version: (last._max.version ?? 0) + 1,
            sha256,
            rowCount: table.rowCount,
            sizeBytes: byteLength,
            columns: table.columns as unknown as object,
            idColumn: idInfo.name,
            labelColumn: labelInfo.name,
            timestampColumn,
            sliceColumns,
            storageKey,
            createdById: input.userId,
          },
        });
        return { datasetVersion, created: true };
      });
    } catch (err) {
      if ((err as { code?: string }).code !== "P2002") throw err;
      // The first uploads of a new dataset racing to create it: the losers retry and find it.
      // (The blob stored above stays: it is content-addressed, so it is the same file another
      // upload of this content would store, and a version made on a retry points at it.)
      if (attempt < MAX_ATTEMPTS) continue;
      throw new AppError(
        "CONFLICT",
        "Other uploads to this dataset were being saved at the same moment; nothing was stored, try again",
        { field: "file", cause: err },
      );
    }
  }
}

/** Transactions tried before a unique-constraint race is reported as a CONFLICT. */
const MAX_ATTEMPTS = 5;

/**
 * The slice columns as chosen, each once, in the order given (stored so); none may be the id,
 * label or timestamp column, whose roles a slice would mix with.
 */
function chosenSlices(input: CreateDatasetVersionInput): string[] {
  const slices = [...new Set(input.sliceColumns ?? [])];
  const roles: [role: string, column: string | null | undefined][] = [
    ["id", input.idColumn],
    ["label", input.labelColumn],
    ["timestamp", input.timestampColumn],
  ];
  for (const name of slices) {
    const role = roles.find(([, column]) => column === name);
    if (role) throw badInput("sliceColumns", `Column "${name}" is the ${role[0]} column; it cannot also be a slice`);
  }
  return slices;
}

/**
 * Identical bytes are one dataset version; uploading them again with other column choices would
 * silently keep the first choices, so it is refused, naming the first field that differs.
 */
function refuseOtherColumnChoices(existing: DatasetVersion, input: CreateDatasetVersionInput): void {
  const was = (v: string | null | undefined) => v ?? "";
  const chosen: [field: string, was: string, differs: boolean][] = [
    ["idColumn", existing.idColumn, existing.idColumn !== input.idColumn],
    ["labelColumn", existing.labelColumn, existing.labelColumn !== input.labelColumn],
    ["timestampColumn", was(existing.timestampColumn), was(existing.timestampColumn) !== was(input.timestampColumn)],
    // Slices are a set: "a,b" and "b,a" (or "a,a,b") are the same choice.
    ["sliceColumns", existing.sliceColumns.join(","), !sameNames(existing.sliceColumns, input.sliceColumns ?? [])],
  ];
  const differing = chosen.find(([, , differs]) => differs);
  if (!differing) return;
  const [field, before] = differing;
  throw new AppError(
    "CONFLICT",
    `This file is already version ${existing.version} of the dataset, with ${field} "${before || "(none)"}"; the same content cannot become a version with other column choices`,
    { field },
  );
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((name) => right.has(name));
}
