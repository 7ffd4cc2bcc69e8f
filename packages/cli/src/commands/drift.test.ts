import { join } from "node:path";
import { type DriftColumn, driftReport } from "@fieldtest/core";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES, fieldtest, fixtureRows, numberColumn, tempDir } from "../../test/helpers/run-fieldtest.ts";

const tmp = tempDir("drift");
afterAll(() => tmp.cleanup());

/** A small seeded generator (LCG), so the files and the expected columns are the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Side {
  x: Float64Array;
  k: Float64Array;
  color: (string | null)[];
  /** Numbers on the reference side, one text on the current side: categorical on both. */
  mixed: (string | null)[];
}

/** Writes a CSV of `n` rows and returns the columns as core expects them (NaN/null = missing). */
function side(opts: { name: string; n: number; seed: number; shift: number; text: boolean }): { path: string } & Side {
  const next = random(opts.seed);
  const colors = ["red", "green", "blue", "violet"];
  const x = new Float64Array(opts.n);
  const k = new Float64Array(opts.n);
  const color: (string | null)[] = [];
  const mixed: (string | null)[] = [];
  const lines = ["x,k,color,mixed"];
  for (let i = 0; i < opts.n; i++) {
    x[i] = Math.round((next() * 10 + opts.shift) * 1e6) / 1e6;
    k[i] = i % 17 === 3 ? Number.NaN : Math.floor(next() * 5 + opts.shift);
    color[i] = i % 13 === 5 ? null : (colors[Math.floor(next() * (3 + opts.shift))] as string);
    mixed[i] = opts.text && i === 7 ? "n/a" : String(i % 3);
    lines.push([x[i], Number.isNaN(k[i] as number) ? "" : k[i], color[i] ?? "", mixed[i]].map(String).join(","));
  }
  return { path: tmp.file(opts.name, `${lines.join("\n")}\n`), x, k, color, mixed };
}

const reference = side({ name: "reference.csv", n: 400, seed: 1, shift: 0, text: false });
const current = side({ name: "current.csv", n: 300, seed: 2, shift: 1, text: true });
const columnsOf = (s: Side): Record<string, DriftColumn> => ({ x: s.x, k: s.k, color: s.color, mixed: s.mixed });

