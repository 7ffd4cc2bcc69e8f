import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { checkMigrations } from "./check-migrations.ts";
import { defaultMigrationTargets } from "./migration-targets.ts";
import { copyOfRepoPrisma } from "./test-databases.ts";

const repo = defaultMigrationTargets();
const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), "cli.ts");
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A copy of the repository's prisma/ folder whose schema.prisma gained a field no migration creates. */
async function plantedSchemaChange() {
  const copy = await copyOfRepoPrisma();
  cleanups.push(copy.remove);
  const schema = await readFile(copy.schemaPath, "utf8");
  const planted = schema.replace(/^model Dataset \{\n/m, (line) => `${line}  plantedField String?\n`);
  expect(planted).not.toBe(schema);
  await writeFile(copy.schemaPath, planted);
  return copy;
}

async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", cli, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("checkMigrations", () => {
  it("passes on the repository's schema.prisma and migrations", async () => {
    expect(await checkMigrations(repo)).toEqual({ inSync: true });
  });

  it("fails on a planted schema change, naming the missing SQL", async () => {
    const planted = await plantedSchemaChange();

    const result = await checkMigrations({ ...repo, ...planted });

    expect(result.inSync).toBe(false);
    expect(result.inSync ? "" : result.missingSql).toMatch(/ALTER TABLE "dataset" ADD COLUMN\s+"plantedField" TEXT/);
  });

  it("makes the CLI exit 1 on a planted schema change, and 0 on the repository", async () => {
    const planted = await plantedSchemaChange();

    const failing = await runCli(["check", "--schema", planted.schemaPath, "--migrations", planted.migrationsDir]);
    const passing = await runCli(["check"]);

    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain("plantedField");
    expect(passing.code, passing.stderr).toBe(0);
  });
});
