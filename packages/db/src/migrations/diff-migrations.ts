import { readFile } from "node:fs/promises";
import { withDatabase } from "./database-url.ts";
import { assertPostgresLock } from "./migration-lock.ts";
import { readMigrationsFolder, toEngineMigrationList } from "./migrations-folder.ts";
import { withSchemaEngine } from "./open-schema-engine.ts";

export type MigrationTargets = {
  /** Any database URL of the PostgreSQL server to use; the diff itself runs in a scratch shadow database. */
  url: string;
  migrationsDir: string;
  schemaPath: string;
};

export type SchemaDiff = {
  /** True when the migrations do not yet produce what schema.prisma describes. */
  changed: boolean;
  /** The SQL that takes a database migrated with the folder to schema.prisma (empty when unchanged). */
  sql: string;
};

// The engine's exit code for a non-empty diff when asked for one (`prisma migrate diff --exit-code`).
const DIFF_NOT_EMPTY = 2;

/** Replays the migrations folder in a shadow database and diffs the result against schema.prisma. */
export async function diffMigrationsToSchema(targets: MigrationTargets): Promise<SchemaDiff> {
  const folder = await readMigrationsFolder(targets.migrationsDir);
  assertPostgresLock(folder.lockfile);
  const content = await readFile(targets.schemaPath, "utf8");
  const schema = { path: targets.schemaPath, content };
  // The engine connects to its main database on start even though this diff only uses the shadow
  // database; the server's `postgres` database always exists, the target database may not yet.
  const url = withDatabase(targets.url, "postgres");
  const result = await withSchemaEngine({ url, schema }, (engine) =>
    engine.diff({
      from: { tag: "migrations", ...toEngineMigrationList(folder) },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    }),
  );
  const changed = result.exitCode === DIFF_NOT_EMPTY;
  return { changed, sql: changed ? (result.stdout ?? "") : "" };
}
