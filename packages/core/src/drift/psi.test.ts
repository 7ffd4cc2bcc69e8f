import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { jensenShannon } from "./jensen-shannon.ts";
import { PSI_FLOOR, psi, psiFromProportions } from "./psi.ts";

const f = (values: number[]) => Float64Array.from(values);

describe("psiFromProportions", () => {
  it.each([
    { name: "identical", ref: [0.5, 0.5], cur: [0.5, 0.5], expected: 0 },
    {
      name: "one bin moved",
      ref: [0.5, 0.5],
      cur: [0.25, 0.75],
      expected: -0.25 * Math.log(0.5) + 0.25 * Math.log(1.5),
    },
    // an empty bin counts as 1e-6, not renormalised: (1e-6 − 0.5)·ln(1e-6/0.5) + (1 − 0.5)·ln(1/0.5)
    {
      name: "empty bin floored",
      ref: [0.5, 0.5],
      cur: [0, 1],
      expected: (PSI_FLOOR - 0.5) * Math.log(PSI_FLOOR / 0.5) + 0.5 * Math.log(2),
    },
    { name: "both empty: no contribution", ref: [0, 1], cur: [0, 1], expected: 0 },
  ])("$name", ({ ref, cur, expected }) => {
    expect(psiFromProportions(ref, cur)).toBeCloseTo(expected, 14);
  });

  it.each([
    { name: "length mismatch", ref: [1], cur: [0.5, 0.5], message: /1 and 2 bins/ },
    { name: "no bins", ref: [], cur: [], message: /no bins/ },
    { name: "negative", ref: [-0.1, 1.1], cur: [0.5, 0.5], message: /reference bin 0 is -0.1/ },
    { name: "NaN", ref: [0.5, 0.5], cur: [Number.NaN, 1], message: /current bin 0 is NaN/ },
  ])("refuses $name", ({ ref, cur, message }) => {
    expect(() => psiFromProportions(ref, cur)).toThrow(InvalidInputError);
    expect(() => psiFromProportions(ref, cur)).toThrow(message);
  });
});

describe("psi (numeric column)", () => {
  it("is 0 for identical columns and counts missing values", () => {
    const column = f([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, Number.NaN]);
    const result = psi(column, column);
    expect(result.psi).toBe(0);
    expect(result.missing).toEqual({ reference: 1, current: 1 });
    expect(result.n).toEqual({ reference: 11, current: 11 });
    expect(Array.from(result.referenceProportions).reduce((a, b) => a + b)).toBeCloseTo(1, 15);
  });

  it("one reference value: every edge equals it; values ≥ it fall in the last bin", () => {
    const result = psi(f([3]), f([1, 3, 5]));
    expect(Array.from(result.edges)).toEqual(new Array(9).fill(3));
    expect(result.referenceProportions[9]).toBe(1);
    expect(result.currentProportions[0]).toBeCloseTo(1 / 3, 15);
    expect(result.currentProportions[9]).toBeCloseTo(2 / 3, 15);
  });

  it.each([
    { name: "all-missing reference", ref: [Number.NaN], cur: [1], message: /reference: .*all 1 values are missing/ },
    { name: "empty current", ref: [1], cur: [], message: /current: .*no values/ },
    { name: "-Infinity in current", ref: [1], cur: [Number.NEGATIVE_INFINITY], message: /current: row 0 is -Infinity/ },
  ])("refuses $name", ({ ref, cur, message }) => {
    expect(() => psi(f(ref), f(cur))).toThrow(message);
  });
});

describe("jensenShannon", () => {
  it.each([
    { name: "identical", p: [0.2, 0.8], q: [0.2, 0.8], expected: 0 },
    { name: "disjoint supports: the maximum, 1", p: [1, 0], q: [0, 1], expected: 1 },
    { name: "unnormalised counts are normalised", p: [1, 4, 5], q: [3, 3, 4], expected: 0.21663402449519675 },
    { name: "spot vector", p: [0.1, 0.4, 0.5], q: [0.3, 0.3, 0.4], expected: 0.21663402449519675 },
  ])("$name", ({ p, q, expected }) => {
    expect(jensenShannon(p, q)).toBeCloseTo(expected, 15);
    expect(jensenShannon(q, p)).toBeCloseTo(expected, 15); // symmetric
  });

  it("refuses an all-zero distribution (scipy returns NaN)", () => {
    expect(() => jensenShannon([0, 0], [1, 0])).toThrow(/reference distribution is all zeros/);
  });
});
