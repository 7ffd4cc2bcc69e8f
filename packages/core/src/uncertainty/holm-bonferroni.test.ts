import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { holmBonferroni } from "./holm-bonferroni.ts";

describe("holmBonferroni (statsmodels 'holm')", () => {
  it.each([
    {
      p: [0.01, 0.04, 0.03, 0.005],
      alpha: 0.05,
      adjusted: [0.03, 0.06, 0.06, 0.02],
      rejected: [true, false, false, true],
    },
    // Step-down stops at the first non-rejection even if later p-values are small enough alone.
    { p: [0.01, 0.02, 0.03], alpha: 0.05, adjusted: [0.03, 0.04, 0.04], rejected: [true, true, true] },
    { p: [0.2, 0.5, 0.9], alpha: 0.05, adjusted: [0.6, 1, 1], rejected: [false, false, false] },
    // Ties get the same adjusted value in any order.
    { p: [0.03, 0.03, 0.03], alpha: 0.1, adjusted: [0.09, 0.09, 0.09], rejected: [true, true, true] },
    // At the boundary p = α/(m − k + 1) is rejected (statsmodels rejects unless p > α/…).
    { p: [0.025, 0.05], alpha: 0.05, adjusted: [0.05, 0.05], rejected: [true, true] },
    { p: [], alpha: 0.05, adjusted: [], rejected: [] },
    { p: [0.04], alpha: 0.05, adjusted: [0.04], rejected: [true] },
  ])("$p at α=$alpha", ({ p, alpha, adjusted, rejected }) => {
    const r = holmBonferroni(p, alpha);
    expect(Array.from(r.adjusted)).toEqual(adjusted.map((v) => expect.closeTo(v, 15)));
    expect(r.rejected).toEqual(rejected);
  });

  it.each([[[0.1, -0.01]], [[1.01]], [[Number.NaN]]])("refuses p-values %s", (p) => {
    expect(() => holmBonferroni(p)).toThrow(InvalidInputError);
  });

  it.each([0, 1, Number.NaN])("refuses alpha %s", (alpha) => {
    expect(() => holmBonferroni([0.1], alpha)).toThrow(InvalidInputError);
  });
});
