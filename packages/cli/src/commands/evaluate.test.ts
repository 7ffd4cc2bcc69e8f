import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/fieldtest.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "fieldtest-evaluate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCounter = 0;
function csv(text: string): string {
  const path = join(dir, `data-${fileCounter++}.csv`);
  writeFileSync(path, text);
  return path;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawns the real launcher (bin → tsx → src/main.ts), as a user or CI would. */
function fieldtest(...args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

// labels y, scores p: accuracy at 0.5 = 3/5 (0.5 counts as positive), roc_auc = 5/6.
const GOOD = 'id,y,p,comment\n1,0,0.1,a\n2,1,0.9,b\n3,1,0.4,"c, quoted"\n4,0,0.5,d\n5,1,0.7,e\n';

describe("fieldtest evaluate", { timeout: 30_000, concurrent: true }, () => {
  it("prints a table of accuracy and roc_auc", async () => {
    const file = csv(GOOD);
    const { code, stdout, stderr } = await fieldtest("evaluate", file, "--label", "y", "--score", "p");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain(`${file}: 5 rows, label "y", score "p", threshold 0.5`);
    expect(stdout).toMatch(/^accuracy\s+0\.600000\s+5$/m);
    expect(stdout).toMatch(/^roc_auc\s+0\.833333\s+5$/m);
  });

  it("prints JSON with full precision and honours --threshold", async () => {
    const file = csv(GOOD);
    const { code, stdout } = await fieldtest(
      "evaluate",
      file,
      "--label",
      "y",
      "--score",
      "p",
      "--threshold",
      "0.45",
      "--json",
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      file,
      rows: 5,
      label: "y",
      score: "p",
      threshold: 0.45,
      metrics: [
        { metric: "accuracy", value: 0.6, n: 5 },
        { metric: "roc_auc", value: 5 / 6, n: 5 },
      ],
    });
  });

  it("reports roc_auc as undefined, with the reason, when only one class is present", async () => {
    const file = csv("y,p\n1,0.2\n1,0.9\n");
    const table = await fieldtest("evaluate", file, "--label", "y", "--score", "p");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^roc_auc\s+undefined\s+2$/m);
    expect(table.stdout).toContain("note: roc_auc is undefined: only one class present in labels (all 2 labels are 1)");
    const json = await fieldtest("evaluate", file, "--label", "y", "--score", "p", "--json");
    expect(JSON.parse(json.stdout).metrics[1]).toMatchObject({ metric: "roc_auc", value: null });
  });

  it("prints its usage with --help", async () => {
    const { code, stdout } = await fieldtest("evaluate", "--help");
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: fieldtest evaluate <file.csv> --label <column> --score <column>");
    expect(stdout).toContain("--threshold <t>");
  });

  it.each([
    {
      name: "missing file",
      file: () => join(dir, "nope.csv"),
      args: [],
      message: /cannot read .*nope\.csv: no such file/,
    },
    { name: "a directory", file: () => dir, args: [], message: /cannot read .*: it is a directory/ },
    { name: "empty file", file: () => csv(""), args: [], message: /is empty: expected a header row/ },
    { name: "header only", file: () => csv("y,p\n"), args: [], message: /has a header but no data rows/ },
    {
      name: "unknown label column",
      file: () => csv(GOOD),
      args: ["--label", "target"],
      message: /--label: no column "target"; the columns are: id, y, p, comment/,
    },
    {
      name: "unknown score column",
      file: () => csv(GOOD),
      args: ["--score", "prob"],
      message: /--score: no column "prob"/,
    },
    {
      name: "label that is not 0/1",
      file: () => csv("y,p\n0,0.1\n2,0.2\n1,0.3\nyes,0.4\n"),
      args: [],
      message: /line 3: label column "y" must be 0 or 1, found "2" \(and 1 more invalid value\)/,
    },
    {
      name: "empty label",
      file: () => csv("y,p\n0,0.1\n,0.2\n"),
      args: [],
      message: /line 3: label column "y" must be 0 or 1, found an empty value/,
    },
    {
      name: "non-numeric score",
      file: () => csv("y,p\n0,0.1\n1,NaN\n"),
      args: [],
      message: /line 3: score column "p" must be a finite number, found "NaN"/,
    },
    {
      name: "row with too few fields",
      file: () => csv("y,p\n0,0.1\n1\n"),
      args: [],
      message: /line 3: expected 2 fields like the header, found 1/,
    },
    {
      name: "unterminated quote",
      file: () => csv('y,p\n0,0.1\n1,"0.2\n'),
      args: [],
      message: /line 3: unterminated quoted field/,
    },
    {
      name: "bad threshold",
      file: () => csv(GOOD),
      args: ["--threshold", "high"],
      message: /--threshold must be a finite number, got "high"/,
    },
    { name: "unknown option", file: () => csv(GOOD), args: ["--bogus"], message: /Unknown option '--bogus'/ },
  ])("exits 2 with a clear message on $name", async ({ file, args, message }) => {
    const options = ["--label", "y", "--score", "p"];
    // A later --label/--score overrides the default one above.
    const { code, stdout, stderr } = await fieldtest("evaluate", file(), ...options, ...args);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^fieldtest evaluate: /);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
  });

  it.each([
    { name: "no file", args: ["--label", "y", "--score", "p"], message: /missing <file\.csv>/ },
    {
      name: "two files",
      args: ["a.csv", "b.csv", "--label", "y", "--score", "p"],
      message: /expected one file, got 2/,
    },
    { name: "no --label", args: ["a.csv", "--score", "p"], message: /missing --label <column>/ },
    { name: "no --score", args: ["a.csv", "--label", "y"], message: /missing --score <column>/ },
  ])("exits 2 on usage error: $name", async ({ args, message }) => {
    const { code, stderr } = await fieldtest("evaluate", ...args);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('Run "fieldtest evaluate --help" for usage.');
    expect(code).toBe(2);
  });
});
