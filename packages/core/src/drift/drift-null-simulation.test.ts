import { describe, expect, it } from "vitest";
import { createRng, type Rng } from "../random/create-rng.ts";
import { chi2Contingency } from "./chi2-contingency.ts";
import { ksTwoSample } from "./ks-two-sample.ts";

// Under the null (both sides from one distribution) a valid test rejects at α = 0.05 in
// about 5% of samples. Fixed seeds, 2,000 repetitions each: the binomial standard error of
// the rate is 0.49%, so 3.5–6.5% is a ±3σ band. Small n keeps it to a few seconds.
const REPS = 2_000;
const ALPHA = 0.05;

function rejectionRate(reps: number, pValue: (rng: Rng) => number, seed: number): number {
  const rng = createRng(seed);
  let rejections = 0;
  for (let r = 0; r < reps; r++) if (pValue(rng) <= ALPHA) rejections++;
  return rejections / reps;
}

function uniformColumn(rng: Rng, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => rng.nextFloat());
}

/** Category index with probabilities `weights` (summing to 1). */
function draw(rng: Rng, weights: readonly number[]): number {
  let u = rng.nextFloat();
  for (let k = 0; k < weights.length - 1; k++) {
    u -= weights[k] as number;
    if (u < 0) return k;
  }
  return weights.length - 1;
}

function counts(rng: Rng, n: number, weights: readonly number[]): number[] {
  const out = new Array<number>(weights.length).fill(0);
  for (let i = 0; i < n; i++) {
    const k = draw(rng, weights);
    out[k] = (out[k] as number) + 1;
  }
  return out;
}

describe("drift tests hold their false-positive rate under the null", () => {
  it.each([
    // The exact test is discrete: its true size is the largest attainable p ≤ α, 4.94% at
    // 50×70 and 4.67% at 60×60 (scipy's own p-values on the lattice).
    { name: "KS exact, n1 = 50, n2 = 70", n1: 50, n2: 70, method: "auto" as const },
    { name: "KS exact, n1 = n2 = 60", n1: 60, n2: 60, method: "auto" as const },
    { name: "KS asymptotic p-value, n1 = 150, n2 = 200", n1: 150, n2: 200, method: "asymp" as const },
  ])("$name", ({ n1, n2, method }) => {
    const rate = rejectionRate(
      REPS,
      (rng) => ksTwoSample(uniformColumn(rng, n1), uniformColumn(rng, n2), { method }).pValue,
      n1 * 1000 + n2,
    );
    console.info(`null rejection rate at α = 0.05, ${n1}×${n2} ${method}: ${(100 * rate).toFixed(2)}%`);
    expect(rate).toBeGreaterThanOrEqual(0.035);
    expect(rate).toBeLessThanOrEqual(0.065);
  });

  it("chi-square, 2×4 table, 150 per side", () => {
    const weights = [0.4, 0.3, 0.2, 0.1];
    const rate = rejectionRate(
      REPS,
      (rng) => chi2Contingency([counts(rng, 150, weights), counts(rng, 150, weights)]).pValue,
      24,
    );
    console.info(`null rejection rate at α = 0.05, chi-square 2×4: ${(100 * rate).toFixed(2)}%`);
    expect(rate).toBeGreaterThanOrEqual(0.035);
    expect(rate).toBeLessThanOrEqual(0.065);
  });

  it("chi-square 2×2 with Yates' correction never exceeds α (it is known to be conservative)", () => {
    const weights = [0.35, 0.65];
    const rate = rejectionRate(
      REPS,
      (rng) => chi2Contingency([counts(rng, 150, weights), counts(rng, 150, weights)]).pValue,
      22,
    );
    console.info(`null rejection rate at α = 0.05, chi-square 2×2 (Yates): ${(100 * rate).toFixed(2)}%`);
    expect(rate).toBeLessThanOrEqual(0.065);
    expect(rate).toBeGreaterThan(0.01);
  });
});
