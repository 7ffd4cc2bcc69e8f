import { describe, expect, it } from "vitest";
import { migrationChecksum } from "./checksum.ts";
import type { HistoryRow } from "./migration-history.ts";
import type { MigrationScript } from "./migrations-folder.ts";
import { planDeployment } from "./plan-deployment.ts";

const script = (name: string, sql = `-- ${name}\n`): MigrationScript => ({
  name,
  sql,
  checksum: migrationChecksum(sql),
});
const a = script("20300101000000_a");
const b = script("20300102000000_b");
const at = new Date("2030-01-01T00:00:00Z");

function row(migration: MigrationScript, state: Partial<HistoryRow> = {}): HistoryRow {
  return {
    id: `id-${migration.name}`,
    checksum: migration.checksum,
    migrationName: migration.name,
    startedAt: at,
    finishedAt: at,
    rolledBackAt: null,
    logs: null,
    appliedStepsCount: 1,
    ...state,
  };
}

describe("planDeployment", () => {
  it.each([
    { case: "fresh database", history: [], pending: [a, b] },
    { case: "first applied", history: [row(a)], pending: [b] },
    { case: "all applied", history: [row(a), row(b)], pending: [] },
    { case: "applied out of order", history: [row(b)], pending: [a] },
    {
      case: "failed then rolled back is pending again",
      history: [row(a), row(b, { finishedAt: null, rolledBackAt: at, logs: "boom" })],
      pending: [b],
    },
  ])("applies what is pending: $case", ({ history, pending }) => {
    expect(planDeployment([a, b], history)).toEqual({ kind: "apply", pending, unknownApplied: [] });
  });

  it("reports applied migrations the folder does not have", () => {
    const gone = script("20290101000000_gone");
    expect(planDeployment([a], [row(gone), row(a)])).toEqual({
      kind: "apply",
      pending: [],
      unknownApplied: [gone.name],
    });
  });

  it("refuses while a migration is marked failed", () => {
    const plan = planDeployment([a, b], [row(a), row(b, { finishedAt: null, logs: "relation x does not exist" })]);
    expect(plan.kind).toBe("refuse");
    expect(plan.kind === "refuse" && plan.reason).toMatch(/failed earlier[\s\S]*20300102000000_b[\s\S]*relation x/);
  });

  it("refuses when an applied migration's script changed", () => {
    const edited = script(a.name, "-- edited\n");
    const plan = planDeployment([edited, b], [row(a)]);
    expect(plan.kind).toBe("refuse");
    expect(plan.kind === "refuse" && plan.reason).toMatch(/changed after they were applied[\s\S]*20300101000000_a/);
  });

  it("ignores the checksum of a rolled-back row", () => {
    const edited = script(a.name, "-- fixed\n");
    const plan = planDeployment([edited], [row(a, { finishedAt: null, rolledBackAt: at })]);
    expect(plan).toEqual({ kind: "apply", pending: [edited], unknownApplied: [] });
  });
});
