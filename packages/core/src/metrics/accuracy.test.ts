import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { accuracy } from "./accuracy.ts";
import { MetricUndefinedError } from "./metric-undefined-error.ts";

const f64 = (values: number[]) => Float64Array.from(values);

describe("accuracy", () => {
  it.each([
    { name: "score at the threshold is positive", labels: [1], scores: [0.5], threshold: 0.5, expected: 1 },
    { name: "score at the threshold, negative label", labels: [0], scores: [0.5], threshold: 0.5, expected: 0 },
    {
      name: "just below the threshold is negative",
      labels: [0],
      scores: [0.49999999999999994],
      threshold: 0.5,
      expected: 1,
    },
    { name: "one row, wrong", labels: [1], scores: [0.1], threshold: 0.5, expected: 0 },
    {
      name: "all same score above",
      labels: [1, 0, 1, 1],
      scores: [0.7, 0.7, 0.7, 0.7],
      threshold: 0.5,
      expected: 0.75,
    },
    {
      name: "all same score below",
      labels: [1, 0, 1, 1],
      scores: [0.2, 0.2, 0.2, 0.2],
      threshold: 0.5,
      expected: 0.25,
    },
    { name: "threshold 0: everything positive", labels: [0, 1, 0], scores: [0, 0.3, 1], threshold: 0, expected: 1 / 3 },
    {
      name: "threshold 1: only score 1 positive",
      labels: [0, 1, 1],
      scores: [0.99, 1, 0.5],
      threshold: 1,
      expected: 2 / 3,
    },
    { name: "-0 equals +0 threshold", labels: [1], scores: [-0], threshold: 0, expected: 1 },
    { name: "scores outside [0,1]", labels: [1, 0], scores: [3.5, -2], threshold: 0, expected: 1 },
    { name: "mixed", labels: [1, 0, 1, 0, 1], scores: [0.9, 0.6, 0.4, 0.1, 0.5], threshold: 0.5, expected: 0.6 },
  ])("$name", ({ labels, scores, threshold, expected }) => {
    expect(accuracy(f64(labels), f64(scores), threshold)).toBe(expected);
  });

  it("is undefined on zero rows", () => {
    expect(() => accuracy(f64([]), f64([]), 0.5)).toThrow(MetricUndefinedError);
  });

  it.each([
    {
      name: "length mismatch",
      labels: [1, 0],
      scores: [0.5],
      threshold: 0.5,
      message: /differ in length: 2 labels vs 1 scores/,
    },
    {
      name: "NaN score",
      labels: [1, 0],
      scores: [0.5, Number.NaN],
      threshold: 0.5,
      message: /scores must be finite.*1 row invalid, first scores\[1\] = NaN/,
    },
    {
      name: "infinite score",
      labels: [1],
      scores: [Number.POSITIVE_INFINITY],
      threshold: 0.5,
      message: /scores must be finite/,
    },
    {
      name: "label 2",
      labels: [1, 2, 2],
      scores: [0.5, 0.5, 0.5],
      threshold: 0.5,
      message: /labels must be 0 or 1: 2 rows invalid, first labels\[1\] = 2/,
    },
    { name: "label -1", labels: [-1], scores: [0.5], threshold: 0.5, message: /labels must be 0 or 1/ },
    { name: "label NaN", labels: [Number.NaN], scores: [0.5], threshold: 0.5, message: /labels must be 0 or 1.*NaN/ },
    {
      name: "NaN threshold",
      labels: [1],
      scores: [0.5],
      threshold: Number.NaN,
      message: /threshold must be a finite number/,
    },
  ])("rejects $name", ({ labels, scores, threshold, message }) => {
    const run = () => accuracy(f64(labels), f64(scores), threshold);
    expect(run).toThrow(InvalidInputError);
    expect(run).toThrow(message);
  });

  it("rejects columns that are not Float64Array", () => {
    expect(() => accuracy([1] as unknown as Float64Array, f64([0.5]), 0.5)).toThrow(/labels must be a Float64Array/);
  });
});
