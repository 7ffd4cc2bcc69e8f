import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { kolmogorovSf } from "./kolmogorov-sf.ts";
import { ksPValue, ksTwoSample, roundHalfEven } from "./ks-two-sample.ts";
import { wasserstein1 } from "./wasserstein.ts";

const f = (values: number[]) => Float64Array.from(values);

describe("ksTwoSample", () => {
  it.each([
    { name: "one value each, different", a: [1], b: [2], statistic: 1, pValue: 1 },
    { name: "identical samples", a: [1, 2, 3], b: [3, 2, 1], statistic: 0, pValue: 1 },
    { name: "all ties across sides", a: [5, 5, 5], b: [5, 5], statistic: 0, pValue: 1 },
    // scipy: ks_2samp([1], [1, 1, 5]) → D = 1/3 at v = 1, after the reference is used up
    { name: "ties at the value where one side ends", a: [1], b: [1, 1, 5], statistic: 1 / 3, pValue: 1 },
    // scipy: ks_2samp([1,2,3,4,5], [2.5,3.5,6,7,8,9]) → (0.6666666666666666, 0.10822510822510821)
    {
      name: "STATISTICS.md spot vector",
      a: [1, 2, 3, 4, 5],
      b: [2.5, 3.5, 6, 7, 8, 9],
      statistic: 2 / 3,
      pValue: 0.10822510822510821,
    },
  ])("$name", ({ a, b, statistic, pValue }) => {
    const result = ksTwoSample(f(a), f(b));
    expect(result.statistic).toBeCloseTo(statistic, 15);
    expect(result.pValue).toBeCloseTo(pValue, 15);
    expect(result.method).toBe("exact");
  });

  it("leaves NaN out and counts it per side, never silently", () => {
    const withMissing = ksTwoSample(f([1, Number.NaN, 2, 3, 4, 5, Number.NaN]), f([2.5, 3.5, 6, 7, 8, Number.NaN, 9]));
    const clean = ksTwoSample(f([1, 2, 3, 4, 5]), f([2.5, 3.5, 6, 7, 8, 9]));
    expect(withMissing.missing).toEqual({ reference: 2, current: 1 });
    expect(withMissing.n).toEqual({ reference: 5, current: 6 });
    expect(withMissing.statistic).toBe(clean.statistic);
    expect(withMissing.pValue).toBe(clean.pValue);
  });

  it.each([
    { name: "empty reference", a: [], b: [1], message: /reference: cannot compare distributions, it has no values/ },
    {
      name: "all-missing current",
      a: [1],
      b: [Number.NaN, Number.NaN],
      message: /current: .*all 2 values are missing/,
    },
    { name: "Infinity", a: [1, Number.POSITIVE_INFINITY], b: [1], message: /reference: row 1 is Infinity/ },
  ])("refuses $name", ({ a, b, message }) => {
    expect(() => ksTwoSample(f(a), f(b))).toThrow(InvalidInputError);
    expect(() => ksTwoSample(f(a), f(b))).toThrow(message);
  });

  it("refuses a column that is not a Float64Array", () => {
    expect(() => ksTwoSample([1, 2] as unknown as Float64Array, f([1]))).toThrow(/must be a Float64Array/);
  });

  it("does not modify its inputs", () => {
    const a = f([3, 1, Number.NaN, 2]);
    ksTwoSample(a, f([0, 5]));
    expect(Array.from(a)).toEqual([3, 1, Number.NaN, 2]);
  });

  it("switches to the asymptotic p-value above 10,000 values on a side (scipy's auto)", () => {
    const small = ksPValue({ statistic: 0.02, n1: 10_000, n2: 10_000 });
    const large = ksPValue({ statistic: 0.02, n1: 10_001, n2: 10_000 });
    expect(small.method).toBe("exact");
    expect(large.method).toBe("asymp");
    expect(large.pValue).toBe(kolmogorovSf(0.02, 5000)); // round(10001·10000/20001) = 5000
    expect(ksPValue({ statistic: 0.3, n1: 20, n2: 20, method: "asymp" }).pValue).toBe(kolmogorovSf(0.3, 10));
  });

  it("reports the exact statistic on the h/lcm lattice, as scipy", () => {
    // 1/3 − 1/5 evaluated in floating point is not exactly 2/15
    const result = ksPValue({ statistic: 1 / 3 - 1 / 5, n1: 3, n2: 5 });
    expect(result.statistic).toBe(2 / 15);
  });

  it.each([
    [0.5, 0],
    [1.5, 2],
    [2.5, 2],
    [10000.5, 10000],
    [10001.5, 10002],
    [2.4999, 2],
  ])("roundHalfEven(%f) = %i (numpy np.round)", (x, expected) => {
    expect(roundHalfEven(x)).toBe(expected);
  });

  it.each([
    { statistic: -0.1, n1: 3, n2: 3 },
    { statistic: 0.5, n1: 0, n2: 3 },
    { statistic: 0.5, n1: 2.5, n2: 3 },
    { statistic: Number.NaN, n1: 3, n2: 3 },
  ])("ksPValue refuses %o", (options) => {
    expect(() => ksPValue(options)).toThrow(InvalidInputError);
  });
});

describe("wasserstein1", () => {
  it.each([
    { name: "spot vector", a: [0, 1, 3], b: [5, 6, 8], distance: 5 },
    { name: "identical", a: [1, 2, 2], b: [2, 1, 2], distance: 0 },
    { name: "one value each", a: [-1], b: [2.5], distance: 3.5 },
    // scipy.stats.wasserstein_distance([0, 0, 1], [0, 1, 1]) = 0.3333333333333333
    { name: "ties", a: [0, 0, 1], b: [0, 1, 1], distance: 0.3333333333333333 },
  ])("$name", ({ a, b, distance }) => {
    expect(wasserstein1(f(a), f(b)).distance).toBe(distance);
  });

  it("falls back to per-step shares when gap × width would overflow", () => {
    // scipy.stats.wasserstein_distance([-1.5e308, 1.5e308], [0]) = 1.5e308
    expect(wasserstein1(f([-1.5e308, 1.5e308]), f([0])).distance).toBe(1.5e308);
  });

  it("counts missing values per side", () => {
    const result = wasserstein1(f([Number.NaN, 0, 1, 3]), f([5, 6, 8, Number.NaN, Number.NaN]));
    expect(result).toEqual({ distance: 5, n: { reference: 3, current: 3 }, missing: { reference: 1, current: 2 } });
  });
});
