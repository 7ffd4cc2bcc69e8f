import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { diffMigrationsToSchema, type MigrationTargets } from "./diff-migrations.ts";
import { writeMigrationLock } from "./migration-lock.ts";
import { nextMigrationName } from "./migration-name.ts";
import { MIGRATION_SCRIPT_FILE, readMigrationsFolder } from "./migrations-folder.ts";

export type CreatedMigration = { name: string; file: string; sql: string };

/**
 * Writes `<migrationsDir>/<UTC timestamp>_<name>/migration.sql` with the SQL that takes the existing
 * migrations to schema.prisma, and migration_lock.toml beside it. Writes nothing and returns null
 * when there is nothing to migrate.
 */
export async function createMigration(
  options: MigrationTargets & { name: string; now?: Date },
): Promise<CreatedMigration | null> {
  const existing = (await readMigrationsFolder(options.migrationsDir)).migrations.map((migration) => migration.name);
  const name = nextMigrationName({ name: options.name, now: options.now ?? new Date(), existing });
  const diff = await diffMigrationsToSchema(options);
  if (!diff.changed) return null;
  const dir = path.join(options.migrationsDir, name);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, MIGRATION_SCRIPT_FILE);
  await writeFile(file, diff.sql, { encoding: "utf8", flag: "wx" });
  await writeMigrationLock(options.migrationsDir);
  return { name, file, sql: diff.sql };
}
