import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkMigrations } from "./check-migrations.ts";
import { createMigration } from "./create-migration.ts";
import { deployMigrations } from "./deploy-migrations.ts";
import { MIGRATION_LOCK_CONTENT } from "./migration-lock.ts";
import { defaultMigrationTargets } from "./migration-targets.ts";
import { copyOfRepoPrisma, dropTestDatabase, unusedDatabaseUrl } from "./test-databases.ts";

const repo = defaultMigrationTargets();
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("createMigration", () => {
  it("writes the whole schema as the first migration of an empty folder, with migration_lock.toml", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "fieldtest-create-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const migrationsDir = path.join(dir, "migrations");

    const created = await createMigration({
      ...repo,
      migrationsDir,
      name: "Init",
      now: new Date("2030-01-02T03:04:05Z"),
    });

    expect(created?.name).toBe("20300102030405_init");
    expect(created?.sql).toContain('CREATE TABLE "model_version"');
    expect(await readFile(path.join(migrationsDir, "migration_lock.toml"), "utf8")).toBe(MIGRATION_LOCK_CONTENT);
    expect(await checkMigrations({ ...repo, migrationsDir })).toEqual({ inSync: true });
  });

  it("writes the next migration for a schema change, which deploys and then leaves nothing to create", async () => {
    const copy = await copyOfRepoPrisma();
    cleanups.push(copy.remove);
    const schema = await readFile(copy.schemaPath, "utf8");
    await writeFile(
      copy.schemaPath,
      schema.replace(/^model Dataset \{\n/m, (line) => `${line}  note String?\n`),
    );
    const before = await readdir(copy.migrationsDir);

    const created = await createMigration({ ...repo, ...copy, name: "add dataset note" });

    expect(created?.name).toMatch(/^\d{14}_add_dataset_note$/);
    expect(created?.sql).toMatch(/ALTER TABLE "dataset" ADD COLUMN\s+"note" TEXT/);
    expect((await readdir(copy.migrationsDir)).sort()).toEqual([...before, created?.name].sort());
    expect(await createMigration({ ...repo, ...copy, name: "again" })).toBeNull();
    expect((await readdir(copy.migrationsDir)).length).toBe(before.length + 1);

    const url = unusedDatabaseUrl();
    cleanups.push(() => dropTestDatabase(url));
    const deployed = await deployMigrations({ url, migrationsDir: copy.migrationsDir });
    expect(deployed.applied.at(-1)).toBe(created?.name);
  });

  it("says there is nothing to create for the repository as it is", async () => {
    const copy = await copyOfRepoPrisma();
    cleanups.push(copy.remove);
    expect(await createMigration({ ...repo, ...copy, name: "nothing" })).toBeNull();
  });
});
