import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../errors/invalid-input-error.ts";
import { MetricUndefinedError } from "../metric-undefined-error.ts";
import { evaluateRegression } from "./evaluate-regression.ts";
import { mae } from "./mae.ts";
import { MAPE_EPSILON, mape } from "./mape.ts";
import { numpySum } from "./numpy-sum.ts";
import { r2 } from "./r2.ts";
import { REGRESSION_METRICS, type RegressionMetricName } from "./regression-metric-names.ts";
import { rmse } from "./rmse.ts";

const f = (...values: number[]) => Float64Array.from(values);
const labels = f(3, -0.5, 2, 7);
const predictions = f(2.5, 0, 2, 8);

describe("evaluateRegression", () => {
  it("computes the requested metrics in the order asked, with n", () => {
    expect(evaluateRegression({ labels, predictions, metrics: ["rmse", "mae"] })).toEqual([
      { metric: "rmse", value: Math.sqrt(0.375), n: 4 },
      { metric: "mae", value: 0.5, n: 4 },
    ]);
  });

  it("knows every name in REGRESSION_METRICS", () => {
    const result = evaluateRegression({ labels, predictions, metrics: REGRESSION_METRICS });
    expect(result.map((r) => r.metric)).toEqual([...REGRESSION_METRICS]);
  });

  it.each([
    {
      name: "unknown metric",
      metrics: ["mse"],
      message: /unknown regression metric "mse"; known: mae, rmse, r2, mape/,
    },
    { name: "duplicate metric", metrics: ["r2", "r2"], message: /requested twice/ },
  ])("rejects $name", ({ metrics, message }) => {
    const run = () => evaluateRegression({ labels, predictions, metrics: metrics as RegressionMetricName[] });
    expect(run).toThrow(InvalidInputError);
    expect(run).toThrow(message);
  });

  it.each([
    {
      name: "labels not a Float64Array",
      y: [1, 2] as unknown as Float64Array,
      p: f(1, 2),
      message: /labels must be a Float64Array/,
    },
    {
      name: "predictions not a Float64Array",
      y: f(1, 2),
      p: [1, 2] as unknown as Float64Array,
      message: /predictions must be a Float64Array/,
    },
    { name: "length mismatch", y: f(1, 2, 3), p: f(1, 2), message: /differ in length: 3 labels vs 2 predictions/ },
    { name: "empty", y: f(), p: f(), message: /no rows/ },
    {
      name: "NaN label",
      y: f(1, Number.NaN, 3, Number.NaN),
      p: f(1, 2, 3, 4),
      message: /labels must be finite numbers: 2 rows invalid, first at row 1: labels\[1\] = NaN/,
    },
    {
      name: "Infinity prediction",
      y: f(1, 2, 3),
      p: f(1, 2, Number.NEGATIVE_INFINITY),
      message: /predictions must be finite numbers: 1 row invalid, first at row 2: predictions\[2\] = -Infinity/,
    },
  ])("rejects $name for every metric", ({ y, p, message }) => {
    for (const metric of REGRESSION_METRICS) {
      const run = () => evaluateRegression({ labels: y, predictions: p, metrics: [metric] });
      expect(run).toThrow(InvalidInputError);
      expect(run).toThrow(message);
    }
    for (const fn of [mae, rmse, r2, mape]) expect(() => fn(y, p)).toThrow(message);
  });
});

describe("regression metric rules", () => {
  it.each([
    { name: "one row is undefined", y: f(3), p: f(2.5), expected: "undefined" },
    { name: "perfect predictions", y: f(1, 2, 3), p: f(1, 2, 3), expected: 1 },
    { name: "constant y, perfect", y: f(-2, -2, -2), p: f(-2, -2, -2), expected: 1 },
    { name: "constant y, 1e-8 off", y: f(-2, -2, -2), p: f(-2, -2, -2 + 1e-8), expected: 0 },
    {
      name: "constant y whose numpy mean is inexact (sklearn: -1.7e31)",
      y: f(0.1, 0.1, 0.1),
      p: f(0.1, 0.1, 0.2),
      expected: 0,
    },
    { name: "mean prediction", y: f(1, 2, 3), p: f(2, 2, 2), expected: 0 },
    { name: "reversed", y: f(1, 2, 3), p: f(3, 2, 1), expected: -3 },
  ])("r2: $name", ({ y, p, expected }) => {
    if (expected === "undefined") {
      expect(() => r2(y, p)).toThrow(MetricUndefinedError);
      expect(() => r2(y, p)).toThrow(/fewer than two rows/);
      return;
    }
    expect(r2(y, p)).toBe(expected);
  });

  it("mape floors |y| at 2.220446049250313e-16 and is a fraction", () => {
    expect(MAPE_EPSILON).toBe(2.220446049250313e-16);
    expect(mape(f(0, 2), f(1, 3))).toBe((1 / MAPE_EPSILON + 0.5) / 2);
    expect(mape(f(0, -0), f(0, 0))).toBe(0);
    expect(mape(f(4), f(5))).toBe(0.25);
  });

  it("never returns a non-finite value: overflow throws MetricUndefinedError", () => {
    expect(() => rmse(f(1e200, 0), f(-1e200, 0))).toThrow(MetricUndefinedError);
    expect(() => mae(f(1.7e308, 0), f(-1.7e308, 0))).toThrow(/overflows float64/);
  });

  it("numpySum reproduces numpy's pairwise blocks (not a plain loop)", () => {
    // 0.1 added 10 times: a plain loop gives 0.9999999999999999, numpy's 8 accumulators 1.
    expect(numpySum(new Float64Array(10).fill(0.1))).toBe(1);
    expect(numpySum(f())).toBe(0);
    expect(numpySum(f(1, 2, 3))).toBe(6);
  });
});
