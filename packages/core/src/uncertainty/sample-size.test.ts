import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import {
  aucDifferenceSampleSize,
  aucSampleSizeFromPilot,
  hanleyMcNeilStandardError,
  hanleyMcNeilVariance,
  mcnemarSampleSize,
} from "./sample-size.ts";

describe("sample sizes (STATISTICS.md §11)", () => {
  it("McNemar: p01 = .45, p10 = .05 → 22.01 → 23", () => {
    const r = mcnemarSampleSize({ p01: 0.45, p10: 0.05 });
    expect(r.unrounded).toBeCloseTo(22.0113, 4);
    expect(r.n).toBe(23);
    // Symmetric in the direction of the difference; more power needs more rows.
    expect(mcnemarSampleSize({ p01: 0.05, p10: 0.45 }).n).toBe(23);
    expect(mcnemarSampleSize({ p01: 0.45, p10: 0.05, power: 0.9 }).n).toBeGreaterThan(23);
  });

  it.each([
    { p01: 0.1, p10: 0.1 },
    { p01: -0.1, p10: 0.1 },
    { p01: 0.7, p10: 0.5 },
    { p01: 0.1, p10: 0.2, alpha: 0 },
    { p01: 0.1, p10: 0.2, power: 1 },
  ])("McNemar refuses $p01/$p10", (o) => {
    expect(() => mcnemarSampleSize(o)).toThrow(InvalidInputError);
  });

  it("Hanley–McNeil: A = .8, n⁺ = n⁻ = 50 → SE 0.044502", () => {
    expect(hanleyMcNeilStandardError({ auc: 0.8, nPositive: 50, nNegative: 50 })).toBeCloseTo(0.044502, 6);
    expect(hanleyMcNeilVariance({ auc: 1, nPositive: 10, nNegative: 10 })).toBe(0);
    expect(() => hanleyMcNeilVariance({ auc: 1.2, nPositive: 10, nNegative: 10 })).toThrow(InvalidInputError);
    expect(() => hanleyMcNeilVariance({ auc: 0.8, nPositive: 0, nNegative: 10 })).toThrow(InvalidInputError);
  });

  it("AUC difference: the answer is the smallest n⁺ that reaches the power", () => {
    const z = 1.959963984540054 + 0.8416212335729143;
    const options = { aucA: 0.8, aucB: 0.75 };
    const { nPositive, nNegative } = aucDifferenceSampleSize(options);
    const se = (n: number) =>
      Math.sqrt(
        hanleyMcNeilVariance({ auc: 0.8, nPositive: n, nNegative: n }) +
          hanleyMcNeilVariance({ auc: 0.75, nPositive: n, nNegative: n }),
      );
    expect(nNegative).toBe(nPositive);
    expect(z * se(nPositive)).toBeLessThanOrEqual(0.05 + 1e-12);
    expect(z * se(nPositive - 1)).toBeGreaterThan(0.05);
    // Correlated estimates need fewer rows; more negatives per positive need fewer positives.
    expect(aucDifferenceSampleSize({ ...options, correlation: 0.6 }).nPositive).toBeLessThan(nPositive);
    expect(aucDifferenceSampleSize({ ...options, negativesPerPositive: 3 }).nPositive).toBeLessThan(nPositive);
    expect(() => aucDifferenceSampleSize({ aucA: 0.8, aucB: 0.8 })).toThrow(InvalidInputError);
    expect(() => aucDifferenceSampleSize({ ...options, correlation: 2 })).toThrow(InvalidInputError);
  });

  it("AUC from pilot data scales with 1/Δ²", () => {
    const labels = Float64Array.from([1, 1, 1, 0, 0, 0, 0, 1, 0, 1]);
    const scoresA = Float64Array.from([0.9, 0.8, 0.4, 0.3, 0.2, 0.6, 0.1, 0.7, 0.5, 0.65]);
    const scoresB = Float64Array.from([0.7, 0.9, 0.5, 0.5, 0.1, 0.4, 0.3, 0.4, 0.6, 0.8]);
    const own = aucSampleSizeFromPilot({ labels, scoresA, scoresB });
    expect(own.pilotDifference).toBeCloseTo(0.08, 15);
    expect(own.difference).toBe(own.pilotDifference);
    const half = aucSampleSizeFromPilot({ labels, scoresA, scoresB, difference: 0.04 });
    expect(half.unrounded / own.unrounded).toBeCloseTo(4, 12);
    expect(() => aucSampleSizeFromPilot({ labels, scoresA, scoresB: scoresA })).toThrow(InvalidInputError);
  });
});
