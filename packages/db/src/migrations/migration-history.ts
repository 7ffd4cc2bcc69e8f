import { randomUUID } from "node:crypto";
import type pg from "pg";

/** One row of Prisma's `_prisma_migrations` table. */
export type HistoryRow = {
  id: string;
  checksum: string;
  migrationName: string;
  startedAt: Date;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
  logs: string | null;
  appliedStepsCount: number;
};

// Prisma's own DDL (sql-schema-connector, PostgreSQL flavour), so `prisma migrate` reads our rows.
const CREATE_HISTORY_TABLE = `
CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

export async function ensureHistoryTable(client: pg.ClientBase): Promise<void> {
  await client.query(CREATE_HISTORY_TABLE);
}

export async function readHistory(client: pg.ClientBase): Promise<HistoryRow[]> {
  const { rows } = await client.query<HistoryRow>(
    `SELECT id, checksum, migration_name AS "migrationName", started_at AS "startedAt", finished_at AS "finishedAt",
            rolled_back_at AS "rolledBackAt", logs, applied_steps_count AS "appliedStepsCount"
       FROM _prisma_migrations
      ORDER BY started_at, migration_name`,
  );
  return rows;
}

/** Records a migration as Prisma does when it starts one: a row without finished_at. Returns its id. */
export async function recordStarted(
  client: pg.ClientBase,
  migration: { name: string; checksum: string },
): Promise<string> {
  const id = randomUUID();
  await client.query(
    "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())",
    [id, migration.checksum, migration.name],
  );
  return id;
}

/** Records the end of a successful migration as Prisma does: its one script step, then finished_at. */
export async function recordFinished(client: pg.ClientBase, id: string): Promise<void> {
  await client.query(
    "UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp() WHERE id = $1",
    [id],
  );
}

/** Records a failure as Prisma does: the error in `logs`, finished_at left empty. */
export async function recordFailed(client: pg.ClientBase, id: string, logs: string): Promise<void> {
  await client.query("UPDATE _prisma_migrations SET logs = $2 WHERE id = $1", [id, logs]);
}
