import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { accuracy } from "../metrics/accuracy.ts";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { rocAuc } from "../metrics/roc-auc.ts";
import { createRng } from "../random/create-rng.ts";
import { uniformInt } from "../random/uniform-int.ts";
import { bootstrapInterval, bootstrapStatistic } from "./bootstrap-interval.ts";
import { pairedBootstrapDifference } from "./paired-bootstrap.ts";
import { drawCounts, drawIndices, xoshiroState } from "./resample-draws.ts";

function sample(n: number, seed: number, ties = false) {
  const rng = createRng(seed);
  const labels = new Float64Array(n);
  const scores = new Float64Array(n);
  const other = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = rng.nextFloat() < 0.35 ? 1 : 0;
    const s = 0.3 * (labels[i] as number) + 0.7 * rng.nextFloat();
    scores[i] = ties ? Math.round(s * 8) / 8 : s;
    other[i] = ties ? Math.round(rng.nextFloat() * 4) / 4 : 0.5 * s + 0.5 * rng.nextFloat();
  }
  return { labels, scores, other };
}

// The fast path is chosen by passing rocAuc itself; a wrapper takes the generic path.
const slowRocAuc = (y: Float64Array, s: Float64Array) => rocAuc(y, s);
const accuracyAtHalf = (y: Float64Array, s: Float64Array) => accuracy(y, s, 0.5);

describe("bootstrapInterval", () => {
  it("same seed, same interval; another seed, another interval", () => {
    const { labels, scores } = sample(200, 1);
    const a = bootstrapInterval({ labels, scores, metric: rocAuc, seed: 7, resamples: 300 });
    const b = bootstrapInterval({ labels, scores, metric: rocAuc, seed: 7, resamples: 300 });
    const c = bootstrapInterval({ labels, scores, metric: rocAuc, seed: 8, resamples: 300 });
    expect(b).toEqual(a);
    expect(c.lower).not.toBe(a.lower);
    expect(a.estimate).toBe(rocAuc(labels, scores));
    expect(a.lower).toBeLessThan(a.estimate);
    expect(a.upper).toBeGreaterThan(a.estimate);
  });

  it.each([
    { n: 60, ties: false, seed: 3 },
    { n: 80, ties: true, seed: 4 },
    { n: 9, ties: true, seed: 5 }, // tiny, one positive: many one-class resamples, redrawn
  ])("the O(n) roc_auc path equals rocAuc on each materialised resample (n=$n, ties=$ties)", ({ n, ties, seed }) => {
    const { labels, scores } = sample(n, seed, ties);
    if (n < 10) labels.fill(0);
    labels[0] = 1;
    labels[1] = 0;
    const fast = bootstrapInterval({ labels, scores, metric: rocAuc, seed, resamples: 400 });
    const slow = bootstrapInterval({ labels, scores, metric: slowRocAuc, seed, resamples: 400 });
    expect(fast).toEqual(slow);
    if (n === 9) expect(fast.redraws).toBeGreaterThan(0);
  });

  it("the inline generator draws the same rows as createRng + uniformInt", () => {
    for (const n of [1, 2, 3, 1000, 2 ** 17 + 3]) {
      const rng = createRng(9n);
      const state = xoshiroState(9n);
      const indices = new Uint32Array(n);
      for (let round = 0; round < 2; round++) {
        drawIndices(state, indices);
        expect(Array.from(indices)).toEqual(Array.from({ length: n }, () => uniformInt(rng, n)));
      }
    }
    for (const n of [1, 2, 3, 7, 1000, 99_991, 2 ** 17 + 3]) {
      for (const seed of [0n, 42n, 2n ** 64n - 1n]) {
        const rng = createRng(seed);
        const expected = new Int32Array(n);
        for (let i = 0; i < n; i++) {
          const row = uniformInt(rng, n);
          expected[row] = (expected[row] as number) + 1;
        }
        const counts = new Int32Array(n);
        const state = xoshiroState(seed);
        drawCounts(state, counts);
        expect(counts).toEqual(expected);
        // The state advanced exactly as far: the next draws agree too.
        counts.fill(0);
        expected.fill(0);
        for (let i = 0; i < n; i++) {
          const row = uniformInt(rng, n);
          expected[row] = (expected[row] as number) + 1;
        }
        drawCounts(state, counts);
        expect(counts).toEqual(expected);
      }
    }
  });

  it("replicate b depends only on the master seed and b, not on how many replicates run", () => {
    const { labels, scores } = sample(50, 9);
    const few = bootstrapInterval({ labels, scores, metric: accuracyAtHalf, seed: 11, resamples: 40 });
    const many = bootstrapInterval({ labels, scores, metric: accuracyAtHalf, seed: 11, resamples: 120 });
    const remaining = Array.from(many.replicates);
    for (const v of few.replicates) {
      const k = remaining.indexOf(v);
      expect(k).toBeGreaterThanOrEqual(0);
      remaining.splice(k, 1);
    }
  });

  it("redraws undefined resamples and reports how many; gives up after maxRedraws", () => {
    // One positive in 6 rows: a resample misses it with probability (5/6)^6 ≈ 0.33.
    const labels = Float64Array.from([1, 0, 0, 0, 0, 0]);
    const scores = Float64Array.from([0.9, 0.1, 0.2, 0.3, 0.4, 0.95]);
    const r = bootstrapInterval({ labels, scores, metric: rocAuc, seed: 1, resamples: 1000 });
    expect(r.valid).toBe(1000);
    expect(r.dropped).toBe(0);
    expect(r.redraws).toBeGreaterThan(400);
    expect(r.redraws).toBeLessThan(600);
    const capped = bootstrapInterval({ labels, scores, metric: rocAuc, seed: 1, resamples: 1000, maxRedraws: 0 });
    expect(capped.redraws).toBe(0);
    expect(capped.dropped).toBeGreaterThan(250);
    expect(capped.valid + capped.dropped).toBe(1000);
    expect(capped.replicates.length).toBe(capped.valid);
  });

  it("an undefined metric on the full rows, or on every resample, is an error, not an interval", () => {
    const labels = Float64Array.from([1, 1, 1]);
    const scores = Float64Array.from([0.1, 0.2, 0.3]);
    expect(() => bootstrapInterval({ labels, scores, metric: rocAuc, seed: 1 })).toThrow(MetricUndefinedError);
    expect(() =>
      bootstrapStatistic({
        rows: 5,
        seed: 1,
        resamples: 10,
        maxRedraws: 2,
        statistic: (indices) => (indices.every((v, i) => v === i) ? 1 : Number.NaN),
      }),
    ).toThrow(MetricUndefinedError);
  });

  it("lets other errors through", () => {
    const { labels, scores } = sample(20, 2);
    let calls = 0;
    const broken = () => {
      if (calls++ > 0) throw new TypeError("bug");
      return 0.5;
    };
    expect(() => bootstrapInterval({ labels, scores, metric: broken, seed: 1 })).toThrow(TypeError);
  });

  it.each([{ resamples: 0 }, { resamples: 1.5 }, { level: 1 }, { level: 0 }, { maxRedraws: -1 }, { seed: 0.5 }])(
    "refuses %o",
    (bad) => {
      const { labels, scores } = sample(20, 2);
      expect(() => bootstrapInterval({ labels, scores, metric: rocAuc, seed: 1, ...bad })).toThrow(InvalidInputError);
    },
  );

  it("bootstrapStatistic draws the same resamples as bootstrapInterval", () => {
    const { labels, scores } = sample(70, 6);
    const viaMetric = bootstrapInterval({ labels, scores, metric: accuracyAtHalf, seed: 3, resamples: 200 });
    const viaIndices = bootstrapStatistic({
      rows: labels.length,
      seed: 3,
      resamples: 200,
      statistic: (indices) => {
        let correct = 0;
        for (const i of indices) if (((scores[i] as number) >= 0.5 ? 1 : 0) === labels[i]) correct++;
        return correct / indices.length;
      },
    });
    expect(viaIndices).toEqual(viaMetric);
  });
});

