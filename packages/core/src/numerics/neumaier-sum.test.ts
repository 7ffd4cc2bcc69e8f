import { describe, expect, it } from "vitest";
import { NeumaierSum, neumaierSum } from "./neumaier-sum.ts";

describe("neumaierSum", () => {
  it.each([
    { name: "empty", values: [], expected: 0 },
    { name: "one value", values: [2.5], expected: 2.5 },
    // A naive left-to-right sum returns 0 here: the 1 is absorbed by 1e100.
    { name: "catastrophic cancellation", values: [1, 1e100, 1, -1e100], expected: 2 },
    { name: "small after large", values: [1e16, 1, 1, -1e16], expected: 2 },
  ])("$name", ({ values, expected }) => {
    expect(neumaierSum(Float64Array.from(values))).toBe(expected);
  });

  it("sums 1e6 copies of 0.1 to the correctly rounded result", () => {
    const acc = new NeumaierSum();
    let naive = 0;
    for (let i = 0; i < 1_000_000; i++) {
      acc.add(0.1);
      naive += 0.1;
    }
    expect(acc.value()).toBe(100000); // math.fsum([0.1] * 1_000_000) == 100000.0
    expect(naive).not.toBe(acc.value()); // proves the test can tell the two apart
  });
});
