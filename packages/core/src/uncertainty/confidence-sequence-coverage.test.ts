import { describe, expect, it } from "vitest";
import { createRng } from "../random/create-rng.ts";
import { ConfidenceSequence } from "./confidence-sequence.ts";
import { PairedConfidenceSequence } from "./paired-confidence-sequence.ts";

// Statistical check by simulation (issue 3, "Proof"): a 95% confidence sequence, looked at
// after every observation, must miss the true mean at any look in at most 5% of streams.
// With the running intersection, a stream misses at some look exactly when its final
// interval excludes the mean. A fixed-sample interval looked at as often misses far more
// often, which is the failure this guards against. Seeded: the counts are fixed numbers.
const STREAMS = 1000;
const LENGTH = 500;
const Z95 = 1.959963984540054;

function missRates(mean: number, draw: () => number): { sequence: number; fixedSample: number } {
  let sequenceMisses = 0;
  let fixedSampleMisses = 0;
  for (let s = 0; s < STREAMS; s++) {
    const cs = new ConfidenceSequence({ alpha: 0.05 });
    let sum = 0;
    let sumSquares = 0;
    let fixedMissed = false;
    for (let t = 1; t <= LENGTH; t++) {
      const x = draw();
      cs.update(x);
      sum += x;
      sumSquares += x * x;
      // Wald 95% interval, valid at one pre-planned n, checked at every look from t = 30.
      const m = sum / t;
      const half = Z95 * Math.sqrt(Math.max(0, sumSquares / t - m * m) / t);
      if (t >= 30 && Math.abs(m - mean) > half) fixedMissed = true;
    }
    const { lower, upper } = cs.interval();
    if (mean < lower || mean > upper) sequenceMisses++;
    if (fixedMissed) fixedSampleMisses++;
  }
  return { sequence: sequenceMisses / STREAMS, fixedSample: fixedSampleMisses / STREAMS };
}

describe("anytime-valid coverage over 1,000 streams of 500 observations, every look", { timeout: 120_000 }, () => {
  it.each([
    { name: "Bernoulli(0.5)", p: 0.5 },
    { name: "Bernoulli(0.1)", p: 0.1 },
    { name: "Bernoulli(0.9)", p: 0.9 },
  ])("$name: the running intersection misses in ≤ 5% of streams", ({ p }) => {
    const rng = createRng(Math.round(p * 1000));
    const rates = missRates(p, () => (rng.nextFloat() < p ? 1 : 0));
    expect(rates.sequence).toBeLessThanOrEqual(0.05);
    // The same looks at a fixed-sample interval miss much more often.
    expect(rates.fixedSample).toBeGreaterThan(0.1);
  });

  it("continuous X = U² (mean ⅓): misses in ≤ 5% of streams", () => {
    const rng = createRng(3);
    const rates = missRates(1 / 3, () => rng.nextFloat() ** 2);
    expect(rates.sequence).toBeLessThanOrEqual(0.05);
    expect(rates.fixedSample).toBeGreaterThan(0.1);
  });

  it("paired difference of 0/1 losses (true Δ = 0.25 − 0.35 = −0.1): misses in ≤ 5% of streams", () => {
    const rng = createRng(4);
    let misses = 0;
    let decidedWrongly = 0;
    for (let s = 0; s < STREAMS; s++) {
      const cs = new PairedConfidenceSequence({ alpha: 0.05 });
      for (let t = 0; t < LENGTH; t++) {
        cs.update(rng.nextFloat() < 0.25 ? 1 : 0, rng.nextFloat() < 0.35 ? 1 : 0);
        if (cs.decision() === "b_better") decidedWrongly++;
      }
      const { lower, upper } = cs.interval();
      if (-0.1 < lower || -0.1 > upper) misses++;
    }
    expect(misses / STREAMS).toBeLessThanOrEqual(0.05);
    expect(decidedWrongly).toBe(0);
  });
});
