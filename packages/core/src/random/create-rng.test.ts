import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { createRng } from "./create-rng.ts";
import { splitMix64 } from "./splitmix64.ts";

// Independent pure-Python implementation: test/golden/generate_rng.py.
interface RngVector {
  seed: number;
  uint32: number[];
  float: number[];
  uniformInt: { bounds: number[]; values: number[] };
}
const vectors = JSON.parse(readFileSync(new URL("../../test/golden/rng-vectors.json", import.meta.url), "utf8")) as {
  rng: RngVector[];
};

const take = (rng: { nextUint32(): number }, count: number) => Array.from({ length: count }, () => rng.nextUint32());

describe("createRng (xoshiro128** seeded by SplitMix64)", () => {
  it("matches the vectors in STATISTICS.md §6", () => {
    expect(splitMix64(0, 1)).toEqual([0xe220a8397b1dcdafn]);
    expect(take(createRng(42), 4)).toEqual([1776835114, 4165204688, 17111135, 2317295270]);
  });

  it("reproduces the committed first 10 outputs for seed 42", () => {
    expect(take(createRng(42), 10)).toEqual([
      1776835114, 4165204688, 17111135, 2317295270, 2792088233, 2554630222, 2940343271, 2244566231, 3567603786,
      2928476417,
    ]);
  });

  it.each(vectors.rng)("seed $seed reproduces the Python reference (uint32, float)", (v) => {
    expect(take(createRng(v.seed), 10)).toEqual(v.uint32);
    const rng = createRng(v.seed);
    expect(Array.from({ length: 10 }, () => rng.nextFloat())).toEqual(v.float);
  });

  it("same seed, same numbers; different seed, different numbers", () => {
    expect(take(createRng(2024), 100)).toEqual(take(createRng(2024), 100));
    expect(take(createRng(2024), 10)).not.toEqual(take(createRng(2025), 10));
  });

  it.each([
    { a: 42, b: 42n },
    { a: -1, b: 2n ** 64n - 1n },
    { a: 0, b: 2n ** 64n },
  ])("seed $a is the same seed as $b (mod 2^64)", ({ a, b }) => {
    expect(take(createRng(a), 5)).toEqual(take(createRng(b), 5));
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])("refuses seed %s", (seed) => {
    expect(() => createRng(seed)).toThrow(InvalidInputError);
  });

  it("nextFloat is in [0, 1) and nextUint32 in [0, 2^32)", () => {
    const rng = createRng(3);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = rng.nextFloat();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
      const u = rng.nextUint32();
      expect(Number.isInteger(u) && u >= 0 && u < 2 ** 32).toBe(true);
    }
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
  });
});
