import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { BINARY_METRICS, type BinaryMetricName, PROBABILITY_METRICS } from "../metrics/binary-metric-names.ts";
import { evaluateBinary } from "../metrics/evaluate-binary.ts";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { rocAuc } from "../metrics/roc-auc.ts";
import { createRng } from "../random/create-rng.ts";
import { bootstrapStatistic } from "./bootstrap-interval.ts";
import { pairedBootstrapDifference } from "./paired-bootstrap.ts";
import { pairedBootstrapBinarySuite } from "./paired-bootstrap-binary-suite.ts";
import { binaryMetricFn as metricFn } from "./testing/binary-metric-fn.ts";

/** Two correlated models on the same rows: A separates the classes better than B. */
function sample(n: number, seed: number, opts: { prevalence: number; grid?: number }) {
  const rng = createRng(seed);
  const labels = new Float64Array(n);
  const scoresA = new Float64Array(n);
  const scoresB = new Float64Array(n);
  const snap = (s: number) => (opts.grid === undefined ? s : Math.round(s * opts.grid) / opts.grid);
  for (let i = 0; i < n; i++) {
    const y = rng.nextFloat() < opts.prevalence ? 1 : 0;
    const shared = rng.nextFloat();
    labels[i] = y;
    scoresA[i] = snap(0.3 * y + 0.4 * shared + 0.3 * rng.nextFloat());
    scoresB[i] = snap(0.2 * y + 0.4 * shared + 0.4 * rng.nextFloat());
  }
  return { labels, scoresA, scoresB };
}

/** Sums of c·x (the suite) and c additions of x (the materialised resample) round differently. */
const ROUNDED_DIFFERENTLY = new Set<BinaryMetricName>(PROBABILITY_METRICS);

