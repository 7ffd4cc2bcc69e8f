import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { chunksOf } from "../tables/byte-meter.ts";
import { decodeTable, numericColumn, stringColumn } from "../tables/columnar-table.ts";
import type { TableFormat } from "../tables/read-table.ts";
import { TableLimitError } from "../tables/table-limits.ts";
import { SAME_COLUMNS, SAME_CSV, SAME_JSONL, SAME_VALUES, sameParquet } from "../tables/testing/table-fixtures.ts";
import { type CreateDatasetVersionInput, createDatasetVersion } from "./create-dataset-version.ts";
import { savePredictions } from "./save-predictions.ts";
import { type DatasetTestDb, openDatasetTestDb } from "./testing/dataset-test-db.ts";

let t: DatasetTestDb;
beforeAll(async () => {
  t = await openDatasetTestDb();
});
afterAll(async () => {
  await t?.close();
});

const upload = (
  name: string,
  format: TableFormat,
  data: string | Uint8Array,
  more: Partial<CreateDatasetVersionInput> = {},
) =>
  createDatasetVersion({
    db: t.db,
    storage: t.storage,
    teamId: t.teamId,
    datasetName: name,
    body: chunksOf(data, 16),
    format,
    idColumn: "id",
    labelColumn: "label",
    timestampColumn: null,
    sliceColumns: ["city"],
    userId: t.userId,
    ...more,
  });

/** Runs `attempt`, expects BAD_INPUT on `field`, and checks that no row and no blob appeared. */
async function refusedAndNothingStored(attempt: () => Promise<unknown>, field: string, message: RegExp) {
  const before = {
    versions: await t.db.datasetVersion.count(),
    datasets: await t.db.dataset.count(),
    keys: await t.storedKeys(),
  };
  const error = await attempt().then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ code: "BAD_INPUT", field });
  expect((error as Error).message).toMatch(message);
  expect({
    versions: await t.db.datasetVersion.count(),
    datasets: await t.db.dataset.count(),
    keys: await t.storedKeys(),
  }).toEqual(before);
  return error as AppError;
}

describe("createDatasetVersion from a stream", () => {
  it.each([
    ["csv", () => SAME_CSV],
    ["jsonl", () => SAME_JSONL],
    ["parquet", sameParquet],
  ] as const)("stores %s as the same columnar table, and dedupes identical content", async (format, data) => {
    const first = await upload(`same-${format}`, format, data());
    expect(first.created).toBe(true);
    expect(first.datasetVersion).toMatchObject({ rowCount: 4, columns: SAME_COLUMNS, sliceColumns: ["city"] });
    expect(first.datasetVersion.storageKey).toMatch(/^datasets\/[0-9a-f]{64}\.ftcol$/);
    const stored = decodeTable(await t.storage.get(first.datasetVersion.storageKey));
    expect({ ...stored.values }).toEqual(SAME_VALUES);

    const again = await upload(`same-${format}`, format, data());
    expect(again).toMatchObject({ created: false, datasetVersion: { id: first.datasetVersion.id } });
  });

  it("stores one blob for the three formats of the same data (the blob is the table, not the file)", async () => {
    const keys = await Promise.all(
      (["csv", "jsonl", "parquet"] as const).map(async (format) => {
        const version = await t.db.datasetVersion.findFirstOrThrow({ where: { dataset: { name: `same-${format}` } } });
        return version.storageKey;
      }),
    );
    expect(new Set(keys).size).toBe(1);
  });

  it.each<[string, TableFormat, string | Uint8Array, string, RegExp]>([
    [
      "a row with a missing field",
      "csv",
      "id,day,label,city\n1,2024-01-01,1,a\n2,2024-01-02,0\n",
      "file",
      /^line 3: expected 4 fields, found 3$/,
    ],
    [
      "an unterminated quote",
      "csv",
      'id,day,label,city\n1,2024-01-01,1,"a\n2,2024-01-02,0,b\n',
      "file",
      /^line 2: unterminated quoted field$/,
    ],
    [
      "invalid UTF-8",
      "csv",
      new Uint8Array([...new TextEncoder().encode("id,day,label,city\n1,2024-01-01,1,a\n2,2024-01-02,0,"), 0xfe, 0x0a]),
      "file",
      /^line 3: the file is not valid UTF-8 text$/,
    ],
    [
      "invalid JSON",
      "jsonl",
      '{"id":"1","day":"2024-01-01","label":1,"city":"a"}\n\n{"id":"2",\n',
      "file",
      /^line 3: invalid JSON/,
    ],
    [
      "a JSON line that is not an object",
      "jsonl",
      '{"id":"1","day":"2024-01-01","label":1,"city":"a"}\n"2"\n',
      "file",
      /^line 2: expected a JSON object, found a string$/,
    ],
    ["a file that is not Parquet", "parquet", SAME_CSV, "file", /not a readable Parquet file/],
    [
      "a repeated id (counted in physical lines)",
      "csv",
      'id,day,label,city\n1,2024-01-01,1,"two\nlines"\n\n1,2024-01-02,0,b\n',
      "idColumn",
      /^Row id "1" appears twice \(line 5\)$/,
    ],
    [
      "a missing id",
      "jsonl",
      '{"id":"1","day":"2024-01-01","label":1,"city":"a"}\n{"day":"2024-01-02","label":0,"city":"b"}\n',
      "idColumn",
      /^Row id is missing on line 2$/,
    ],
    [
      "a missing label",
      "csv",
      "id,day,label,city\n1,2024-01-01,1,a\n2,2024-01-02,,b\n",
      "labelColumn",
      /^1 rows have no label \(first on line 3\)$/,
    ],
  ])("refuses %s, naming where, and stores nothing", async (_name, format, data, field, message) => {
    await refusedAndNothingStored(() => upload(`bad-${format}`, format, data), field, message);
  });

  it("names the row of a Parquet file with a missing label", async () => {
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: "id", data: ["a", "b", "c"], type: "STRING" },
          { name: "label", data: [1, null, 0], type: "INT32" },
        ],
      }),
    );
    await refusedAndNothingStored(
      () => upload("bad-parquet-label", "parquet", bytes, { timestampColumn: null, sliceColumns: [] }),
      "labelColumn",
      /^1 rows have no label \(first on row 2\)$/,
    );
  });

  it.each<[keyof import("../tables/table-limits.ts").TableLimits, number, RegExp]>([
    ["maxBytes", 50, /the file is larger than the limit of 50 bytes/],
    ["maxColumns", 3, /^line 1: 4 columns exceed the limit of 3$/],
    ["maxRecordBytes", 20, /^line 2: a record is longer than the limit of 20 bytes$/],
    ["maxRows", 2, /^line 4: more than 2 rows/],
  ])("refuses a file over %s and stores nothing", async (limit, value, message) => {
    const csv = "id,day,label,city\n1,2024-01-01,1,a somewhat long city name\n2,2024-01-02,0,b\n3,2024-01-03,1,c\n";
    const error = await refusedAndNothingStored(
      () => upload("capped", "csv", csv, { limits: { [limit]: value } }),
      "file",
      message,
    );
    expect(error.cause).toBeInstanceOf(TableLimitError);
    expect((error.cause as TableLimitError).limit).toBe(limit);
  });

  it("restores a lost v1 blob as a v2 blob and points the version at it", async () => {
    const { datasetVersion } = await upload("legacy", "csv", SAME_CSV);
    // Make it a version stored before v2: its table as v1 JSON under a .json key.
    const stored = decodeTable(await t.storage.get(datasetVersion.storageKey));
    const v1 = JSON.stringify({
      format: "fieldtest.columnar.v1",
      rowCount: stored.rowCount,
      columns: stored.columns,
      values: { ...stored.values },
    });
    const legacyKey = "datasets/legacy-v1-table.json";
    await writeFile(path.join(t.storageDir, legacyKey), v1);
    await t.db.datasetVersion.update({ where: { id: datasetVersion.id }, data: { storageKey: legacyKey } });

    const v1Table = decodeTable(await t.storage.get(legacyKey));
    expect(stringColumn(v1Table, "id")).toEqual(SAME_VALUES.id);
    expect(numericColumn(v1Table, "day")).toEqual(numericColumn(stored, "day"));
    expect(await upload("legacy", "csv", SAME_CSV)).toMatchObject({
      created: false,
      datasetVersion: { storageKey: legacyKey },
    });

    await rm(path.join(t.storageDir, legacyKey));
    const restored = await upload("legacy", "csv", SAME_CSV);
    expect(restored).toMatchObject({
      created: false,
      datasetVersion: { id: datasetVersion.id, storageKey: datasetVersion.storageKey },
    });
    expect(await t.storage.exists(datasetVersion.storageKey)).toBe(true);
  });
});

