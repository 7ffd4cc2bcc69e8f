import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { mcnemarExactPValue, mcnemarTest } from "./mcnemar-test.ts";

describe("mcnemarExactPValue", () => {
  it.each([
    { b: 3, c: 12, p: 0.03515625 }, // STATISTICS.md §5
    { b: 12, c: 3, p: 0.03515625 },
    { b: 0, c: 0, p: 1 },
    { b: 5, c: 5, p: 1 },
    { b: 0, c: 1, p: 1 },
    { b: 0, c: 5, p: 0.0625 }, // 2 · 2^−5
    { b: 1, c: 9, p: 0.021484375 }, // 2 · 11/1024
  ])("b=$b c=$c → $p", ({ b, c, p }) => {
    expect(Math.abs(mcnemarExactPValue(b, c) - p)).toBeLessThanOrEqual(1e-15);
  });

  it("stays accurate and fast for large counts", () => {
    // Symmetric, in (0, 1], and tiny for a large imbalance without underflowing to NaN.
    expect(mcnemarExactPValue(1_000_000, 1_000_000)).toBe(1);
    const p = mcnemarExactPValue(500_000, 503_000);
    expect(p).toBeGreaterThan(0.002);
    expect(p).toBeLessThan(0.004);
    expect(mcnemarExactPValue(0, 5000)).toBe(0);
  });

  it.each([
    [1.5, 2],
    [-1, 2],
    [Number.NaN, 0],
  ])("refuses b=%s c=%s", (b, c) => {
    expect(() => mcnemarExactPValue(b, c)).toThrow(InvalidInputError);
  });
});

describe("mcnemarTest", () => {
  const labels = Float64Array.from([1, 1, 0, 0, 1, 0]);

  it("counts the discordant pairs at the threshold (score ≥ threshold is positive)", () => {
    const scoresA = Float64Array.from([0.5, 0.9, 0.1, 0.2, 0.7, 0.4]); // all right
    const scoresB = Float64Array.from([0.49, 0.9, 0.5, 0.2, 0.7, 0.4]); // rows 0 and 2 wrong
    const r = mcnemarTest({ labels, scoresA, scoresB, threshold: 0.5 });
    expect(r).toEqual({
      accuracyA: 1,
      accuracyB: 4 / 6,
      difference: 2 / 6,
      bothCorrect: 4,
      onlyACorrect: 2,
      onlyBCorrect: 0,
      bothWrong: 0,
      n: 6,
      pValue: 0.5,
    });
  });

  it("refuses bad input and zero rows", () => {
    const e = new Float64Array(0);
    expect(() => mcnemarTest({ labels: e, scoresA: e, scoresB: e, threshold: 0.5 })).toThrow(MetricUndefinedError);
    expect(() =>
      mcnemarTest({ labels, scoresA: new Float64Array(6), scoresB: new Float64Array(5), threshold: 0.5 }),
    ).toThrow(InvalidInputError);
    expect(() =>
      mcnemarTest({ labels, scoresA: new Float64Array(6), scoresB: new Float64Array(6), threshold: Number.NaN }),
    ).toThrow(InvalidInputError);
  });
});
