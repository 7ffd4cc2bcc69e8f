import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { migrationChecksum } from "./checksum.ts";
import { MigrationError } from "./migration-error.ts";
import { MIGRATION_LOCK_CONTENT, MIGRATION_LOCK_FILE } from "./migration-lock.ts";

export const MIGRATION_SCRIPT_FILE = "migration.sql";

export type MigrationScript = { name: string; sql: string; checksum: string };

export type MigrationsFolder = {
  dir: string;
  /** migration_lock.toml's text, or null when the file does not exist. */
  lockfile: string | null;
  /** In the order Prisma applies them: by directory name. */
  migrations: MigrationScript[];
};

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Reads Prisma's migrations folder; a missing folder is an empty history. */
export async function readMigrationsFolder(dir: string): Promise<MigrationsFolder> {
  const lockfile = await readIfExists(path.join(dir, MIGRATION_LOCK_FILE));
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  // Prisma sorts with localeCompare too; names start with a UTC timestamp, so this is time order.
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
  const migrations: MigrationScript[] = [];
  for (const name of names) {
    const sql = await readIfExists(path.join(dir, name, MIGRATION_SCRIPT_FILE));
    if (sql === null) throw new MigrationError(`Migration ${name} has no ${MIGRATION_SCRIPT_FILE} (in ${dir}).`);
    migrations.push({ name, sql, checksum: migrationChecksum(sql) });
  }
  return { dir, lockfile, migrations };
}

/** The folder as the schema engine takes it (`{ tag: "migrations", ...list }` in a diff). */
export function toEngineMigrationList(folder: MigrationsFolder): MigrationList {
  return {
    baseDir: path.resolve(folder.dir),
    // Without a lock file the engine cannot tell the connector, even for an empty history.
    lockfile: { path: MIGRATION_LOCK_FILE, content: folder.lockfile ?? MIGRATION_LOCK_CONTENT },
    shadowDbInitScript: "",
    migrationDirectories: folder.migrations.map((migration) => ({
      path: migration.name,
      migrationFile: { path: MIGRATION_SCRIPT_FILE, content: { tag: "ok", value: migration.sql } },
    })),
  };
}
