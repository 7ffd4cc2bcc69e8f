import path from "node:path";
import { dbEnv, findRepoRoot } from "../env.ts";
import type { MigrationTargets } from "./diff-migrations.ts";

/** The repository's own schema and migrations, and DATABASE_URL. */
export function defaultMigrationTargets(): MigrationTargets {
  const root = findRepoRoot();
  return {
    url: dbEnv().DATABASE_URL,
    schemaPath: path.join(root, "prisma", "schema.prisma"),
    migrationsDir: path.join(root, "prisma", "migrations"),
  };
}
