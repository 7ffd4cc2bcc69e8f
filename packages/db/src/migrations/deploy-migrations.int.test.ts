import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { deployMigrations } from "./deploy-migrations.ts";
import { defaultMigrationTargets } from "./migration-targets.ts";
import { readMigrationsFolder, toEngineMigrationList } from "./migrations-folder.ts";
import { withSchemaEngine } from "./open-schema-engine.ts";
import { copyOfRepoPrisma, dropTestDatabase, unusedDatabaseUrl } from "./test-databases.ts";

const repo = defaultMigrationTargets();
const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), "cli.ts");
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function freshDatabase(): string {
  const url = unusedDatabaseUrl();
  cleanups.push(() => dropTestDatabase(url));
  return url;
}

async function tempPrisma() {
  const copy = await copyOfRepoPrisma();
  cleanups.push(copy.remove);
  return copy;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** What Prisma's own engine (the code behind `prisma migrate status` / `deploy`) makes of a database's history. */
async function prismaView(url: string, migrationsDir: string) {
  const migrationsList = toEngineMigrationList(await readMigrationsFolder(migrationsDir));
  const schema = { path: repo.schemaPath, content: await readFile(repo.schemaPath, "utf8") };
  const filters = { externalTables: [], externalEnums: [] };
  return withSchemaEngine({ url, schema }, (engine) =>
    engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters }),
  );
}

type Row = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
  rolled_back_at: Date | null;
  id: string;
};
const historyOf = (url: string) =>
  query<Row>(url, "SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name");

