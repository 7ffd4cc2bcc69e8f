import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { createRng } from "../random/create-rng.ts";
import { categoricalDrift } from "./categorical-drift.ts";
import { driftReport } from "./drift-report.ts";
import { jensenShannon } from "./jensen-shannon.ts";
import { ksTwoSample } from "./ks-two-sample.ts";
import { numericDrift } from "./numeric-drift.ts";
import { psi } from "./psi.ts";
import { wasserstein1 } from "./wasserstein.ts";

const f = (values: number[]) => Float64Array.from(values);

describe("driftReport", () => {
  const reference = {
    age: f([31, 45, Number.NaN, 22, 38, 51, 29]),
    plan: ["free", "pro", null, "free", "team", "free", "pro"],
    ignored: f([1, 2]),
  };
  const current = {
    age: f([35, 47, 62, 58, Number.NaN, Number.NaN]),
    plan: ["pro", "pro", "team", "team", "enterprise", null],
  };

  it("reports each requested column with its type, statistics, missing counts and n", () => {
    const report = driftReport({ reference, current, columns: ["age", "plan"] });
    expect(Object.keys(report.columns)).toEqual(["age", "plan"]);
    expect(report.columns.age).toMatchObject({
      type: "numeric",
      missing: { reference: 1, current: 2 },
      n: { reference: 6, current: 4 },
    });
    expect(report.columns.plan).toMatchObject({
      type: "categorical",
      missing: { reference: 1, current: 1 },
      n: { reference: 6, current: 5 },
    });
    expect(Object.keys(report.columns.age as object).sort()).toEqual([
      "js_distance",
      "ks_pvalue",
      "ks_statistic",
      "missing",
      "n",
      "psi",
      "type",
      "wasserstein",
    ]);
    expect(Object.keys(report.columns.plan as object).sort()).toEqual([
      "chi2_pvalue",
      "chi2_statistic",
      "js_distance",
      "missing",
      "n",
      "psi",
      "type",
    ]);
  });

  it("derives the numeric statistics from shared sorts exactly as the standalone functions do", () => {
    const rng = createRng(3);
    const a = Float64Array.from({ length: 20_000 }, (_, i) => (i % 97 === 0 ? Number.NaN : rng.nextFloat()));
    const b = Float64Array.from({ length: 15_000 }, () => rng.nextFloat() * 1.05);
    const shared = numericDrift(a, b);
    const ks = ksTwoSample(a, b);
    const bins = psi(a, b);
    expect(shared.ks_statistic).toBe(ks.statistic);
    expect(shared.ks_pvalue).toBe(ks.pValue);
    expect(shared.wasserstein).toBe(wasserstein1(a, b).distance);
    expect(shared.psi).toBe(bins.psi);
    expect(shared.js_distance).toBe(jensenShannon(bins.referenceProportions, bins.currentProportions));
    expect(shared.missing).toEqual(ks.missing);
  });

  it("defaults to every reference column", () => {
    const report = driftReport({ reference: { x: f([1, 2, 3]) }, current: { x: f([2, 3, 4]), extra: f([0]) } });
    expect(Object.keys(report.columns)).toEqual(["x"]);
  });

  it.each([
    {
      name: "a column missing from the current data",
      columns: ["ignored"],
      message: /"ignored" is missing from the current data/,
    },
    { name: "an unknown column", columns: ["nope"], message: /"nope" is missing from the reference data/ },
    { name: "a column listed twice", columns: ["age", "age"], message: /"age" is listed twice/ },
    { name: "no columns", columns: [], message: /no columns to compare/ },
  ])("refuses $name", ({ columns, message }) => {
    expect(() => driftReport({ reference, current, columns })).toThrow(InvalidInputError);
    expect(() => driftReport({ reference, current, columns })).toThrow(message);
  });

  it.each([
    {
      name: "types differ across sides",
      ref: f([1]),
      cur: ["1"],
      message: /"c" is numeric in the reference but categorical in the current/,
    },
    {
      name: "a plain number array",
      ref: [1, 2] as unknown as string[],
      cur: ["1"],
      message: /reference: row 0 is a number/,
    },
    {
      name: "an all-missing side",
      ref: f([Number.NaN, Number.NaN]),
      cur: f([1]),
      message: /column "c" reference: .*all 2 values are missing/,
    },
    {
      name: "an empty categorical side",
      ref: ["a"],
      cur: [null],
      message: /column "c" current: .*all 1 values are missing/,
    },
    {
      name: "Infinity",
      ref: f([1]),
      cur: f([2, Number.POSITIVE_INFINITY]),
      message: /column "c" current: row 1 is Infinity/,
    },
    {
      name: "not a column",
      ref: new Float32Array(2) as unknown as Float64Array,
      cur: f([1]),
      message: /must be a Float64Array \(numeric\) or an array of strings/,
    },
  ])("names the column when $name", ({ ref, cur, message }) => {
    expect(() => driftReport({ reference: { c: ref }, current: { c: cur } })).toThrow(message);
  });
});

describe("categoricalDrift", () => {
  it("a category seen on one side only gets the 1e-6 floor in PSI, and 0 in JS", () => {
    const result = categoricalDrift(["a", "a", "b", "b"], ["a", "a", "b", "c"]);
    // ref (½, ½, 0), cur (½, ¼, ¼): PSI = (¼ − ½)ln(½) + (¼ − 1e-6)ln(¼/1e-6)
    expect(result.psi).toBeCloseTo(-0.25 * Math.log(0.5) + (0.25 - 1e-6) * Math.log(0.25 / 1e-6), 12);
    expect(result.js_distance).toBeCloseTo(jensenShannon([0.5, 0.5, 0], [0.5, 0.25, 0.25]), 15);
  });

  it("treats the empty string as a category and null/undefined as missing", () => {
    const result = categoricalDrift(["", "x", null, undefined], ["", "", "x"]);
    expect(result.missing).toEqual({ reference: 2, current: 0 });
    expect(result.n).toEqual({ reference: 2, current: 3 });
  });
});
