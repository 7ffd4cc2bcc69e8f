import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { erfc, logGamma, normalCdf, normalQuantile, normalSf, regularizedGammaQ } from "./special-functions.ts";

// Reference values: scipy 1.10.1 / exact identities. More cases in uncertainty.golden.test.ts.
describe("special functions (STATISTICS.md §0)", () => {
  it.each([
    { x: 1, expected: 0 },
    { x: 2, expected: 0 },
    { x: 0.5, expected: Math.log(Math.sqrt(Math.PI)) },
    { x: 10, expected: Math.log(362880) },
    { x: 0.1, expected: 2.252712651734206 },
    { x: 171.5, expected: 709.1431630309283 },
  ])("logGamma($x)", ({ x, expected }) => {
    expect(Math.abs(logGamma(x) - expected)).toBeLessThanOrEqual(2e-14 * Math.max(1, Math.abs(expected)));
  });

  it.each([
    { a: 1, x: 2, expected: Math.exp(-2) }, // Q(1, x) = e^−x
    { a: 1, x: 0.5, expected: Math.exp(-0.5) },
    { a: 2, x: 3, expected: 4 * Math.exp(-3) }, // Q(2, x) = (1 + x)e^−x
    { a: 0.5, x: 0, expected: 1 },
    { a: 3, x: Number.POSITIVE_INFINITY, expected: 0 },
  ])("regularizedGammaQ($a, $x)", ({ a, x, expected }) => {
    expect(Math.abs(regularizedGammaQ(a, x) - expected)).toBeLessThanOrEqual(1e-15);
  });

  it.each([
    [0, 1],
    [-1, 0.5],
    [1, Number.NaN],
    [Number.NaN, 1],
  ])("regularizedGammaQ refuses a=%s x=%s", (a, x) => {
    expect(() => regularizedGammaQ(a, x)).toThrow(InvalidInputError);
  });

  it("erfc and the normal tail", () => {
    expect(erfc(0)).toBe(1);
    expect(Math.abs(erfc(1) - 0.15729920705028513)).toBeLessThan(1e-15);
    expect(Math.abs(erfc(-1) - 1.8427007929497148)).toBeLessThan(1e-15);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalSf(0)).toBe(0.5);
    // Relative precision deep in the tail (1 − Φ would round to 0).
    expect(Math.abs(normalSf(10) / 7.619853024160527e-24 - 1)).toBeLessThan(1e-12);
    expect(() => erfc(Number.NaN)).toThrow(InvalidInputError);
  });

  it.each([
    { p: 0.5, z: 0 },
    { p: 0.975, z: 1.959963984540054 },
    { p: 0.8, z: 0.8416212335729143 },
    { p: 0.025, z: -1.959963984540054 },
    { p: 1e-10, z: -6.361340902404056 },
  ])("normalQuantile($p) (AS241)", ({ p, z }) => {
    expect(Math.abs(normalQuantile(p) - z)).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(z)));
  });

  it("normalQuantile inverts normalCdf across all three AS241 branches", () => {
    for (const p of [1e-300, 1e-20, 1e-12, 0.001, 0.07, 0.075, 0.2, 0.5, 0.9, 0.925, 0.93, 0.999999]) {
      expect(Math.abs(normalCdf(normalQuantile(p)) / p - 1), `p=${p}`).toBeLessThan(1e-12);
    }
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    for (const bad of [-0.1, 1.1, Number.NaN]) expect(() => normalQuantile(bad)).toThrow(InvalidInputError);
  });
});
