import { describe, expect, it } from "vitest";
import { createRng } from "../random/create-rng.ts";
import { bootstrapBinarySuite } from "../uncertainty/bootstrap-binary-suite.ts";
import { ConfidenceSequence } from "../uncertainty/confidence-sequence.ts";
import { percentileInterval } from "../uncertainty/percentile.ts";
import { normalCdf, normalQuantile } from "../uncertainty/special-functions.ts";
import { alphaSpentAtLook } from "./alpha-spending.ts";
import { bootstrapTooSmall } from "./labelled-metrics.ts";
import { normal } from "./testing/simulate-shadow.ts";

// The anytime claim of scoreShadowSnapshot's intervals, by simulation: a user looks at every
// snapshot, so what must hold is P(ANY look misses the true value) ≤ α. Each stream gains 10
// labelled rows per look, 20 looks (10 … 200 rows), and at every look we compute exactly
// what the module reports at look k — the accuracy confidence sequence over the look's rows at
// α_k = α·6/(π²k²), and the roc_auc bootstrap standard interval, estimate ± z(1 − α_k/2)·SD of
// the replicates clipped to [0, 1], or no interval while `bootstrapTooSmall` says so
// (score-shadow-snapshot.test.ts checks that the module's intervals equal these calls) — next
// to the naive alternatives re-checked at every look: a fixed 95% Wald interval for accuracy
// and a 95% percentile bootstrap for roc_auc (same replicates). The rates are printed.
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
    const missed = { sequence: false, waldEveryLook: false, spentBootstrap: false, naiveBootstrap: false };
    let correct = 0;
    for (let look = 1; look <= LOOKS; look++) {
      const rows = look * PER_LOOK;
      const alphaK = alphaSpentAtLook(ALPHA, look);
      const cs = new ConfidenceSequence({ alpha: alphaK });
      for (let i = 0; i < rows; i++) {
        const right = ((scores[i] as number) >= 0.5 ? 1 : 0) === labels[i] ? 1 : 0;
        cs.update(right);
        if (i >= rows - PER_LOOK) correct += right;
      }
      const { lower, upper } = cs.interval();
      if (trueAccuracy < lower || trueAccuracy > upper) missed.sequence = true;
      const share = correct / rows;
      const half = Z95 * Math.sqrt((share * (1 - share)) / rows);
      if (Math.abs(share - trueAccuracy) > half) missed.waldEveryLook = true;

      const y = labels.subarray(0, rows);
      const p = scores.subarray(0, rows);
      if (bootstrapTooSmall(y, true) !== null) continue; // the module reports no interval: no claim, no miss
      const auc = bootstrapBinarySuite({
        labels: y,
        scores: p,
        metrics: ["roc_auc"],
        seed: s * 1000 + look,
        resamples: RESAMPLES,
        keepReplicates: true,
      }).roc_auc;
      const replicates = auc.replicates as Float64Array;
      const mean = replicates.reduce((a, b) => a + b, 0) / replicates.length;
      const sd = Math.sqrt(replicates.reduce((a, b) => a + (b - mean) ** 2, 0) / (replicates.length - 1));
      const halfWidth = normalQuantile(1 - alphaK / 2) * sd;
      const [spentLower, spentUpper] = [Math.max(0, auc.estimate - halfWidth), Math.min(1, auc.estimate + halfWidth)];
      if (trueAuc < spentLower || trueAuc > spentUpper) missed.spentBootstrap = true;
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
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.info(
    `streams missing at any of ${LOOKS} looks (of ${STREAMS}): accuracy sequence at α_k ${pct(rates.sequence)}, Wald 95% every look ${pct(rates.waldEveryLook)}; roc_auc spent bootstrap ${pct(rates.spentBootstrap)}, naive 95% bootstrap every look ${pct(rates.naiveBootstrap)}`,
  );

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
