import { describe, expect, it } from "vitest";
import { exactCostPerDecision, roundQuotient, toDyadic, toExactCosts } from "./exact-cost.ts";

describe("toDyadic", () => {
  it.each([
    { x: 1, mantissa: 1n, exponent: 0 },
    { x: 6, mantissa: 3n, exponent: 1 },
    { x: -0.75, mantissa: -3n, exponent: -2 },
    { x: 0.1, mantissa: 3602879701896397n, exponent: -55 },
    { x: Number.MIN_VALUE, mantissa: 1n, exponent: -1074 },
    { x: 0, mantissa: 0n, exponent: 0 },
  ])("$x", ({ x, mantissa, exponent }) => {
    expect(toDyadic(x)).toEqual({ mantissa, exponent });
  });
});

describe("roundQuotient", () => {
  it.each([
    { name: "exact", num: 3n, exp: 0, den: 4n, expected: 0.75 },
    { name: "one third", num: 1n, exp: 0, den: 3n, expected: 1 / 3 },
    { name: "negative", num: -2n, exp: 0, den: 3n, expected: -2 / 3 },
    { name: "scaled by 2^-55", num: 3602879701896397n, exp: -55, den: 1n, expected: 0.1 },
    // 2^53 + 1 is halfway between two doubles: ties to even gives 2^53; a hair more rounds up.
    { name: "tie to even", num: 2n ** 53n + 1n, exp: 0, den: 1n, expected: 2 ** 53 },
    { name: "sticky bit breaks the tie", num: (2n ** 53n + 1n) * 3n + 1n, exp: 0, den: 3n, expected: 2 ** 53 + 2 },
    { name: "huge exponent", num: 1n, exp: 1020, den: 4n, expected: 2 ** 1018 },
    { name: "tiny exponent", num: 3n, exp: -1070, den: 1n, expected: 3 * 2 ** -1070 },
  ])("$name", ({ num, exp, den, expected }) => {
    expect(roundQuotient(num, exp, den)).toBe(expected);
  });
});

describe("exactCostPerDecision", () => {
  it("sums 0.1 ten times exactly, where floats do not", () => {
    const exact = toExactCosts({ fp: 0.1, fn: 0.2, tp: 0, tn: 0 });
    let float = 0;
    for (let i = 0; i < 10; i++) float += 0.1;
    expect(float).not.toBe(1); // the trap the exact path avoids
    expect(exactCostPerDecision({ tp: 0, fp: 10, tn: 0, fn: 0 }, exact)).toBe(0.1);
  });

  it("costs far apart in magnitude", () => {
    const exact = toExactCosts({ fp: 1e300, fn: 1e-300, tp: 0, tn: 0 });
    expect(exactCostPerDecision({ tp: 0, fp: 1, tn: 0, fn: 1 }, exact)).toBe(5e299);
  });
});
