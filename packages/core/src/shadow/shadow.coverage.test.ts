import { describe, expect, it } from "vitest";
import { createRng } from "../random/create-rng.ts";
import { bootstrapBinarySuite } from "../uncertainty/bootstrap-binary-suite.ts";
import { ConfidenceSequence } from "../uncertainty/confidence-sequence.ts";
import { percentileInterval } from "../uncertainty/percentile.ts";
import { normalCdf } from "../uncertainty/special-functions.ts";
import { alphaSpentAtLook } from "./alpha-spending.ts";
import { bootstrapTooSmall } from "./labelled-metrics.ts";
import { normal } from "./testing/simulate-shadow.ts";

// The anytime claim of scoreShadowSnapshot's intervals, by simulation: a user looks at every
// snapshot, so what must hold is P(ANY look misses the true value) ≤ α. Each stream gains 10
// labelled rows per look, 20 looks (10 … 200 rows), and at every look we compute exactly
// what the module reports — the accuracy confidence sequence (α = 0.05) and the roc_auc
// percentile bootstrap at the spent level 1 − α_k, or no interval while `bootstrapTooSmall`
// says so (score-shadow-snapshot.test.ts checks that the module's intervals equal these
// calls) — next to the naive alternatives re-checked at every look: a fixed 95% Wald
// interval for accuracy and a 95% bootstrap for roc_auc (same replicates).
//
// 300 resamples keep this under a few seconds; they are also the weak point: once α_k/2 <
// 1/B the percentile interval is about the replicate range, whose own miss rate is ~2/(B+1)
// per look. Measured with this seed: spent bootstrap 5.7% of streams (B = 300; 4% with
// B = 1000 on 100 streams of 20-row looks), accuracy sequence far below α.
//
// Model: y ~ Bernoulli(½); latent score N(μ, 1) for positives, N(0, 1) for negatives,
// reported as σ(latent), so the threshold 0.5 is latent ≥ 0. True roc_auc = Φ(μ/√2), true
// accuracy = ½Φ(μ) + ¼. Seeded: the miss counts are fixed numbers.
const STREAMS = 300;
const LOOKS = 20;
const PER_LOOK = 10;
const RESAMPLES = 300;
const ALPHA = 0.05;
const MU = 1;
const Z95 = 1.959963984540054;
// Monte-Carlo slack: 3 standard errors of a 5% rate over 300 streams.
const SLACK = 3 * Math.sqrt((ALPHA * (1 - ALPHA)) / STREAMS);

function simulate() {
  const trueAuc = normalCdf(MU / Math.SQRT2);
  const trueAccuracy = 0.5 * normalCdf(MU) + 0.25;
  const rng = createRng(20260127);
  const misses = { sequence: 0, waldEveryLook: 0, spentBootstrap: 0, naiveBootstrap: 0 };
  const n = LOOKS * PER_LOOK;
  for (let s = 0; s < STREAMS; s++) {
    const labels = new Float64Array(n);
    const scores = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const y = rng.nextFloat() < 0.5 ? 1 : 0;
      labels[i] = y;
      scores[i] = 1 / (1 + Math.exp(-(normal(rng) + (y === 1 ? MU : 0))));
    }
    const cs = new ConfidenceSequence({ alpha: ALPHA });
    const missed = { sequence: false, waldEveryLook: false, spentBootstrap: false, naiveBootstrap: false };
    let correct = 0;
    for (let look = 1; look <= LOOKS; look++) {
      const rows = look * PER_LOOK;
      for (let i = rows - PER_LOOK; i < rows; i++) {
        const right = ((scores[i] as number) >= 0.5 ? 1 : 0) === labels[i] ? 1 : 0;
        cs.update(right);
        correct += right;
      }
      const { lower, upper } = cs.interval();
      if (trueAccuracy < lower || trueAccuracy > upper) missed.sequence = true;
      const mean = correct / rows;
      const half = Z95 * Math.sqrt((mean * (1 - mean)) / rows);
      if (Math.abs(mean - trueAccuracy) > half) missed.waldEveryLook = true;

      const y = labels.subarray(0, rows);
      const p = scores.subarray(0, rows);
      if (bootstrapTooSmall(y, true) !== null) continue; // the module reports no interval: no claim, no miss
      const spentLevel = 1 - alphaSpentAtLook(ALPHA, look);
      const auc = bootstrapBinarySuite({
        labels: y,
        scores: p,
        metrics: ["roc_auc"],
        seed: s * 1000 + look,
        resamples: RESAMPLES,
        level: spentLevel,
        keepReplicates: true,
      }).roc_auc;
      if (trueAuc < auc.lower || trueAuc > auc.upper) missed.spentBootstrap = true;
      const [naiveLower, naiveUpper] = percentileInterval(auc.replicates as Float64Array, 0.95);
      if (trueAuc < naiveLower || trueAuc > naiveUpper) missed.naiveBootstrap = true;
    }
    for (const key of Object.keys(misses) as (keyof typeof misses)[]) if (missed[key]) misses[key]++;
  }
  return {
    sequence: misses.sequence / STREAMS,
    waldEveryLook: misses.waldEveryLook / STREAMS,
    spentBootstrap: misses.spentBootstrap / STREAMS,
    naiveBootstrap: misses.naiveBootstrap / STREAMS,
  };
}

describe("anytime coverage over 300 streams × 20 looks", () => {
  const rates = simulate();

  it("the accuracy confidence sequence misses at any look in at most α (+ Monte-Carlo slack) of streams", () => {
    expect(rates.sequence).toBeLessThanOrEqual(ALPHA + SLACK);
  });

  it("the alpha-spent roc_auc bootstrap misses at any look in at most α (+ slack) of streams", () => {
    expect(rates.spentBootstrap).toBeLessThanOrEqual(ALPHA + SLACK);
  });

  it("fixed 95% intervals re-checked at every look miss far more often", () => {
    expect(rates.waldEveryLook).toBeGreaterThan(ALPHA + SLACK);
    expect(rates.waldEveryLook).toBeGreaterThan(2 * rates.sequence);
    expect(rates.naiveBootstrap).toBeGreaterThan(ALPHA + SLACK);
    expect(rates.naiveBootstrap).toBeGreaterThan(2 * rates.spentBootstrap);
  });
});
