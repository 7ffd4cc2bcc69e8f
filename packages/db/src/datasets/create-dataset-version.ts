import type { Db } from "../client.ts";
import { AppError, badInput } from "../errors.ts";
import type { DatasetVersion } from "../generated/prisma/client.ts";
import { putContentAddressed } from "../storage/put-content-addressed.ts";
import type { BlobStorage } from "../storage/storage.ts";
import { encodeTable } from "../tables/columnar-table.ts";
import { parseCsvTable, TableParseError } from "../tables/parse-csv.ts";
import { sha256Hex } from "./hash.ts";

export interface CreateDatasetVersionInput {
  db: Db;
  storage: BlobStorage;
  teamId: string;
  datasetName: string;
  description?: string;
  /** The uploaded CSV bytes, exactly as received (they are what the sha256 covers). */
  bytes: Uint8Array;
  idColumn: string;
  labelColumn: string;
  timestampColumn?: string | null;
  sliceColumns?: string[];
  userId: string;
}

export const MAX_DATASET_BYTES = 200 * 1024 * 1024;

/**
 * Turns an uploaded CSV into an immutable, content-addressed DatasetVersion.
 * Identical content returns the existing version (`created: false`); a malformed
 * file or a bad column choice throws a BAD_INPUT AppError naming the field, and stores nothing.
 */
export async function createDatasetVersion(
  input: CreateDatasetVersionInput,
): Promise<{ datasetVersion: DatasetVersion; created: boolean }> {
  const { db, storage } = input;
  const datasetName = input.datasetName.trim();
  if (datasetName.length === 0 || datasetName.length > 120)
    throw badInput("datasetName", "Name must be 1–120 characters");
  if (input.bytes.byteLength === 0) throw badInput("file", "The file is empty");
  if (input.bytes.byteLength > MAX_DATASET_BYTES) {
    throw badInput("file", `The file is larger than ${MAX_DATASET_BYTES / 1024 / 1024} MB`);
  }
  const sha256 = sha256Hex(input.bytes);

  const existing = await db.datasetVersion.findFirst({
    where: { sha256, dataset: { teamId: input.teamId, name: datasetName } },
  });
  if (existing) refuseOtherColumnChoices(existing, input);
  // Same content: the existing version, unless its stored file was lost (then it is stored again).
  if (existing && (await storage.exists(existing.storageKey))) return { datasetVersion: existing, created: false };

  let table: ReturnType<typeof parseCsvTable>;
  try {
    table = parseCsvTable(new TextDecoder("utf-8", { fatal: true }).decode(input.bytes), {
      stringColumns: [input.idColumn],
    });
  } catch (err) {
    if (err instanceof TableParseError) throw badInput("file", err.message);
    if (err instanceof TypeError) throw badInput("file", "The file is not valid UTF-8 text");
    throw err;
  }

  const column = (field: string, name: string) => {
    const info = table.columns.find((c) => c.name === name);
    if (!info) {
      const names = table.columns.map((c) => c.name).join(", ");
      throw badInput(field, `Column "${name}" is not in the file (columns: ${names})`);
    }
    return info;
  };

  const idInfo = column("idColumn", input.idColumn);
  const ids = table.values[idInfo.name] ?? [];
  const seen = new Set<string>();
  for (let i = 0; i < table.rowCount; i++) {
    const id = ids[i];
    if (id === null || id === undefined) throw badInput("idColumn", `Row id is missing on line ${i + 2}`);
    const key = String(id);
    if (seen.has(key)) throw badInput("idColumn", `Row id "${key}" appears twice (line ${i + 2})`);
    seen.add(key);
  }

  const labelInfo = column("labelColumn", input.labelColumn);
  if (labelInfo.name === idInfo.name) throw badInput("labelColumn", "The label column cannot be the id column");
  if (labelInfo.missing > 0) {
    const labels = table.values[labelInfo.name] ?? [];
    const first = labels.findIndex((v) => v === null);
    throw badInput("labelColumn", `${labelInfo.missing} rows have no label (first on line ${first + 2})`);
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
  const sliceColumns = (input.sliceColumns ?? []).map((name) => column("sliceColumns", name).name);

  const storageKey = await putContentAddressed(storage, "datasets", encodeTable(table));

  for (let attempt = 0; ; attempt++) {
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
            sizeBytes: input.bytes.byteLength,
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
      // Two identical uploads racing: the loser retries and finds the winner's version.
      if (attempt < 2 && (err as { code?: string }).code === "P2002") continue;
      throw err;
    }
  }
}

/**
 * Identical bytes are one dataset version; uploading them again with other column choices would
 * silently keep the first choices, so it is refused, naming the first field that differs.
 */
function refuseOtherColumnChoices(existing: DatasetVersion, input: CreateDatasetVersionInput): void {
  const chosen: [field: string, was: string, now: string][] = [
    ["idColumn", existing.idColumn, input.idColumn],
    ["labelColumn", existing.labelColumn, input.labelColumn],
    ["timestampColumn", existing.timestampColumn ?? "", input.timestampColumn ?? ""],
    ["sliceColumns", existing.sliceColumns.join(","), (input.sliceColumns ?? []).join(",")],
  ];
  const differing = chosen.find(([, was, now]) => was !== now);
  if (!differing) return;
  const [field, was] = differing;
  throw new AppError(
    "CONFLICT",
    `This file is already version ${existing.version} of the dataset, with ${field} "${was || "(none)"}"; the same content cannot become a version with other column choices`,
    { field },
  );
}