describe("pairedBootstrapDifference", () => {
  it("the O(n) roc_auc path equals the generic path, and the estimate is a − b", () => {
    for (const ties of [false, true]) {
      const { labels, scores, other } = sample(90, 12, ties);
      const options = { labels, scoresA: scores, scoresB: other, seed: 5, resamples: 300 };
      const fast = pairedBootstrapDifference({ ...options, metric: rocAuc });
      const slow = pairedBootstrapDifference({ ...options, metric: slowRocAuc });
      expect(fast).toEqual(slow);
      expect(fast.estimate).toBe(rocAuc(labels, scores) - rocAuc(labels, other));
    }
  });

  it("uses the same rows for both models: a model against itself differs by exactly 0", () => {
    const { labels, scores } = sample(40, 13);
    for (const metric of [rocAuc, accuracyAtHalf]) {
      const r = pairedBootstrapDifference({
        labels,
        scoresA: scores,
        scoresB: scores,
        metric,
        seed: 1,
        resamples: 100,
      });
      expect([r.lower, r.upper, r.estimate]).toEqual([0, 0, 0]);
    }
  });

  it("refuses columns of different lengths", () => {
    const { labels, scores } = sample(10, 1);
    expect(() =>
      pairedBootstrapDifference({ labels, scoresA: scores, scoresB: scores.subarray(1), metric: rocAuc, seed: 1 }),
    ).toThrow(InvalidInputError);
  });
});
