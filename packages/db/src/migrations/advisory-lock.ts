import type pg from "pg";
import { MigrationError } from "./migration-error.ts";

/** The key `prisma migrate` locks, so our runner and Prisma's also exclude each other. */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

const LOCK_NOT_AVAILABLE = "55P03";

/**
 * Runs `work` holding Prisma Migrate's session advisory lock on `client`'s database; waits up to
 * `timeoutMs` for another migrator to finish first.
 */
export async function withMigrateLock<T>(client: pg.ClientBase, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  // lock_timeout bounds the wait for advisory locks too; reset it so migrations run without it.
  await client.query(`SET lock_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
  } catch (error) {
    if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) {
      throw new MigrationError(
        `Another migration run holds the migrate lock (pg_advisory_lock(${PRISMA_MIGRATE_LOCK_KEY})) and did not release it within ${timeoutMs} ms.`,
      );
    }
    throw error;
  } finally {
    await client.query("RESET lock_timeout");
  }
  try {
    return await work();
  } finally {
    // A broken connection has released the session lock already; its error must not hide work's.
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY]).catch(() => undefined);
  }
}
