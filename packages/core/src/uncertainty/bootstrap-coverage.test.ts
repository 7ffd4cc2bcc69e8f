import { describe, expect, it } from "vitest";
import { accuracy } from "../metrics/accuracy.ts";
import { rocAuc } from "../metrics/roc-auc.ts";
import { createRng, type Rng } from "../random/create-rng.ts";
import { bootstrapInterval } from "./bootstrap-interval.ts";
import { pairedBootstrapDifference } from "./paired-bootstrap.ts";
import { normalCdf, normalQuantile } from "./special-functions.ts";

// Statistical check by simulation (issue 3, "Proof"): 95% percentile bootstrap intervals
// of a metric with a known true value must cover it in 93–97% of samples. Every draw is
// seeded, so the counts below are fixed numbers and the test cannot flake; the sizes are
// small so that the file runs in a few seconds.
const REPETITIONS = 1000;
const RESAMPLES = 500;

function normal(rng: Rng): number {
  return normalQuantile((Math.floor(rng.nextFloat() * 2 ** 53) + 0.5) / 2 ** 53);
}

function coverage(repetitions: number, covers: (rep: number) => boolean): number {
  let hits = 0;
  for (let rep = 0; rep < repetitions; rep++) if (covers(rep)) hits++;
  return hits / repetitions;
}

// Generous per-test timeout: a busy 2-core CI machine must not turn a fixed result into a failure.
describe("95% bootstrap intervals cover the true value in 93–97% of samples", { timeout: 120_000 }, () => {
  it("roc_auc, binormal scores (true AUC = Φ(d/√2)), n = 100", () => {
    const d = 1;
    const trueAuc = normalCdf(d / Math.SQRT2);
    const rng = createRng(20240611);
    const n = 100;
    const labels = new Float64Array(n);
    const scores = new Float64Array(n);
    const rate = coverage(REPETITIONS, (rep) => {
      for (let i = 0; i < n; i++) {
        labels[i] = i % 2; // 50 positives, 50 negatives
        scores[i] = normal(rng) + d * (labels[i] as number);
      }
      const r = bootstrapInterval({ labels, scores, metric: rocAuc, seed: rep, resamples: RESAMPLES });
      return r.lower <= trueAuc && trueAuc <= r.upper;
    });
    expect(rate).toBeGreaterThanOrEqual(0.93);
    expect(rate).toBeLessThanOrEqual(0.97);
  });

  it("accuracy at 0.5 (true accuracy 0.8), n = 150, generic path", () => {
    const rng = createRng(7);
    const n = 150;
    const labels = new Float64Array(n);
    const scores = new Float64Array(n);
    const metric = (y: Float64Array, s: Float64Array) => accuracy(y, s, 0.5);
    const rate = coverage(REPETITIONS, (rep) => {
      for (let i = 0; i < n; i++) {
        const y = rng.nextFloat() < 0.4 ? 1 : 0;
        const correct = rng.nextFloat() < 0.8;
        labels[i] = y;
        scores[i] = (correct ? y : 1 - y) === 1 ? 0.5 + 0.5 * rng.nextFloat() : 0.5 * rng.nextFloat();
      }
      const r = bootstrapInterval({ labels, scores, metric, seed: 1000 + rep, resamples: RESAMPLES });
      return r.lower <= 0.8 && 0.8 <= r.upper;
    });
    expect(rate).toBeGreaterThanOrEqual(0.93);
    expect(rate).toBeLessThanOrEqual(0.97);
  });

  it("paired roc_auc difference (true Δ = Φ(1.2/√2) − Φ(0.8/√2)), correlated models, n = 200", () => {
    const trueDelta = normalCdf(1.2 / Math.SQRT2) - normalCdf(0.8 / Math.SQRT2);
    const rng = createRng(99);
    const n = 200;
    const labels = new Float64Array(n);
    const scoresA = new Float64Array(n);
    const scoresB = new Float64Array(n);
    const rate = coverage(REPETITIONS, (rep) => {
      for (let i = 0; i < n; i++) {
        const y = i % 2;
        // Shared noise makes the two models correlated (corr 0.5), as on real rows.
        const shared = normal(rng);
        labels[i] = y;
        scoresA[i] = Math.SQRT1_2 * (shared + normal(rng)) + 1.2 * y;
        scoresB[i] = Math.SQRT1_2 * (shared + normal(rng)) + 0.8 * y;
      }
      const r = pairedBootstrapDifference({
        labels,
        scoresA,
        scoresB,
        metric: rocAuc,
        seed: rep,
        resamples: RESAMPLES,
      });
      return r.lower <= trueDelta && trueDelta <= r.upper;
    });
    expect(rate).toBeGreaterThanOrEqual(0.93);
    expect(rate).toBeLessThanOrEqual(0.97);
  });
});