describe("deployMigrations", () => {
  it("creates the database, applies every migration and records it as Prisma does", async () => {
    const url = freshDatabase();
    const names = (await readMigrationsFolder(repo.migrationsDir)).migrations.map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);

    const result = await deployMigrations({ url, migrationsDir: repo.migrationsDir });

    expect(result.createdDatabase).toBe(true);
    expect(result.applied).toEqual(names);
    const rows = await historyOf(url);
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    for (const row of rows) {
      const file = await readFile(path.join(repo.migrationsDir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
      expect(row).toMatchObject({ applied_steps_count: 1, logs: null, rolled_back_at: null });
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    }
    // The migrated database is exactly what schema.prisma describes.
    const content = await readFile(repo.schemaPath, "utf8");
    const drift = await withSchemaEngine({ url, schema: { path: repo.schemaPath, content } }, (engine) =>
      engine.diff({
        // The wasm engine refuses `{ tag: "url" }`; `schemaDatasource` is the database its adapter connects to.
        from: {
          tag: "schemaDatasource",
          files: [{ path: repo.schemaPath, content }],
          configDir: path.dirname(repo.schemaPath),
        },
        to: { tag: "schemaDatamodel", files: [{ path: repo.schemaPath, content }] },
        script: true,
        exitCode: true,
        filters: { externalTables: [], externalEnums: [] },
      }),
    );
    expect(drift.exitCode, drift.stdout ?? "").toBe(0);
  });

  it("leaves a history that Prisma's own engine reads as complete", async () => {
    const url = freshDatabase();
    await deployMigrations({ url, migrationsDir: repo.migrationsDir });

    expect(await prismaView(url, repo.migrationsDir)).toEqual({
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: true,
      history: null,
    });
    const migrationsList = toEngineMigrationList(await readMigrationsFolder(repo.migrationsDir));
    const schema = { path: repo.schemaPath, content: await readFile(repo.schemaPath, "utf8") };
    const prismaDeploy = await withSchemaEngine({ url, schema }, (engine) =>
      engine.applyMigrations({ migrationsList, filters: { externalTables: [], externalEnums: [] } }),
    );
    expect(prismaDeploy).toEqual({ appliedMigrationNames: [] });
  });

  it("applies nothing the second time", async () => {
    const url = freshDatabase();
    await deployMigrations({ url, migrationsDir: repo.migrationsDir });
    const before = await historyOf(url);

    const again = await deployMigrations({ url, migrationsDir: repo.migrationsDir });

    expect(again).toMatchObject({ createdDatabase: false, applied: [] });
    expect(await historyOf(url)).toEqual(before);
  });

  it("applies each migration once when two deploys start at the same time", async () => {
    const url = freshDatabase();
    const names = (await readMigrationsFolder(repo.migrationsDir)).migrations.map((m) => m.name);

    const runs = await Promise.allSettled(
      [1, 2].map(() => deployMigrations({ url, migrationsDir: repo.migrationsDir })),
    );

    // A failed run shows up in the comparison with its error.
    const applied = runs.flatMap((run) => (run.status === "fulfilled" ? run.value.applied : [String(run.reason)]));
    expect(applied.sort()).toEqual([...names].sort());
    expect((await historyOf(url)).map((row) => row.migration_name)).toEqual(names);
  });

  it("applies only the new migration after one is added", async () => {
    const url = freshDatabase();
    const prisma = await tempPrisma();
    await deployMigrations({ url, migrationsDir: prisma.migrationsDir });
    await mkdir(path.join(prisma.migrationsDir, "99990101000000_add_note"));
    await writeFile(
      path.join(prisma.migrationsDir, "99990101000000_add_note", "migration.sql"),
      'CREATE TABLE "note" ("id" TEXT);\n',
    );

    const result = await deployMigrations({ url, migrationsDir: prisma.migrationsDir });

    expect(result.applied).toEqual(["99990101000000_add_note"]);
    expect(await query(url, 'SELECT * FROM "note"')).toEqual([]);
  });

  it("refuses, with a non-zero exit, when an applied migration was changed afterwards", async () => {
    const url = freshDatabase();
    const prisma = await tempPrisma();
    await deployMigrations({ url, migrationsDir: prisma.migrationsDir });
    const [first] = (await readMigrationsFolder(prisma.migrationsDir)).migrations;
    await appendFile(path.join(prisma.migrationsDir, first?.name ?? "", "migration.sql"), "\n-- edited afterwards\n");

    await expect(deployMigrations({ url, migrationsDir: prisma.migrationsDir })).rejects.toThrow(
      new RegExp(`changed after they were applied[\\s\\S]*${first?.name}`),
    );
    expect((await prismaView(url, prisma.migrationsDir)).editedMigrationNames).toEqual([first?.name]);
    const run = await runCli(["deploy", "--migrations", prisma.migrationsDir], url);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(first?.name);
  });

  it("rolls a failing migration back, records it failed, and refuses to deploy until it is resolved", async () => {
    const url = freshDatabase();
    const prisma = await tempPrisma();
    const broken = "99990101000000_broken";
    await mkdir(path.join(prisma.migrationsDir, broken));
    await writeFile(
      path.join(prisma.migrationsDir, broken, "migration.sql"),
      'CREATE TABLE "half_done" ("id" TEXT);\nSELECT * FROM "no_such_table";\n',
    );

    await expect(deployMigrations({ url, migrationsDir: prisma.migrationsDir })).rejects.toThrow(/no_such_table/);

    const failed = (await historyOf(url)).find((row) => row.migration_name === broken);
    expect(failed).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 0 });
    expect(failed?.logs).toContain("no_such_table");
    expect(await query(url, "SELECT to_regclass('half_done') AS t")).toEqual([{ t: null }]);
    await expect(deployMigrations({ url, migrationsDir: prisma.migrationsDir })).rejects.toThrow(
      new RegExp(`failed earlier[\\s\\S]*${broken}`),
    );
    expect((await prismaView(url, prisma.migrationsDir)).failedMigrationNames).toEqual([broken]);

    // What `prisma migrate resolve --rolled-back` does; the fixed migration then applies.
    await query(url, `UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '${broken}'`);
    await writeFile(
      path.join(prisma.migrationsDir, broken, "migration.sql"),
      'CREATE TABLE "half_done" ("id" TEXT);\n',
    );
    expect((await deployMigrations({ url, migrationsDir: prisma.migrationsDir })).applied).toEqual([broken]);
  });
});

async function runCli(args: string[], url: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", cli, ...args], {
      env: { ...process.env, DATABASE_URL: url },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
