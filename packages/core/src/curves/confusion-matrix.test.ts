import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { confusionFromSortedClasses, confusionMatrix } from "./confusion-matrix.ts";

const f64 = (values: number[]) => Float64Array.from(values);
const labels = f64([1, 0, 1, 0, 1, 0]);
const scores = f64([0.5, 0.5, 0.49999999999999994, 0.5000000000000001, -0, 0]);

describe("confusionMatrix", () => {
  it.each([
    { name: "at the threshold counts as positive", threshold: 0.5, expected: { tp: 1, fp: 2, tn: 1, fn: 2 } },
    { name: "one ulp above", threshold: 0.5000000000000001, expected: { tp: 0, fp: 1, tn: 2, fn: 3 } },
    { name: "one ulp below", threshold: 0.49999999999999994, expected: { tp: 2, fp: 2, tn: 1, fn: 1 } },
    { name: "-0 and +0 are >= 0", threshold: 0, expected: { tp: 3, fp: 3, tn: 0, fn: 0 } },
    { name: "threshold -0 equals 0", threshold: -0, expected: { tp: 3, fp: 3, tn: 0, fn: 0 } },
    { name: "above everything", threshold: 2, expected: { tp: 0, fp: 0, tn: 3, fn: 3 } },
  ])("$name", ({ threshold, expected }) => {
    const result = confusionMatrix(labels, scores, threshold);
    expect(result).toEqual({ threshold, ...expected });
    const positives = f64([0.5, 0.49999999999999994, -0]).sort();
    const negatives = f64([0.5, 0.5000000000000001, 0]).sort();
    expect(confusionFromSortedClasses(positives, negatives, threshold)).toEqual(result);
  });

  it("counts zero rows", () => {
    expect(confusionMatrix(f64([]), f64([]), 0.5)).toEqual({ threshold: 0.5, tp: 0, fp: 0, tn: 0, fn: 0 });
  });

  it("validates", () => {
    expect(() => confusionMatrix(labels, scores, Number.NaN)).toThrow(InvalidInputError);
    expect(() => confusionMatrix(f64([2]), f64([0.5]), 0.5)).toThrow(/labels must be 0 or 1/);
  });
});
