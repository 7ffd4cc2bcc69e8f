import { describe, expect, it } from "vitest";
import { benchDataset } from "../bench-dataset.ts";
import {
  type CaseResult,
  DEFAULT_REPS,
  FULL_ROWS,
  median,
  parseBuiltinRunOptions,
  QUICK_ROWS,
  ratio,
  resultTable,
} from "../report.ts";

describe("median", () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
  ])("of %j is %d", (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it("refuses an empty sample", () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe("parseBuiltinRunOptions", () => {
  it.each([
    [[], { rows: FULL_ROWS, reps: DEFAULT_REPS, quick: false, ignored: [] }],
    [["--quick"], { rows: QUICK_ROWS, reps: DEFAULT_REPS, quick: true, ignored: [] }],
    [["--reps", "5"], { rows: FULL_ROWS, reps: 5, quick: false, ignored: [] }],
    [["--json", "out.json", "--quick"], { rows: QUICK_ROWS, reps: DEFAULT_REPS, quick: true, ignored: ["--json"] }],
  ])("%j", (argv, expected) => {
    expect(parseBuiltinRunOptions(argv)).toMatchObject(expected);
  });

  it.each([["--reps", "2"], ["--reps", "x"], ["--reps"]])("refuses %j (at least 3 reps)", (...argv) => {
    expect(() => parseBuiltinRunOptions(argv)).toThrow(/--reps/);
  });
});

describe("ratio and table", () => {
  const rep = (seconds: number) => ({ seconds, cpuSeconds: seconds, rocAuc: 0.8 });
  const result: CaseResult = {
    benchCase: { algorithm: "logistic_regression", resamples: 0 },
    rows: 1_000,
    trainRows: 800,
    testRows: 200,
    fieldtest: [rep(2), rep(4), rep(3)],
    raw: [rep(1), rep(1.5), rep(2)],
  };

  it("is Fieldtest rows/s over raw rows/s, from the medians", () => {
    expect(ratio(result)).toBeCloseTo(1.5 / 3, 12);
  });

  it("prints rows/s of both sides and the ratio", () => {
    const text = resultTable([result]);
    expect(text).toContain("333 rows/s");
    expect(text).toContain("667 rows/s");
    expect(text).toContain("0.50×");
  });
});

describe("benchDataset", () => {
  it("is reproducible from its seed, and its CSV parses back to the same numbers", async () => {
    const a = benchDataset(500, 3);
    const b = benchDataset(500, 3);
    expect(a.labels).toEqual(b.labels);
    let text = "";
    const decoder = new TextDecoder();
    for await (const chunk of a.csv()) text += decoder.decode(chunk);
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(501);
    const cells = (lines[42] as string).split(",");
    expect(Number(cells[2])).toBe(a.labels[41]);
    expect(Number(cells[3])).toBe(a.features[0]?.values[41]);
    expect(cells[13]).toBe(a.features[10]?.values[41]);
    const positives = a.labels.reduce((n, y) => n + y, 0);
    expect(positives).toBeGreaterThan(50);
    expect(positives).toBeLessThan(450);
  });
});
