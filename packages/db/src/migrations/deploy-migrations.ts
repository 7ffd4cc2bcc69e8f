import pg from "pg";
import { withMigrateLock } from "./advisory-lock.ts";
import { applyMigration } from "./apply-migration.ts";
import { databaseName, quoteIdent, schemaName } from "./database-url.ts";
import { ensureDatabase } from "./ensure-database.ts";
import { MigrationError } from "./migration-error.ts";
import { ensureHistoryTable, readHistory } from "./migration-history.ts";
import { assertPostgresLock } from "./migration-lock.ts";
import { readMigrationsFolder } from "./migrations-folder.ts";
import { planDeployment } from "./plan-deployment.ts";

export type DeployOptions = {
  url: string;
  migrationsDir: string;
  /** How long to wait for another migrator's lock; Prisma waits 10 s. */
  lockTimeoutMs?: number;
  log?: (line: string) => void;
};

export type DeployResult = { createdDatabase: boolean; applied: string[]; unknownApplied: string[] };

/**
 * Brings the database at `url` up to the migrations folder, the way `prisma migrate deploy` does:
 * creates the database if needed, then, holding Prisma's migrate lock, applies each pending
 * migration in name order, each in its own transaction, recorded in `_prisma_migrations`.
 */
export async function deployMigrations(options: DeployOptions): Promise<DeployResult> {
  const log = options.log ?? (() => {});
  const folder = await readMigrationsFolder(options.migrationsDir);
  assertPostgresLock(folder.lockfile);
  const createdDatabase = await ensureDatabase(options.url);
  if (createdDatabase) log(`Created database ${databaseName(options.url)}.`);

  const client = new pg.Client({ connectionString: options.url });
  // A dropped connection also fails the query in flight, which reports it; without a listener the
  // same error would crash the process as an unhandled 'error' event.
  client.on("error", () => {});
  await client.connect();
  try {
    // Prisma runs migrations with the URL's schema (`?schema=`, default public) as the search path.
    const schema = quoteIdent(schemaName(options.url));
    if (schemaName(options.url) !== "public") await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET search_path TO ${schema}`);
    return await withMigrateLock(client, options.lockTimeoutMs ?? 60_000, async () => {
      await ensureHistoryTable(client);
      const plan = planDeployment(folder.migrations, await readHistory(client));
      if (plan.kind === "refuse") throw new MigrationError(plan.reason);
      for (const name of plan.unknownApplied) {
        log(`Warning: ${name} is recorded as applied but is not in the migrations folder.`);
      }
      const applied: string[] = [];
      for (const migration of plan.pending) {
        const started = performance.now();
        await applyMigration(client, migration);
        applied.push(migration.name);
        log(`Applied ${migration.name} (${Math.round(performance.now() - started)} ms)`);
      }
      if (applied.length === 0) log("No pending migrations: the database is up to date.");
      return { createdDatabase, applied, unknownApplied: plan.unknownApplied };
    });
  } finally {
    await client.end();
  }
}
