import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { randomSplit } from "./random-split.ts";

const vectors = JSON.parse(readFileSync(new URL("../../test/golden/rng-vectors.json", import.meta.url), "utf8")) as {
  randomSplit: { n: number; testFraction: number; seed: number; train: number[]; test: number[] }[];
};

function expectPartition(n: number, train: Uint32Array, test: Uint32Array): void {
  expect(train.length + test.length).toBe(n);
  const seen = new Uint8Array(n);
  for (const part of [train, test]) {
    for (let k = 0; k < part.length; k++) {
      const i = part[k] as number;
      expect(i).toBeLessThan(n);
      if (k > 0) expect(i).toBeGreaterThan(part[k - 1] as number); // ascending, so no duplicates inside a side
      seen[i] = (seen[i] as number) + 1;
    }
  }
  expect(seen.every((c) => c === 1)).toBe(true); // disjoint and complete
}

describe("randomSplit", () => {
  it("is deterministic for a seed", () => {
    const a = randomSplit({ n: 1000, testFraction: 0.2, seed: 7 });
    const b = randomSplit({ n: 1000, testFraction: 0.2, seed: 7 });
    expect(a).toEqual(b);
    expect(randomSplit({ n: 1000, testFraction: 0.2, seed: 8 }).test).not.toEqual(a.test);
  });

  it.each([
    { n: 2, testFraction: 0.5, nTest: 1 },
    { n: 2, testFraction: 0.01, nTest: 1 }, // never an empty test set
    { n: 2, testFraction: 0.99, nTest: 1 }, // never an empty train set
    { n: 10, testFraction: 0.25, nTest: 3 }, // 2.5 rounds half up
    { n: 100, testFraction: 0.07, nTest: 7 }, // 0.07 · 100 = 7.000000000000001
    { n: 1000, testFraction: 0.2, nTest: 200 },
    { n: 100_003, testFraction: 0.3, nTest: 30_001 },
  ])("n=$n, testFraction=$testFraction → $nTest test rows, disjoint and complete", ({ n, testFraction, nTest }) => {
    const { train, test } = randomSplit({ n, testFraction, seed: 1 });
    expect(test.length).toBe(nTest);
    expectPartition(n, train, test);
  });

  it.each(vectors.randomSplit)("n=$n seed=$seed reproduces the Python reference", (v) => {
    const { train, test } = randomSplit({ n: v.n, testFraction: v.testFraction, seed: v.seed });
    expect(Array.from(test)).toEqual(v.test);
    expect(Array.from(train)).toEqual(v.train);
  });

  it.each([
    { name: "n = 1", n: 1, testFraction: 0.5, message: /n must be an integer in \[2/ },
    { name: "fractional n", n: 10.5, testFraction: 0.5, message: /n must be an integer/ },
    { name: "testFraction 0", n: 10, testFraction: 0, message: /strictly between 0 and 1, got 0/ },
    { name: "testFraction 1", n: 10, testFraction: 1, message: /strictly between 0 and 1, got 1/ },
    { name: "testFraction NaN", n: 10, testFraction: Number.NaN, message: /got NaN/ },
  ])("rejects $name", ({ n, testFraction, message }) => {
    const run = () => randomSplit({ n, testFraction, seed: 0 });
    expect(run).toThrow(InvalidInputError);
    expect(run).toThrow(message);
  });
});
