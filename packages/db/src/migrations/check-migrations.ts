import { diffMigrationsToSchema, type MigrationTargets } from "./diff-migrations.ts";

export type CheckResult = { inSync: true } | { inSync: false; missingSql: string };

/** Whether the migrations folder produces exactly the database schema.prisma describes. */
export async function checkMigrations(targets: MigrationTargets): Promise<CheckResult> {
  const diff = await diffMigrationsToSchema(targets);
  return diff.changed ? { inSync: false, missingSql: diff.sql } : { inSync: true };
}
