import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../client.ts";
import { AppError } from "../errors.ts";
import { deployMigrations } from "../migrations/deploy-migrations.ts";
import { defaultMigrationTargets } from "../migrations/migration-targets.ts";
import { dropTestDatabase, unusedDatabaseUrl } from "../migrations/test-databases.ts";
import { directoryStorage } from "../storage/directory-storage.ts";
import { chunksOf } from "../tables/byte-meter.ts";
import { decodeTable } from "../tables/columnar-table.ts";
import { createDatasetVersion } from "./create-dataset-version.ts";

const CSV = "id,day,label\n007,2024-01-01,1\n8,2024-01-02,0\n9,2024-01-03,1\n";

let url: string;
let db: Db;
let storageDir: string;
let userId: string;
let teamA: string;
let teamB: string;

beforeAll(async () => {
  url = unusedDatabaseUrl();
  await deployMigrations({ url, migrationsDir: defaultMigrationTargets().migrationsDir });
  db = createDb(url);
  storageDir = await mkdtemp(path.join(tmpdir(), "fieldtest-datasets-"));
  userId = randomUUID();
  await db.user.create({ data: { id: userId, name: "Owner", email: `${userId}@example.test` } });
  teamA = (await db.team.create({ data: { slug: `a-${userId}`, name: "A" } })).id;
  teamB = (await db.team.create({ data: { slug: `b-${userId}`, name: "B" } })).id;
});

afterAll(async () => {
  await db?.$disconnect();
  if (url) await dropTestDatabase(url);
  if (storageDir) await rm(storageDir, { recursive: true, force: true });
});

const upload = (overrides: Partial<Parameters<typeof createDatasetVersion>[0]> = {}) =>
  createDatasetVersion({
    db,
    storage: directoryStorage(storageDir),
    teamId: teamA,
    datasetName: "customers",
    body: chunksOf(CSV),
    format: "csv",
    idColumn: "id",
    labelColumn: "label",
    timestampColumn: "day",
    userId,
    ...overrides,
  });

describe("createDatasetVersion", () => {
  it("stores a version once and returns it again for identical content", async () => {
    const first = await upload();
    const again = await upload();
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.datasetVersion.id).toBe(first.datasetVersion.id);
    const stored = decodeTable(await directoryStorage(storageDir).get(first.datasetVersion.storageKey));
    expect(stored.values.id).toEqual(["007", "8", "9"]);
  });

  it("refuses the same content with other column choices, naming the field", async () => {
    const attempt = upload({ timestampColumn: null });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "CONFLICT", field: "timestampColumn" });
    expect(await db.datasetVersion.count({ where: { dataset: { teamId: teamA } } })).toBe(1);
  });

  it("never lets another team's upload of the same bytes change a stored version", async () => {
    const a = await upload();
    // Same bytes, another team, another reading of the file (the day column is the row id here).
    const b = await upload({ teamId: teamB, idColumn: "day", timestampColumn: null, labelColumn: "label" });
    expect(b.created).toBe(true);
    expect(b.datasetVersion.storageKey).not.toBe(a.datasetVersion.storageKey);
    const storedA = decodeTable(await directoryStorage(storageDir).get(a.datasetVersion.storageKey));
    expect(storedA.columns.find((c) => c.name === "day")?.type).toBe("timestamp");
    expect(storedA.values.id).toEqual(["007", "8", "9"]);
  });

  it("stores the file again when it was lost", async () => {
    const { datasetVersion } = await upload();
    await rm(path.join(storageDir, datasetVersion.storageKey));
    const again = await upload();
    expect(again.datasetVersion.id).toBe(datasetVersion.id);
    expect(await readdir(path.join(storageDir, "datasets"))).toContain(path.basename(datasetVersion.storageKey));
  });

  it.each([
    ["idColumn", { idColumn: "nope" }, /Column "nope" is not in the file/],
    ["labelColumn", { labelColumn: "id" }, /cannot be the id column/],
    ["timestampColumn", { timestampColumn: "id" }, /does not hold dates/],
    ["file", { body: chunksOf("id,label\n1,1\n2\n") }, /line 3/],
    ["datasetName", { datasetName: "  " }, /Name must be/],
  ])("refuses a bad %s and stores nothing", async (field, overrides, message) => {
    const before = await db.datasetVersion.count();
    const attempt = upload({ datasetName: `bad-${field}`, ...overrides });
    await expect(attempt).rejects.toMatchObject({ code: "BAD_INPUT", field });
    await expect(attempt).rejects.toThrow(message);
    expect(await db.datasetVersion.count()).toBe(before);
    expect(await db.dataset.count({ where: { name: `bad-${field}` } })).toBe(0);
  });
});