describe("pairedBootstrapBinarySuite", () => {
  it.each([
    { name: "balanced, continuous scores", n: 400, prevalence: 0.45, grid: undefined, threshold: 0.5, seed: 3 },
    // 1% positives among 3000 rows: a resample lacks them with probability ~e^-30, so still no redraws.
    { name: "1% positives, ties on a 1/20 grid", n: 3000, prevalence: 0.01, grid: 20, threshold: 0.35, seed: 4 },
    { name: "30% positives, ties on a 1/10 grid", n: 1000, prevalence: 0.3, grid: 10, threshold: 0.5, seed: 9 },
  ])("without redraws, every metric's interval is pairedBootstrapDifference's for the same seed: $name", (c) => {
    const { labels, scoresA, scoresB } = sample(c.n, c.seed, c);
    const settings = { seed: 17, resamples: 200, level: 0.9 };
    const suite = pairedBootstrapBinarySuite({
      labels,
      scoresA,
      scoresB,
      threshold: c.threshold,
      metrics: BINARY_METRICS,
      keepReplicates: true,
      ...settings,
    });
    expect(Object.keys(suite)).toEqual([...BINARY_METRICS]);
    for (const metric of BINARY_METRICS) {
      const one = pairedBootstrapDifference({
        labels,
        scoresA,
        scoresB,
        metric: metricFn(metric, c.threshold),
        ...settings,
      });
      const { replicates, ...mine } = suite[metric];
      expect(one.redraws, metric).toBe(0);
      expect([mine.redraws, mine.dropped, mine.valid, mine.resamples, mine.level]).toEqual([0, 0, 200, 200, 0.9]);
      expect([mine.a, mine.b, mine.estimate], metric).toEqual([one.a, one.b, one.estimate]);
      expect(mine.estimate).toBe(mine.a - mine.b);
      if (!ROUNDED_DIFFERENTLY.has(metric)) {
        // Bit for bit, replicate for replicate (sorted): the same resamples, not merely similar ones.
        expect(replicates, metric).toEqual(one.replicates);
        expect([mine.lower, mine.upper], metric).toEqual([one.lower, one.upper]);
      } else {
        // ~1e-16 per model value; bound it relative to the magnitudes being differenced.
        const scale = 1e-12 * (Math.abs(one.a) + Math.abs(one.b));
        const r = replicates as Float64Array;
        expect(r.length).toBe(one.replicates.length);
        for (let i = 0; i < r.length; i++) {
          expect(Math.abs((r[i] as number) - (one.replicates[i] as number)), metric).toBeLessThanOrEqual(scale);
        }
        expect(Math.abs(mine.lower - one.lower), metric).toBeLessThanOrEqual(scale);
        expect(Math.abs(mine.upper - one.upper), metric).toBeLessThanOrEqual(scale);
      }
      expect(mine.lower, metric).toBeLessThan(mine.upper);
    }
  });

  it("is paired: both models read the same counts, so identical scores give a difference of exactly 0", () => {
    const { labels, scoresA } = sample(300, 5, { prevalence: 0.4 });
    const suite = pairedBootstrapBinarySuite({
      labels,
      scoresA,
      scoresB: scoresA.slice(),
      metrics: BINARY_METRICS,
      seed: 1,
      resamples: 100,
      keepReplicates: true,
    });
    for (const metric of BINARY_METRICS) {
      expect([suite[metric].lower, suite[metric].upper], metric).toEqual([0, 0]);
      expect((suite[metric].replicates as Float64Array).every((v) => v === 0)).toBe(true);
    }
  });

  it("same seed, same answer; a different seed, a different answer; the request order is the result's order", () => {
    const { labels, scoresA, scoresB } = sample(150, 8, { prevalence: 0.4 });
    const metrics = ["mcc", "roc_auc", "ece", "average_precision"] as const;
    const run = (seed: number | bigint) =>
      pairedBootstrapBinarySuite({ labels, scoresA, scoresB, metrics, seed, resamples: 100 });
    const first = run(2n);
    expect(run(2)).toEqual(first);
    expect(Object.keys(first)).toEqual([...metrics]);
    const other = run(3);
    for (const metric of metrics) {
      expect(other[metric].estimate).toBe(first[metric].estimate);
      expect([other[metric].lower, other[metric].upper], metric).not.toEqual([
        first[metric].lower,
        first[metric].upper,
      ]);
    }
  });

  it("redraws for the whole suite when roc_auc is undefined on a resample; roc_auc's interval is still pairedBootstrapDifference's", () => {
    // One positive in 8 rows: ~34% of resamples miss it.
    const labels = Float64Array.from([1, 0, 0, 0, 0, 0, 0, 0]);
    const scoresA = Float64Array.from([0.7, 0.1, 0.2, 0.3, 0.4, 0.75, 0.5, 0.5]);
    const scoresB = Float64Array.from([0.45, 0.6, 0.2, 0.3, 0.1, 0.55, 0.5, 0.35]);
    const settings = { seed: 5, resamples: 500 };
    // roc_auc last: whichever requested metric is undefined makes the suite redraw.
    const metrics = [...BINARY_METRICS].reverse();
    const suite = pairedBootstrapBinarySuite({ labels, scoresA, scoresB, metrics, keepReplicates: true, ...settings });
    const auc = pairedBootstrapDifference({ labels, scoresA, scoresB, metric: rocAuc, ...settings });
    expect(auc.redraws).toBeGreaterThan(100);
    const { replicates, ...aucInterval } = suite.roc_auc;
    const { replicates: expectedReplicates, ...expected } = auc;
    expect(aucInterval).toEqual(expected);
    expect(replicates).toEqual(expectedReplicates);
    for (const metric of BINARY_METRICS) {
      // Counted per suite: every metric reports roc_auc's redraws over the same B′ resamples ...
      expect([suite[metric].valid, suite[metric].redraws, suite[metric].dropped], metric).toEqual([
        500,
        auc.redraws,
        0,
      ]);
      // ... the ones roc_auc accepted: bootstrapStatistic draws the same rows, so a paired
      // statistic undefined on one-class resamples redraws exactly where the suite does.
      const expectedMetric = bootstrapStatistic({
        rows: labels.length,
        ...settings,
        statistic: (indices) => {
          const y = Float64Array.from(indices, (i) => labels[i] as number);
          if (y.every((v) => v === y[0])) return Number.NaN;
          const on = (scores: Float64Array) =>
            evaluateBinary({
              labels: y,
              scores: Float64Array.from(indices, (i) => scores[i] as number),
              threshold: 0.5,
              metrics: [metric],
            })[0]?.value as number;
          return on(scoresA) - on(scoresB);
        },
      });
      expect(expectedMetric.redraws).toBe(auc.redraws);
      const mine = suite[metric].replicates as Float64Array;
      for (let i = 0; i < mine.length; i++) {
        expect(Math.abs((mine[i] as number) - (expectedMetric.replicates[i] as number)), metric).toBeLessThanOrEqual(
          1e-12,
        );
      }
    }
    // Alone, accuracy keeps the one-class resamples: no redraws there, so the shared ones are the suite's doing.
    const accuracyAlone = pairedBootstrapDifference({
      labels,
      scoresA,
      scoresB,
      metric: metricFn("accuracy", 0.5),
      ...settings,
    });
    expect(accuracyAlone.redraws).toBe(0);
  });

  it("gives up a replicate after maxRedraws for all metrics at once, and throws when every one is given up", () => {
    const labels = Float64Array.from([1, 0, 0, 0, 0, 0]);
    const scoresA = Float64Array.from([0.9, 0.1, 0.2, 0.3, 0.4, 0.95]);
    const scoresB = Float64Array.from([0.6, 0.3, 0.2, 0.5, 0.4, 0.15]);
    const metrics = ["roc_auc", "accuracy"] as const;
    const suite = pairedBootstrapBinarySuite({ labels, scoresA, scoresB, metrics, seed: 1, maxRedraws: 0 });
    const auc = pairedBootstrapDifference({ labels, scoresA, scoresB, metric: rocAuc, seed: 1, maxRedraws: 0 });
    expect(suite.roc_auc.dropped).toBe(auc.dropped);
    expect(suite.roc_auc.dropped).toBeGreaterThan(250);
    expect(suite.accuracy).toMatchObject({ dropped: auc.dropped, valid: auc.valid, redraws: 0 });
    // Two rows, one of each class: a single replicate without redraws is one-class half the time.
    const two = {
      labels: Float64Array.of(1, 0),
      scoresA: Float64Array.of(0.8, 0.3),
      scoresB: Float64Array.of(0.6, 0.7),
    };
    const outcomes = [0, 1, 2, 3, 4, 5, 6, 7].map((seed) => {
      try {
        return pairedBootstrapBinarySuite({ ...two, metrics, seed, resamples: 1, maxRedraws: 0 }).roc_auc.valid;
      } catch (error) {
        expect(error).toBeInstanceOf(MetricUndefinedError);
        expect((error as Error).message).toMatch(/undefined on every resample/);
        return "undefined";
      }
    });
    expect(outcomes).toContain("undefined");
    expect(outcomes).toContain(1);
  });

  it("an undefined metric on the full rows is an error naming the model, not an interval", () => {
    const labels = Float64Array.from([1, 1, 1]);
    const scoresA = Float64Array.from([0.1, 0.2, 0.3]);
    const scoresB = Float64Array.from([0.4, 0.2, 0.9]);
    const run = () =>
      pairedBootstrapBinarySuite({ labels, scoresA, scoresB, metrics: ["accuracy", "roc_auc"], seed: 1 });
    expect(run).toThrow(MetricUndefinedError);
    expect(run).toThrow(/^model a: .*roc_auc/);
    // Without roc_auc the same rows bootstrap fine.
    const accuracyOnly = pairedBootstrapBinarySuite({
      labels,
      scoresA,
      scoresB,
      metrics: ["accuracy"],
      seed: 1,
      resamples: 10,
    });
    expect(accuracyOnly.accuracy.valid).toBe(10);
  });

  it.each([
    { name: "columns of different lengths", patch: { scoresB: Float64Array.of(0.8, 0.3, 0.5) }, message: /same rows/ },
    {
      name: "a model B score that is not finite",
      patch: { scoresB: Float64Array.of(0.8, Number.NaN) },
      message: /^model b: /,
    },
    {
      name: "a model A score that is not finite",
      patch: { scoresA: Float64Array.of(Infinity, 0.1) },
      message: /^model a: /,
    },
    { name: "no metric", patch: { metrics: [] }, message: /at least one/ },
    { name: "an unknown metric", patch: { metrics: ["auc"] }, message: /unknown/ },
    { name: "a metric twice", patch: { metrics: ["f1", "f1"] }, message: /twice/ },
    {
      name: "log_loss on scores outside [0, 1]",
      patch: { metrics: ["log_loss"], scoresB: Float64Array.of(2, 0.5) },
      message: /probabilities/,
    },
    { name: "a NaN threshold", patch: { threshold: Number.NaN }, message: /threshold/ },
    { name: "0 resamples", patch: { resamples: 0 }, message: /resamples/ },
    { name: "a fractional seed", patch: { seed: 0.5 }, message: /seed/ },
    { name: "labels other than 0/1", patch: { labels: Float64Array.of(2, 0) }, message: /labels/ },
  ])("refuses $name", ({ patch, message }) => {
    const options = {
      labels: Float64Array.of(1, 0),
      scoresA: Float64Array.of(0.8, 0.3),
      scoresB: Float64Array.of(0.6, 0.4),
      metrics: ["roc_auc"],
      seed: 1,
      ...patch,
    } as Parameters<typeof pairedBootstrapBinarySuite>[0];
    expect(() => pairedBootstrapBinarySuite(options)).toThrow(InvalidInputError);
    expect(() => pairedBootstrapBinarySuite(options)).toThrow(message);
  });
});
