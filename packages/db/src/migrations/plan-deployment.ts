import { checksumMatches } from "./checksum.ts";
import type { HistoryRow } from "./migration-history.ts";
import type { MigrationScript } from "./migrations-folder.ts";

export type DeploymentPlan =
  | { kind: "apply"; pending: MigrationScript[]; unknownApplied: string[] }
  | { kind: "refuse"; reason: string };

/**
 * What `deploy` may do, given the migrations folder and the `_prisma_migrations` rows. Like
 * `prisma migrate deploy`, it refuses while a migration is marked failed. It also refuses when the
 * script of an applied migration changed (what Prisma's engine reports as an edited migration), since
 * the database then no longer matches the folder. Rows marked rolled back are history only.
 */
export function planDeployment(migrations: MigrationScript[], history: HistoryRow[]): DeploymentPlan {
  const live = history.filter((row) => row.rolledBackAt === null);
  const failed = live.filter((row) => row.finishedAt === null);
  if (failed.length > 0) {
    const details = failed
      .map(
        (row) =>
          `  ${row.migrationName} (started ${row.startedAt.toISOString()})${row.logs ? `:\n    ${row.logs.trim().replaceAll("\n", "\n    ")}` : ""}`,
      )
      .join("\n");
    return {
      kind: "refuse",
      reason:
        `A migration failed earlier and is still marked failed, so no migration will be applied:\n${details}\n` +
        "Fix the database by hand if the migration left anything behind, then mark it rolled back " +
        "(`prisma migrate resolve --rolled-back <name>`, or set rolled_back_at on its _prisma_migrations row).",
    };
  }

  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  const applied = live.filter((row) => row.finishedAt !== null);
  const edited = applied.filter((row) => {
    const script = byName.get(row.migrationName);
    return script !== undefined && !checksumMatches(script.sql, row.checksum);
  });
  if (edited.length > 0) {
    const names = edited.map((row) => `  ${row.migrationName}`).join("\n");
    return {
      kind: "refuse",
      reason:
        `These migrations were changed after they were applied to this database (their checksum differs):\n${names}\n` +
        "Restore their migration.sql as it was applied and put the change in a new migration " +
        "(npm run db:migration:create -- <name>).",
    };
  }

  const appliedNames = new Set(applied.map((row) => row.migrationName));
  return {
    kind: "apply",
    pending: migrations.filter((migration) => !appliedNames.has(migration.name)),
    unknownApplied: [...appliedNames].filter((name) => !byName.has(name)),
  };
}
