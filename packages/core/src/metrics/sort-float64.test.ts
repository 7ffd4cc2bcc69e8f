import { describe, expect, it } from "vitest";
import { createRng } from "../random/create-rng.ts";
import { sortFloat64 } from "./sort-float64.ts";

/** Native order, compared with Object.is so -0 before +0 is checked too. */
function expectNativeOrder(values: Float64Array): void {
  const expected = values.slice().sort();
  const actual = sortFloat64(values.slice());
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) throw new Error(`index ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

function generate(n: number, seed: number, value: (u: number, i: number) => number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, (_, i) => value(rng.nextFloat(), i));
}

const SPECIAL = [-0, 0, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 1e-308, -1e-308, -2.5, 2.5, 1, -1];

describe("sortFloat64", () => {
  it.each([
    { name: "empty", values: new Float64Array(0) },
    { name: "one value", values: Float64Array.of(3) },
    { name: "small (native path)", values: Float64Array.of(0.5, -0, 0, -1, 1e-310, -1e-310, 2) },
    { name: "probabilities", values: generate(5000, 1, (u) => u) },
    { name: "all equal (every pass trivial)", values: generate(5000, 2, () => 0.25) },
    { name: "few distinct (ties)", values: generate(5000, 3, (u) => Math.floor(u * 7) / 7) },
    {
      name: "signs, zeros, subnormals, extremes",
      values: generate(6000, 4, (u, i) =>
        i % 2 === 0 ? (SPECIAL[(i / 2) % SPECIAL.length] as number) : (u - 0.5) * 1e6,
      ),
    },
    {
      name: "mixed signs and magnitudes",
      values: generate(20000, 5, (u, i) => (i % 2 ? -1 : 1) * u ** 7 * 10 ** ((i % 40) - 20)),
    },
    { name: "only negatives", values: generate(4096, 6, (u) => -u) },
    { name: "exactly at the radix cut-off", values: generate(2048, 7, (u) => u * 3 - 1) },
    { name: "signed zeros only", values: generate(3000, 8, (u) => (u < 0.5 ? -0 : 0)) },
  ])("matches the native sort: $name", ({ values }) => {
    expectNativeOrder(values);
  });

  it("sorts in place and returns its argument", () => {
    const values = generate(3000, 9, (u) => u);
    expect(sortFloat64(values)).toBe(values);
    for (let i = 1; i < values.length; i++) expect(values[i - 1]).toBeLessThanOrEqual(values[i] as number);
  });

  it("sorts a subarray view without touching its neighbours", () => {
    const backing = generate(6000, 10, (u) => u);
    const before = backing.slice();
    const view = backing.subarray(1000, 5000);
    expectNativeOrder(view.slice());
    sortFloat64(view);
    expect(backing.subarray(0, 1000)).toEqual(before.subarray(0, 1000));
    expect(backing.subarray(5000)).toEqual(before.subarray(5000));
    expect(view).toEqual(before.subarray(1000, 5000).sort());
  });
});
