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
