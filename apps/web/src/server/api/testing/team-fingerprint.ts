import type { Db } from "@fieldtest/db";

// Team-isolation tests' fingerprint of one team's rows (team-isolation.int.test.ts, route-table.int.test.ts).

/** Columns that tie a row to a team, with the team-B rows they point at (parents come first). */
export const OWNER_COLUMNS: Record<string, string> = {
  teamId: `(SELECT $1::uuid)`,
  modelId: `(SELECT id FROM model WHERE "teamId" = $1::uuid)`,
  modelVersionId: `(SELECT v.id FROM model_version v JOIN model m ON m.id = v."modelId" WHERE m."teamId" = $1::uuid)`,
  datasetId: `(SELECT id FROM dataset WHERE "teamId" = $1::uuid)`,
  datasetVersionId: `(SELECT dv.id FROM dataset_version dv JOIN dataset d ON d.id = dv."datasetId" WHERE d."teamId" = $1::uuid)`,
  benchmarkId: `(SELECT id FROM benchmark WHERE "teamId" = $1::uuid)`,
  runId: `(SELECT id FROM evaluation_run WHERE "teamId" = $1::uuid)`,
  shadowEvaluationId: `(SELECT id FROM shadow_evaluation WHERE "teamId" = $1::uuid)`,
};

/** Tables with no tie to a team: auth tables (users outlive teams) and bookkeeping. */
export const TEAMLESS_TABLES = new Set([
  "user",
  "session",
  "account",
  "verification",
  "demo_seed",
  "_prisma_migrations",
]);

/**
 * A fingerprint of every team-B row, per table: the team table's row, rows with teamId = B, and
 * rows of tables without teamId that hang off a team-B model, version, dataset, dataset version,
 * benchmark, run or shadow evaluation (model_version, dataset_version, predictions, metric_value,
 * run_result, shadow_evaluation_version, shadow_snapshot, …). Tables are read from
 * information_schema; a new table with none of those columns fails `uncovered` below.
 */
export async function teamFingerprint(
  db: Db,
  teamId: string,
): Promise<{ fingerprint: Record<string, string>; uncovered: string[] }> {
  const columns = await db.$queryRawUnsafe<{ table: string; column: string }[]>(
    `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
     WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const { table, column } of columns) byTable.set(table, [...(byTable.get(table) ?? []), column]);
  const fingerprint: Record<string, string> = {};
  const uncovered: string[] = [];
  for (const [table, cols] of byTable) {
    const owners = Object.keys(OWNER_COLUMNS).filter((c) => cols.includes(c));
    const conditions = owners.map((c) => `t."${c}" IN ${OWNER_COLUMNS[c]}`);
    if (table === "team") conditions.push(`t.id = $1::uuid`);
    if (conditions.length === 0) {
      if (!TEAMLESS_TABLES.has(table)) uncovered.push(table);
      continue;
    }
    const [row] = await db.$queryRawUnsafe<{ n: bigint; md5: string | null }[]>(
      `SELECT count(*) AS n, md5(string_agg(row_to_json(t)::text, ',' ORDER BY row_to_json(t)::text)) AS md5
       FROM "${table}" t WHERE ${conditions.join(" OR ")}`,
      teamId,
    );
    fingerprint[table] = `${row?.n ?? 0}:${row?.md5 ?? "-"}`;
  }
  return { fingerprint, uncovered };
}
