import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { linearQuantile, percentileInterval } from "./percentile.ts";

// Expected values from numpy 1.24 `np.quantile(v, q)` (method 'linear').
describe("linearQuantile (numpy 'linear')", () => {
  it.each([
    { v: [1, 2, 3, 4], q: 0.5, expected: 2.5 },
    { v: [1, 2, 3, 4], q: 0, expected: 1 },
    { v: [1, 2, 3, 4], q: 1, expected: 4 },
    { v: [1, 2, 3, 4], q: 0.025, expected: 1.075 },
    { v: [1, 2, 3, 4], q: 0.975, expected: 3.925 },
    { v: [7], q: 0.3, expected: 7 },
    { v: [0, 10], q: 0.7, expected: 7 },
    { v: [0.1, 0.2, 0.2, 0.9], q: 0.75, expected: 0.375 },
  ])("$v at $q → $expected", ({ v, q, expected }) => {
    expect(linearQuantile(v, q)).toBeCloseTo(expected, 15);
  });

  it("interpolates from the upper neighbour when the fraction is ≥ ½, as numpy's _lerp does", () => {
    // a + t(b − a) and b − (1 − t)(b − a) differ in the last bit here; numpy uses the latter.
    const v = [0.1, 0.7];
    const t = 0.9;
    expect(linearQuantile(v, t)).toBe(0.7 - (0.7 - 0.1) * (1 - t));
  });

  it("percentileInterval takes α/2 and 1 − α/2, with α = 1 − level in floating point as numpy", () => {
    const v = Array.from({ length: 101 }, (_, i) => i);
    expect(percentileInterval(v, 0.5)).toEqual([25, 75]);
    // 1 − 0.9 = 0.09999999999999998, so the lower index is 4.999999999999999, not 5.
    expect(percentileInterval(v, 0.9)).toEqual([4.999999999999999, 95]);
  });

  it.each([
    { v: [], q: 0.5 },
    { v: [1], q: -0.1 },
    { v: [1], q: Number.NaN },
  ])("refuses $v at $q", ({ v, q }) => {
    expect(() => linearQuantile(v, q)).toThrow(InvalidInputError);
  });

  it.each([0, 1, 1.5, Number.NaN])("refuses level %s", (level) => {
    expect(() => percentileInterval([1, 2], level)).toThrow(InvalidInputError);
  });
});
