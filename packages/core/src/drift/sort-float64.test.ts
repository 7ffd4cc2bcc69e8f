import { describe, expect, it } from "vitest";
import { createRng } from "../random/create-rng.ts";
import { sortedWithoutNaN } from "./sort-float64.ts";

function nativeSorted(values: Float64Array): Float64Array {
  return values.slice().sort();
}

/** Object.is per element: tells −0 from +0. */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

describe("sortedWithoutNaN", () => {
  const rng = createRng(7);
  const big = (n: number, draw: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => draw(i));
  it.each([
    { name: "empty", values: new Float64Array(0) },
    { name: "one value", values: Float64Array.of(3) },
    { name: "small (native path)", values: Float64Array.of(3, -1, 0, -0, 2, 2, -5e-324) },
    {
      name: "random signs and magnitudes (radix path)",
      values: big(50_000, () => (rng.nextFloat() - 0.5) * 10 ** (rng.nextFloat() * 40 - 20)),
    },
    {
      name: "±0, subnormals, extremes",
      values: big(10_000, (i) => [0, -0, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1][i % 8] as number),
    },
    { name: "few distinct values (skipped passes)", values: big(20_000, () => Math.floor(rng.nextFloat() * 4)) },
    { name: "already sorted", values: big(10_000, (i) => i - 5000) },
    { name: "reversed", values: big(10_000, (i) => 5000 - i) },
  ])("$name: same order as Float64Array.prototype.sort", ({ values }) => {
    const before = values.slice();
    const { values: sorted, nanCount } = sortedWithoutNaN(values);
    expect(sameBits(sorted, nativeSorted(values))).toBe(true);
    expect(nanCount).toBe(0);
    expect(sameBits(values, before)).toBe(true); // the column is not modified
  });

  it.each([100, 50_000])("leaves NaN out and counts it, ±Infinity sorted to the ends (n = %i)", (n) => {
    const column = Float64Array.from({ length: n }, (_, i) =>
      i % 10 === 3 ? Number.NaN : i === 7 ? Number.POSITIVE_INFINITY : i === 8 ? Number.NEGATIVE_INFINITY : Math.sin(i),
    );
    const { values, nanCount } = sortedWithoutNaN(column);
    expect(nanCount).toBe(n / 10);
    expect(values.length).toBe(n - n / 10);
    expect(sameBits(values, nativeSorted(column.filter((x) => !Number.isNaN(x))))).toBe(true);
    expect(values[0]).toBe(Number.NEGATIVE_INFINITY);
    expect(values[values.length - 1]).toBe(Number.POSITIVE_INFINITY);
  });

  it("an all-NaN column gives no values", () => {
    expect(sortedWithoutNaN(new Float64Array(10_000).fill(Number.NaN))).toMatchObject({ nanCount: 10_000 });
    expect(sortedWithoutNaN(new Float64Array(10_000).fill(Number.NaN)).values.length).toBe(0);
  });

  it("reads a subarray view of a larger buffer", () => {
    const buffer = Float64Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_007);
    const view = buffer.subarray(100, 9_000);
    expect(sameBits(sortedWithoutNaN(view).values, nativeSorted(view))).toBe(true);
  });
});
