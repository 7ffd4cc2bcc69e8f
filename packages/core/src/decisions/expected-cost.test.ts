import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import type { CostMatrix } from "./cost-matrix.ts";
import { expectedCost } from "./expected-cost.ts";

const f64 = (values: number[]) => Float64Array.from(values);
const FP1_FN5: CostMatrix = { fp: 1, fn: 5 };

describe("expectedCost", () => {
  it.each([
    // labels [0, 1, 0, 1], scores [0.2, 0.4, 0.6, 0.8]
    { name: "threshold between scores", threshold: 0.5, counts: { tp: 1, fp: 1, tn: 1, fn: 1 }, cost: 6 / 4 },
    {
      name: "threshold equal to a score counts it positive",
      threshold: 0.4,
      counts: { tp: 2, fp: 1, tn: 1, fn: 0 },
      cost: 1 / 4,
    },
    {
      name: "just above that score counts it negative",
      threshold: 0.4000000000000001,
      counts: { tp: 1, fp: 1, tn: 1, fn: 1 },
      cost: 6 / 4,
    },
    { name: "below every score: all positive", threshold: -1, counts: { tp: 2, fp: 2, tn: 0, fn: 0 }, cost: 2 / 4 },
    {
      name: "+∞: all negative",
      threshold: Number.POSITIVE_INFINITY,
      counts: { tp: 0, fp: 0, tn: 2, fn: 2 },
      cost: 10 / 4,
    },
  ])("$name", ({ threshold, counts, cost }) => {
    const got = expectedCost({
      labels: f64([0, 1, 0, 1]),
      scores: f64([0.2, 0.4, 0.6, 0.8]),
      threshold,
      costs: FP1_FN5,
    });
    expect(got).toEqual({ threshold, expectedCost: cost, counts });
  });

  it.each([
    {
      name: "n = 1, positive caught",
      labels: [1],
      scores: [0.7],
      threshold: 0.5,
      costs: { fp: 1, fn: 5, tp: -2 },
      expected: -2,
    },
    { name: "n = 1, negative flagged", labels: [0], scores: [0.7], threshold: 0.5, costs: FP1_FN5, expected: 1 },
    {
      name: "all scores equal, at that score",
      labels: [0, 1, 1],
      scores: [0.3, 0.3, 0.3],
      threshold: 0.3,
      costs: FP1_FN5,
      expected: 1 / 3,
    },
    {
      name: "-0 threshold, +0 score",
      labels: [1, 0],
      scores: [0, 0.5],
      threshold: -0,
      costs: FP1_FN5,
      expected: 1 / 2,
    },
    {
      name: "every cell priced",
      labels: [1, 1, 0, 0],
      scores: [0.9, 0.1, 0.9, 0.1],
      threshold: 0.5,
      costs: { tp: 1, fn: 2, fp: 4, tn: 8 },
      expected: 15 / 4,
    },
    {
      name: "benefits cancel costs exactly",
      labels: [1, 0],
      scores: [0.9, 0.9],
      threshold: 0.5,
      costs: { fp: 0.1, fn: 0, tp: -0.1 },
      expected: 0,
    },
    {
      name: "all costs zero",
      labels: [1, 0],
      scores: [0.9, 0.1],
      threshold: 0.5,
      costs: { fp: 0, fn: 0 },
      expected: 0,
    },
  ])("$name", ({ labels, scores, threshold, costs, expected }) => {
    expect(expectedCost({ labels: f64(labels), scores: f64(scores), threshold, costs }).expectedCost).toBe(expected);
  });

  it("is the exact mean, rounded once (a float sum would be off by an ulp)", () => {
    // 10 false positives at 0.1 each over 10 rows: exactly double(0.1); summing 0.1 ten
    // times in floats gives 0.9999999999999999 / 10.
    const labels = new Float64Array(10);
    const scores = new Float64Array(10).fill(1);
    expect(expectedCost({ labels, scores, threshold: 0.5, costs: { fp: 0.1, fn: 0 } }).expectedCost).toBe(0.1);
  });

  it.each([
    { name: "zero rows", labels: [], scores: [], threshold: 0.5, error: MetricUndefinedError, message: /zero rows/ },
    {
      name: "NaN threshold",
      labels: [1],
      scores: [0.5],
      threshold: Number.NaN,
      error: InvalidInputError,
      message: /threshold/,
    },
    {
      name: "-∞ threshold",
      labels: [1],
      scores: [0.5],
      threshold: Number.NEGATIVE_INFINITY,
      error: InvalidInputError,
      message: /threshold/,
    },
    {
      name: "label not 0/1",
      labels: [2],
      scores: [0.5],
      threshold: 0.5,
      error: InvalidInputError,
      message: /labels\[0\] = 2/,
    },
    {
      name: "NaN score",
      labels: [1, 0],
      scores: [0.5, Number.NaN],
      threshold: 0.5,
      error: InvalidInputError,
      message: /scores\[1\]/,
    },
    {
      name: "length mismatch",
      labels: [1, 0],
      scores: [0.5],
      threshold: 0.5,
      error: InvalidInputError,
      message: /differ in length/,
    },
  ])("refuses $name", ({ labels, scores, threshold, error, message }) => {
    const run = () => expectedCost({ labels: f64(labels), scores: f64(scores), threshold, costs: FP1_FN5 });
    expect(run).toThrow(error);
    expect(run).toThrow(message);
  });
});
