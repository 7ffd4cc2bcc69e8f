import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES, fieldtest, tempDir } from "../../test/helpers/run-fieldtest.ts";

// mixed.csv, mixed.jsonl and mixed.parquet (ZSTD, 3 row groups) hold the same table, written by
// test/fixtures/generate-fixtures.ts; the CSV has quoted fields with commas, quotes and newlines.
const FORMATS = ["csv", "jsonl", "parquet"] as const;
const tmp = tempDir("formats");
afterAll(() => tmp.cleanup());

const COMMANDS: Record<string, string[]> = {
  "evaluate binary with slices and intervals": [
    "evaluate",
    "--label",
    "y",
    "--score",
    "p",
    "--slice",
    "region",
    "--bootstrap",
    "60",
    "--seed",
    "9",
  ],
  "evaluate multiclass": [
    "evaluate",
    "--task",
    "multiclass",
    "--label",
    "animal",
    "--score-columns",
    "cat,dog,bird",
    "--bootstrap",
    "30",
  ],
  "evaluate regression": [
    "evaluate",
    "--task",
    "regression",
    "--label",
    "target",
    "--prediction",
    "prediction",
    "--bootstrap",
    "30",
  ],
  compare: ["compare", "--label", "y", "--score-a", "p", "--score-b", "q", "--bootstrap", "40"],
  threshold: ["threshold", "--label", "y", "--score", "q", "--cost-fp", "1", "--cost-fn", "4", "--threshold", "0.5"],
};

/** The result without the input block, which names the file and its format. */
function result(stdout: string): unknown {
  const { input, ...rest } = JSON.parse(stdout);
  expect(input.file).toMatch(/mixed\.(csv|jsonl|parquet)$|data\.txt$/);
  return rest;
}

describe("CSV, JSON Lines and Parquet give identical results", { timeout: 60_000, concurrent: true }, () => {
  it.each(Object.entries(COMMANDS))("%s", async (_name, args) => {
    const runs = await Promise.all(
      FORMATS.map((format) => fieldtest([...args, "--input", join(FIXTURES, `mixed.${format}`), "--json"])),
    );
    for (const run of runs) {
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
    }
    const [csv, jsonl, parquet] = runs.map((run) => result(run.stdout));
    expect(jsonl).toEqual(csv);
    expect(parquet).toEqual(csv);
    expect(JSON.stringify(parquet)).toBe(JSON.stringify(csv));
  });

  it("--format overrides the extension", async () => {
    const file = join(tmp.dir, "data.txt");
    copyFileSync(join(FIXTURES, "mixed.parquet"), file);
    const args = ["evaluate", "--label", "y", "--score", "p", "--bootstrap", "0", "--json"];
    const [named, byExtension] = await Promise.all([
      fieldtest([...args, "--input", file, "--format", "parquet"]),
      fieldtest([...args, "--input", join(FIXTURES, "mixed.csv")]),
    ]);
    expect(named.code).toBe(0);
    expect(JSON.parse(named.stdout).input.format).toBe("parquet");
    expect(result(named.stdout)).toEqual(result(byExtension.stdout));
  });
});
