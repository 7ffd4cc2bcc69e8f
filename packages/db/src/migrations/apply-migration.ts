import type pg from "pg";
import { MigrationError } from "./migration-error.ts";
import { recordFailed, recordFinished, recordStarted } from "./migration-history.ts";
import type { MigrationScript } from "./migrations-folder.ts";

/**
 * Applies one migration and its `_prisma_migrations` row in one transaction: all of it or none of it.
 * On failure the script's changes roll back and a row marked failed (with the error in `logs`) is
 * kept, as Prisma keeps one, so that the next deploy stops until someone has looked.
 */
export async function applyMigration(client: pg.ClientBase, migration: MigrationScript): Promise<void> {
  await client.query("BEGIN");
  try {
    const id = await recordStarted(client, migration);
    await client.query(migration.sql);
    await recordFinished(client, id);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    const logs = describeDatabaseError(error);
    const id = await recordStarted(client, migration);
    await recordFailed(client, id, logs);
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back.\n${logs}`);
  }
}

function describeDatabaseError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, detail, position } = error as Error & { code?: string; detail?: string; position?: string };
  return [
    code ? `Database error code: ${code}` : undefined,
    `Database error: ${error.message}`,
    detail ? `Detail: ${detail}` : undefined,
    position ? `Position in migration.sql: character ${position}` : undefined,
  ]
    .filter((line) => line !== undefined)
    .join("\n");
}
