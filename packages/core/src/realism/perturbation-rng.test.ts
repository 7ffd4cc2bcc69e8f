import { describe, expect, it } from "vitest";
import { createRng } from "../random/create-rng.ts";
import { fnv1a64, perturbationRng, standardNormalSource } from "./perturbation-rng.ts";

const take = (rng: { nextUint32(): number }, k: number) => Array.from({ length: k }, () => rng.nextUint32());

describe("fnv1a64", () => {
  it.each([
    { text: "", hash: 0xcbf29ce484222325n },
    { text: "a", hash: 0xaf63dc4c8601ec8cn },
    { text: "foobar", hash: 0x85944171f73967e8n },
  ])("published vector for '$text'", ({ text, hash }) => {
    expect(fnv1a64(text)).toBe(hash);
  });

  it("hashes UTF-8 bytes, not UTF-16 code units (vectors from Python over str.encode())", () => {
    expect(fnv1a64("\u00e9")).toBe(0x0ac21707b7181e01n); // bytes c3 a9; the code unit e9 alone gives 0xaf64644c8602d3a4
    expect(fnv1a64("\u20ac")).toBe(0x5646581b8855166bn);
  });
});

describe("perturbationRng", () => {
  it("is keyed by seed, step and column name", () => {
    const a = take(perturbationRng(7, 0, "income"), 5);
    expect(take(perturbationRng(7, 0, "income"), 5)).toEqual(a);
    expect(take(perturbationRng(7n, 0, "income"), 5)).toEqual(a);
    expect(take(perturbationRng(8, 0, "income"), 5)).not.toEqual(a);
    expect(take(perturbationRng(7, 1, "income"), 5)).not.toEqual(a);
    expect(take(perturbationRng(7, 0, "age"), 5)).not.toEqual(a);
  });
});

describe("standardNormalSource", () => {
  it("draws mean 0, variance 1, skewness 0, kurtosis 3 (10^5 draws, fixed seed)", () => {
    const next = standardNormalSource(createRng(123));
    const n = 100_000;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    for (let i = 0; i < n; i++) {
      const z = next();
      s1 += z;
      s2 += z * z;
      s3 += z ** 3;
      s4 += z ** 4;
    }
    // Standard errors: mean 1/√n ≈ 0.0032, variance √(2/n) ≈ 0.0045, skew √(6/n) ≈ 0.0077, kurtosis √(24/n) ≈ 0.015.
    expect(Math.abs(s1 / n)).toBeLessThan(0.013);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.018);
    expect(Math.abs(s3 / n)).toBeLessThan(0.031);
    expect(Math.abs(s4 / n - 3)).toBeLessThan(0.06);
  });

  it("uses both halves of each Box–Muller pair", () => {
    const rng = createRng(5);
    const u1 = rng.nextFloat();
    const u2 = rng.nextFloat();
    const r = Math.sqrt(-2 * Math.log(1 - u1));
    const next = standardNormalSource(createRng(5));
    expect(next()).toBe(r * Math.cos(2 * Math.PI * u2));
    expect(next()).toBe(r * Math.sin(2 * Math.PI * u2));
  });
});