describe("fieldtest drift", { timeout: 60_000, concurrent: true }, () => {
  it("prints core's drift report for every column, typing each from both sides", async () => {
    const { code, stdout, stderr } = await fieldtest([
      "drift",
      "--reference",
      reference.path,
      "--current",
      current.path,
      "--json",
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const expected = driftReport({ reference: columnsOf(reference), current: columnsOf(current) });
    expect(Object.keys(report)).toEqual(["columns"]);
    expect(Object.keys(report.columns)).toEqual(["x", "k", "color", "mixed"]);
    expect(report).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(Object.keys(report.columns.x)).toEqual([
      "type",
      "ks_statistic",
      "ks_pvalue",
      "wasserstein",
      "psi",
      "js_distance",
      "missing",
      "n",
    ]);
    expect(report.columns.k.missing).toEqual({ reference: 24, current: 18 });
    expect(report.columns.k.n).toEqual({ reference: 376, current: 282 });
    expect(report.columns.color.type).toBe("categorical");
    expect(report.columns.mixed.type).toBe("categorical");
    expect(report.columns.x.ks_pvalue).toBeLessThan(0.01);
  });

  it("compares only --columns, across formats (Parquet reference, CSV current)", async () => {
    const rows = await fixtureRows();
    const next = random(3);
    const p = Float64Array.from({ length: 120 }, () => Math.round(next() * 1e6) / 1e6);
    const region = Array.from({ length: 120 }, (_, i) => (i % 4 === 0 ? "north" : "south"));
    const path = tmp.file("current-pr.csv", `p,region\n${Array.from(p, (v, i) => `${v},${region[i]}`).join("\n")}\n`);
    const { code, stdout, stderr } = await fieldtest([
      "drift",
      "--reference",
      join(FIXTURES, "mixed.parquet"),
      "--current",
      path,
      "--columns",
      "p,region",
      "--json",
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const expected = driftReport({
      reference: { p: numberColumn(rows, "p"), region: rows.map((row) => String(row.region)) },
      current: { p, region },
    });
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it("counts JSON Lines nulls as missing", async () => {
    const ref = tmp.file("ref.jsonl", '{"a":1,"b":"u"}\n{"a":null,"b":null}\n{"a":3,"b":"v"}\n{"a":2,"b":"u"}\n');
    const cur = tmp.file("cur.jsonl", '{"a":5,"b":"v"}\n{"a":4,"b":"v"}\n{"a":null,"b":"u"}\n');
    const { code, stdout } = await fieldtest(["drift", "--reference", ref, "--current", cur, "--json"]);
    expect(code).toBe(0);
    const expected = driftReport({
      reference: { a: Float64Array.of(1, Number.NaN, 3, 2), b: ["u", null, "v", "u"] },
      current: { a: Float64Array.of(5, 4, Number.NaN), b: ["v", "v", "u"] },
    });
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(JSON.parse(stdout).columns.a.missing).toEqual({ reference: 1, current: 1 });
  });

  it("prints a table without --json", async () => {
    const { code, stdout } = await fieldtest(["drift", "--reference", reference.path, "--current", current.path]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^reference .*reference\.csv: 400 rows; current .*current\.csv: 300 rows/);
    expect(stdout).toMatch(/\nx +numeric \(KS\) /);
    expect(stdout).toMatch(/\ncolor +categorical \(chi2\) .* 31\/23 +369\/277\n/);
  });

  const bad: { name: string; args: () => string[]; message: RegExp }[] = [
    {
      name: "missing reference file",
      args: () => ["--reference", join(tmp.dir, "nope.csv"), "--current", current.path],
      message: /cannot read .*nope\.csv: no such file/,
    },
    {
      name: "missing current file",
      args: () => ["--reference", reference.path, "--current", join(tmp.dir, "gone.csv")],
      message: /cannot read .*gone\.csv: no such file/,
    },
    {
      name: "empty current file",
      args: () => ["--reference", reference.path, "--current", tmp.file("empty.csv", "")],
      message: /empty\.csv is empty \(0 bytes\)/,
    },
    {
      name: "header without rows",
      args: () => ["--reference", tmp.file("header.csv", "x,k\n"), "--current", current.path],
      message: /header\.csv has a header but no data rows/,
    },
    {
      name: "a --columns column missing from the current file",
      args: () => ["--reference", reference.path, "--current", tmp.file("only-x.csv", "x\n1\n2\n"), "--columns", "x,k"],
      message: /only-x\.csv: no column "k" \(--current\); the columns are: x/,
    },
    {
      name: "a --columns column missing from the reference file",
      args: () => ["--reference", reference.path, "--current", current.path, "--columns", "x,zz"],
      message: /reference\.csv: no column "zz" \(--reference\)/,
    },
    {
      name: "a column on one side only",
      args: () => [
        "--reference",
        reference.path,
        "--current",
        tmp.file("extra.csv", "x,k,color,mixed,w\n1,2,red,0,9\n"),
      ],
      message: /columns differ: column "w" only in the current .*extra\.csv/,
    },
    {
      name: "a column with no values on one side",
      args: () => [
        "--reference",
        reference.path,
        "--current",
        tmp.file("blank-x.csv", "x,k\n,1\n,2\n"),
        "--columns",
        "x",
      ],
      message: /invalid input: .*"x".*current/,
    },
  ];
  it("bad usage: no --current → exit 2, the problem and a pointer to --help, nothing on stdout", async () => {
    const { code, stdout, stderr } = await fieldtest(["drift", "--reference", reference.path, "--json"]);
    expect(stdout).toBe("");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^fieldtest drift: missing --current <file>\n/);
  });

  for (const c of bad) {
    it(`bad input: ${c.name} → one stderr line, exit 2, nothing on stdout`, async () => {
      const { code, stdout, stderr } = await fieldtest(["drift", ...c.args(), "--json"]);
      expect(stdout).toBe("");
      expect(code).toBe(2);
      expect(stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(stderr).toMatch(c.message);
    });
  }
});
