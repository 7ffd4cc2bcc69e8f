import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import {
  fitIsotonicRegression,
  type IsotonicRegressionModel,
  predictIsotonicRegression,
} from "./isotonic-regression.ts";
import { simulateRows } from "./testing/simulate-scores.ts";

const f = (values: number[]) => Float64Array.from(values);

describe("fitIsotonicRegression", () => {
  it.each([
    { name: "already increasing", x: [1, 2, 3], y: [0, 0.5, 1], knotsX: [1, 2, 3], knotsY: [0, 0.5, 1] },
    { name: "one violator pools two rows", x: [1, 2, 3], y: [1, 0, 1], knotsX: [1, 2, 3], knotsY: [0.5, 0.5, 1] },
    {
      name: "inner point of a constant block is dropped",
      x: [1, 2, 3, 4, 5],
      y: [0, 0.5, 0.5, 0.5, 1],
      knotsX: [1, 2, 4, 5],
      knotsY: [0, 0.5, 0.5, 1],
    },
    { name: "tied x become their mean", x: [1, 1, 2], y: [1, 0, 1], knotsX: [1, 2], knotsY: [0.5, 1] },
    {
      name: "row order does not matter",
      x: [3, 1, 2, 1],
      y: [1, 1, 0, 0],
      knotsX: [1, 2, 3],
      knotsY: [1 / 3, 1 / 3, 1],
    },
    { name: "decreasing y is one block", x: [1, 2, 3, 4], y: [4, 3, 2, 1], knotsX: [1, 4], knotsY: [2.5, 2.5] },
    { name: "one row", x: [0.3], y: [1], knotsX: [0.3], knotsY: [1] },
    { name: "x within 1e-15 of the first merge", x: [0, 5e-16, 1], y: [0, 1, 1], knotsX: [0, 1], knotsY: [0.5, 1] },
  ])("$name", ({ x, y, knotsX, knotsY }) => {
    const model = fitIsotonicRegression(f(x), f(y));
    expect(model.xThresholds).toEqual(knotsX);
    model.yThresholds.forEach((v, k) => {
      expect(v).toBeCloseTo(knotsY[k] as number, 15);
    });
  });

  it.each([
    { name: "no rows", x: [], y: [] },
    { name: "length mismatch", x: [1, 2], y: [1] },
    { name: "NaN x", x: [Number.NaN, 1], y: [0, 1] },
    { name: "infinite y", x: [0, 1], y: [0, Number.POSITIVE_INFINITY] },
  ])("refuses $name", ({ x, y }) => {
    expect(() => fitIsotonicRegression(f(x), f(y))).toThrow(InvalidInputError);
  });

  it("refuses plain arrays", () => {
    expect(() => fitIsotonicRegression([0, 1] as unknown as Float64Array, f([0, 1]))).toThrow(InvalidInputError);
  });

  it("fits a non-decreasing function whose mean equals the labels' mean", () => {
    const { labels, scores } = simulateRows({ n: 5000, seed: 3, distort: (p) => p ** 3 });
    const model = fitIsotonicRegression(scores, labels);
    const fitted = predictIsotonicRegression(model, scores);
    for (let k = 1; k < model.yThresholds.length; k++) {
      expect(model.yThresholds[k]).toBeGreaterThanOrEqual(model.yThresholds[k - 1] as number);
    }
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(fitted)).toBeCloseTo(mean(labels), 10);
  });
});

describe("predictIsotonicRegression", () => {
  const model: IsotonicRegressionModel = { xThresholds: [0, 0.5, 1], yThresholds: [0.1, 0.3, 0.9] };

  it.each([
    { x: -1, expected: 0.1, why: "below the first knot: clipped" },
    { x: 0, expected: 0.1, why: "at the first knot" },
    { x: 0.25, expected: 0.2, why: "halfway between knots" },
    { x: 0.5, expected: 0.3, why: "exactly at a knot" },
    { x: 0.75, expected: 0.6, why: "halfway on the steep part" },
    { x: 1, expected: 0.9, why: "at the last knot" },
    { x: 7, expected: 0.9, why: "above the last knot: clipped" },
  ])("x = $x → $expected ($why)", ({ x, expected }) => {
    expect(predictIsotonicRegression(model, f([x]))[0]).toBeCloseTo(expected, 15);
  });

  it("a one-knot model predicts its value everywhere", () => {
    const single = { xThresholds: [0.4], yThresholds: [0.7] };
    expect(Array.from(predictIsotonicRegression(single, f([-3, 0.4, 9])))).toEqual([0.7, 0.7, 0.7]);
  });

  it("survives a JSON round trip unchanged", () => {
    const { labels, scores } = simulateRows({ n: 2000, seed: 8 });
    const fitted = fitIsotonicRegression(scores, labels);
    const restored = JSON.parse(JSON.stringify(fitted)) as IsotonicRegressionModel;
    expect(predictIsotonicRegression(restored, scores)).toEqual(predictIsotonicRegression(fitted, scores));
  });

  it.each([
    { name: "NaN input", m: model, x: [Number.NaN] },
    { name: "no knots", m: { xThresholds: [], yThresholds: [] }, x: [0] },
    { name: "unequal knot arrays", m: { xThresholds: [0, 1], yThresholds: [0] }, x: [0] },
    { name: "descending knots", m: { xThresholds: [1, 0], yThresholds: [0, 1] }, x: [0] },
    { name: "repeated knot", m: { xThresholds: [0, 0], yThresholds: [0, 1] }, x: [0] },
    { name: "non-finite knot", m: { xThresholds: [0, Number.NaN], yThresholds: [0, 1] }, x: [0] },
  ])("refuses $name", ({ m, x }) => {
    expect(() => predictIsotonicRegression(m, f(x))).toThrow(InvalidInputError);
  });
});