describe("createDatasetVersion: slice columns", () => {
  const SLICED = "id,day,label,seg,region\n1,2024-01-01,1,a,n\n2,2024-01-02,0,b,s\n";
  const sliced = (sliceColumns: string[], datasetName = "sliced") =>
    upload({ datasetName, body: chunksOf(SLICED), sliceColumns });

  it.each([
    ["the id column", "id", /"id" is the id column/],
    ["the label column", "label", /"label" is the label column/],
    ["the timestamp column", "day", /"day" is the timestamp column/],
  ])("refuses a slice that is %s, storing nothing", async (_name, slice, message) => {
    const attempt = sliced(["seg", slice], `slice-${slice}`);
    await expect(attempt).rejects.toMatchObject({ code: "BAD_INPUT", field: "sliceColumns" });
    await expect(attempt).rejects.toThrow(message);
    expect(await db.dataset.count({ where: { name: `slice-${slice}` } })).toBe(0);
  });

  it("stores each slice once, in the order given, and takes the same slices in another order as the same choice", async () => {
    const first = await sliced(["seg", "region", "seg"]);
    expect(first.created).toBe(true);
    expect(first.datasetVersion.sliceColumns).toEqual(["seg", "region"]);
    const reordered = await sliced(["region", "seg"]);
    expect(reordered).toMatchObject({ created: false, datasetVersion: { id: first.datasetVersion.id } });
    expect(reordered.datasetVersion.sliceColumns).toEqual(["seg", "region"]);
    await expect(sliced(["seg"])).rejects.toMatchObject({ code: "CONFLICT", field: "sliceColumns" });
  });
});

describe("createDatasetVersion: concurrent uploads", () => {
  it("makes two identical uploads at once one version, and both answers agree", async () => {
    const [a, b] = await Promise.all([upload({ datasetName: "race-same" }), upload({ datasetName: "race-same" })]);
    expect(a.datasetVersion.id).toBe(b.datasetVersion.id);
    expect(a.datasetVersion).toEqual(b.datasetVersion);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(await db.datasetVersion.count({ where: { dataset: { teamId: teamA, name: "race-same" } } })).toBe(1);
  });

  it("numbers six different uploads at once 1 to 6", async () => {
    const bodies = Array.from({ length: 6 }, (_, i) => `id,day,label\nr${i},2024-01-01,1\nq${i},2024-01-02,0\n`);
    const results = await Promise.all(bodies.map((csv) => upload({ datasetName: "race-six", body: chunksOf(csv) })));
    expect(results.every((r) => r.created)).toBe(true);
    expect(results.map((r) => r.datasetVersion.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(results.map((r) => r.datasetVersion.sha256)).size).toBe(6);
  });

  it("answers a unique-constraint race that outlasts every retry with a CONFLICT to try again, not a 500", async () => {
    let attempts = 0;
    const racing = new Proxy(db, {
      get(target, property) {
        if (property !== "$transaction") return Reflect.get(target, property);
        return async () => {
          attempts++;
          throw Object.assign(new Error("Unique constraint failed on the fields: (`datasetId`,`version`)"), {
            code: "P2002",
          });
        };
      },
    });
    const attempt = upload({ db: racing, datasetName: "race-lost" });
    await expect(attempt).rejects.toMatchObject({ code: "CONFLICT", field: "file" });
    await expect(attempt).rejects.toThrow(/try again/);
    expect(attempts).toBe(5);
  });
});
