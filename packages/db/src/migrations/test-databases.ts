import { randomUUID } from "node:crypto";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { dbEnv } from "../env.ts";
import { databaseName, withDatabase } from "./database-url.ts";
import { defaultMigrationTargets } from "./migration-targets.ts";
import { dropDatabase } from "./scratch-database.ts";

// Helpers for the migration integration tests: databases and folders of their own, never the real ones.

/** A URL on the test server naming a database that does not exist yet. */
export function unusedDatabaseUrl(): string {
  return withDatabase(dbEnv().DATABASE_URL, `fieldtest_it_${randomUUID().replaceAll("-", "").slice(0, 16)}`);
}

export async function dropTestDatabase(url: string): Promise<void> {
  await dropDatabase(url, databaseName(url));
}

/** A temporary copy of the repository's schema.prisma and migrations folder, and a way to remove it. */
export async function copyOfRepoPrisma(): Promise<{
  schemaPath: string;
  migrationsDir: string;
  remove: () => Promise<void>;
}> {
  const real = defaultMigrationTargets();
  const dir = await mkdtemp(path.join(tmpdir(), "fieldtest-migrations-"));
  const schemaPath = path.join(dir, "schema.prisma");
  const migrationsDir = path.join(dir, "migrations");
  await cp(real.schemaPath, schemaPath);
  await cp(real.migrationsDir, migrationsDir, { recursive: true });
  return { schemaPath, migrationsDir, remove: () => rm(dir, { recursive: true, force: true }) };
}