describe("savePredictions from a stream", () => {
  it("stores JSON Lines predictions keyed by row id, dedupes them, and refuses a malformed line storing nothing", async () => {
    const { datasetVersion } = await upload("for-predictions", "csv", SAME_CSV);
    const model = await t.db.model.create({
      data: { teamId: t.teamId, name: "m", task: "binary_classification", createdById: t.userId },
    });
    const version = await t.db.modelVersion.create({
      data: {
        modelId: model.id,
        version: "1",
        endpointKind: "offline",
        createdById: t.userId,
        lastChangedById: t.userId,
      },
    });
    const save = (text: string) =>
      savePredictions({
        db: t.db,
        storage: t.storage,
        teamId: t.teamId,
        modelVersionId: version.id,
        datasetVersionId: datasetVersion.id,
        body: chunksOf(text, 7),
        format: "jsonl",
        userId: t.userId,
      });
    const lines = [
      '{"id":"007","score":0.9}',
      '{"id":"8","score":0.1}',
      '{"id":"9","score":0.6}',
      '{"id":"10","score":0.3}',
    ];

    const keysBefore = await t.storedKeys();
    const bad = await save([lines[0], lines[1], '{"id":"9","score":"high"}', lines[3]].join("\n")).catch(
      (e: unknown) => e,
    );
    expect(bad).toMatchObject({ code: "BAD_INPUT", field: "file" });
    expect((bad as Error).message).toBe("Score on line 1 is not a number");
    const unknownId = await save([lines[0], '{"id":"7","score":0.5}'].join("\n")).catch((e: unknown) => e);
    expect((unknownId as Error).message).toBe('Row id "7" on line 2 is not in the dataset version');
    expect(await t.storedKeys()).toEqual(keysBefore);
    expect(await t.db.predictions.count()).toBe(0);

    const first = await save(lines.join("\n"));
    expect(first).toMatchObject({ created: true, predictions: { rowCount: 4 } });
    const table = decodeTable(await t.storage.get(first.predictions.storageKey));
    expect(stringColumn(table, "rowId")).toEqual(["007", "8", "9", "10"]);
    expect(Array.from(numericColumn(table, "score"))).toEqual([0.9, 0.1, 0.6, 0.3]);
    expect(await save(lines.join("\n"))).toMatchObject({ created: false, predictions: { id: first.predictions.id } });
  });
});
