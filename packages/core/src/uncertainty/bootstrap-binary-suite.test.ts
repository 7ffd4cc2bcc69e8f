import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { BINARY_METRICS } from "../metrics/binary-metric-names.ts";
import { evaluateBinary } from "../metrics/evaluate-binary.ts";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { rocAuc } from "../metrics/roc-auc.ts";
import { createRng } from "../random/create-rng.ts";
import { bootstrapBinarySuite } from "./bootstrap-binary-suite.ts";
import { bootstrapInterval, bootstrapStatistic } from "./bootstrap-interval.ts";
import { binaryMetricFn as metricFn } from "./testing/binary-metric-fn.ts";

function sample(n: number, seed: number, opts: { prevalence: number; grid?: number }) {
  const rng = createRng(seed);
  const labels = new Float64Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = rng.nextFloat() < opts.prevalence ? 1 : 0;
    const s = 0.3 * (labels[i] as number) + 0.7 * rng.nextFloat();
    scores[i] = opts.grid === undefined ? s : Math.round(s * opts.grid) / opts.grid;
  }
  return { labels, scores };
}

function maxDifference(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

describe("bootstrapBinarySuite", () => {
  it.each([
    { name: "balanced, continuous scores", n: 400, prevalence: 0.45, grid: undefined, threshold: 0.5, seed: 3 },
    // 1% positives among 3000 rows: a resample lacks them with probability ~e^-30, so still no redraws.
    { name: "1% positives, ties on a 1/20 grid", n: 3000, prevalence: 0.01, grid: 20, threshold: 0.35, seed: 4 },
  ])("without redraws, every metric's interval is bootstrapInterval's for the same seed: $name", (c) => {
    const { labels, scores } = sample(c.n, c.seed, c);
    const settings = { seed: 17, resamples: 200, level: 0.9 };
    const suite = bootstrapBinarySuite({
      labels,
      scores,
      threshold: c.threshold,
      metrics: BINARY_METRICS,
      keepReplicates: true,
      ...settings,
    });
    expect(Object.keys(suite)).toEqual([...BINARY_METRICS]);
    for (const metric of BINARY_METRICS) {
      const one = bootstrapInterval({ labels, scores, metric: metricFn(metric, c.threshold), ...settings });
      const mine = suite[metric];
      expect(one.redraws).toBe(0);
      expect([mine.redraws, mine.dropped, mine.valid, mine.resamples, mine.level]).toEqual([0, 0, 200, 200, 0.9]);
      expect(mine.estimate, metric).toBe(one.estimate);
      // Replicate for replicate (sorted), so the resamples are the same ones, not merely similar.
      expect(maxDifference(mine.replicates as Float64Array, one.replicates), metric).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(mine.lower - one.lower), metric).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(mine.upper - one.upper), metric).toBeLessThanOrEqual(1e-12);
      expect(mine.lower).toBeLessThan(mine.upper);
    }
  });

  it("roc_auc redraws for the whole suite; roc_auc's interval is still bootstrapInterval's", () => {
    // One positive in 8 rows: ~34% of resamples miss it.
    const labels = Float64Array.from([1, 0, 0, 0, 0, 0, 0, 0]);
    const scores = Float64Array.from([0.7, 0.1, 0.2, 0.3, 0.4, 0.75, 0.5, 0.5]);
    const settings = { seed: 5, resamples: 500 };
    // roc_auc last: whichever requested metric is undefined makes the suite redraw.
    const metrics = [...BINARY_METRICS].reverse();
    const suite = bootstrapBinarySuite({ labels, scores, metrics, keepReplicates: true, ...settings });
    const auc = bootstrapInterval({ labels, scores, metric: rocAuc, ...settings });
    expect(auc.redraws).toBeGreaterThan(100);
    const { replicates, ...aucInterval } = suite.roc_auc;
    const { replicates: expectedReplicates, ...expected } = auc;
    expect(aucInterval).toEqual(expected);
    expect(replicates).toEqual(expectedReplicates);
    for (const metric of BINARY_METRICS) {
      // Counted per suite: every metric reports roc_auc's redraws ...
      expect([suite[metric].redraws, suite[metric].dropped], metric).toEqual([auc.redraws, 0]);
      // ... and is taken over the resamples roc_auc accepted: bootstrapStatistic draws the same
      // rows, so a statistic undefined on one-class resamples redraws exactly where the suite does.
      const expectedMetric = bootstrapStatistic({
        rows: labels.length,
        ...settings,
        statistic: (indices) => {
          const y = Float64Array.from(indices, (i) => labels[i] as number);
          const s = Float64Array.from(indices, (i) => scores[i] as number);
          if (y.every((v) => v === y[0])) return Number.NaN;
          return evaluateBinary({ labels: y, scores: s, threshold: 0.5, metrics: [metric] })[0]?.value as number;
        },
      });
      expect(expectedMetric.redraws).toBe(auc.redraws);
      expect(maxDifference(suite[metric].replicates as Float64Array, expectedMetric.replicates)).toBeLessThanOrEqual(
        1e-12,
      );
    }
  });

  it("without roc_auc nothing is undefined on a resample: no redraws, bootstrapInterval's intervals", () => {
    const labels = Float64Array.from([1, 0, 0, 0, 0, 0, 0, 0]);
    const scores = Float64Array.from([0.7, 0.1, 0.2, 0.3, 0.4, 0.75, 0.5, 0.5]);
    const metrics = ["average_precision", "accuracy", "mcc", "log_loss"] as const;
    const suite = bootstrapBinarySuite({ labels, scores, metrics, seed: 5, resamples: 300 });
    for (const metric of metrics) {
      const one = bootstrapInterval({ labels, scores, metric: metricFn(metric, 0.5), seed: 5, resamples: 300 });
      expect(suite[metric].redraws).toBe(0);
      expect(Math.abs(suite[metric].lower - one.lower)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(suite[metric].upper - one.upper)).toBeLessThanOrEqual(1e-12);
      expect(suite[metric].replicates).toBeUndefined();
    }
  });

  it("gives up a replicate after maxRedraws for all metrics at once", () => {
    const labels = Float64Array.from([1, 0, 0, 0, 0, 0]);
    const scores = Float64Array.from([0.9, 0.1, 0.2, 0.3, 0.4, 0.95]);
    const suite = bootstrapBinarySuite({ labels, scores, metrics: ["roc_auc", "accuracy"], seed: 1, maxRedraws: 0 });
    const auc = bootstrapInterval({ labels, scores, metric: rocAuc, seed: 1, maxRedraws: 0 });
    expect(suite.roc_auc.dropped).toBe(auc.dropped);
    expect(suite.roc_auc.dropped).toBeGreaterThan(250);
    expect(suite.accuracy).toMatchObject({ dropped: auc.dropped, valid: auc.valid, redraws: 0 });
  });

  it("same seed, same intervals; the request order is the result's order", () => {
    const { labels, scores } = sample(120, 8, { prevalence: 0.4 });
    const metrics = ["mcc", "roc_auc", "ece"] as const;
    const a = bootstrapBinarySuite({ labels, scores, metrics, seed: 2n, resamples: 100 });
    const b = bootstrapBinarySuite({ labels, scores, metrics, seed: 2, resamples: 100 });
    const c = bootstrapBinarySuite({ labels, scores, metrics, seed: 3, resamples: 100 });
    expect(b).toEqual(a);
    expect(Object.keys(a)).toEqual([...metrics]);
    expect(c.roc_auc.lower).not.toBe(a.roc_auc.lower);
  });

  it("an undefined metric on the full rows is an error, not an interval", () => {
    const labels = Float64Array.from([1, 1, 1]);
    const scores = Float64Array.from([0.1, 0.2, 0.3]);
    expect(() => bootstrapBinarySuite({ labels, scores, metrics: ["accuracy", "roc_auc"], seed: 1 })).toThrow(
      MetricUndefinedError,
    );
    // Without roc_auc the same rows bootstrap fine.
    expect(bootstrapBinarySuite({ labels, scores, metrics: ["accuracy"], seed: 1, resamples: 10 }).accuracy.valid).toBe(
      10,
    );
  });

  it.each([
    { name: "no metric", patch: { metrics: [] } },
    { name: "an unknown metric", patch: { metrics: ["auc"] } },
    { name: "a metric twice", patch: { metrics: ["f1", "f1"] } },
    { name: "log_loss on scores outside [0, 1]", patch: { metrics: ["log_loss"], scores: Float64Array.of(2, 0.5) } },
    { name: "a NaN threshold", patch: { threshold: Number.NaN } },
    { name: "0 resamples", patch: { resamples: 0 } },
    { name: "level 1", patch: { level: 1 } },
    { name: "a fractional seed", patch: { seed: 0.5 } },
    { name: "labels other than 0/1", patch: { labels: Float64Array.of(2, 0) } },
  ])("refuses $name", ({ patch }) => {
    const options = {
      labels: Float64Array.of(1, 0),
      scores: Float64Array.of(0.8, 0.3),
      metrics: ["roc_auc"],
      seed: 1,
      ...patch,
    } as Parameters<typeof bootstrapBinarySuite>[0];
    expect(() => bootstrapBinarySuite(options)).toThrow(InvalidInputError);
  });
});
