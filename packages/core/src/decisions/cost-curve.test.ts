import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { createRng } from "../random/create-rng.ts";
import { costCurve } from "./cost-curve.ts";
import { costOptimalThreshold } from "./cost-optimal-threshold.ts";
import { expectedCost } from "./expected-cost.ts";

const f64 = (values: number[]) => Float64Array.from(values);
const INF = Number.POSITIVE_INFINITY;

function seededCase(n: number, seed: number) {
  const rng = createRng(seed);
  const labels = new Float64Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = rng.nextFloat() < 0.3 ? 1 : 0;
    scores[i] = Math.min(1, Math.max(0, 0.35 * (labels[i] as number) + 0.65 * rng.nextFloat()));
  }
  return { labels, scores };
}

describe("costCurve", () => {
  it("keeps every threshold when there are few, ascending, ending at +∞", () => {
    const labels = f64([0, 1, 0, 1]);
    const scores = f64([0.2, 0.4, 0.4, 0.8]);
    const costs = { fp: 1, fn: 5 };
    const curve = costCurve({ labels, scores, costs });
    expect(curve.thresholdCount).toBe(4);
    expect(curve.points.map((p) => p.threshold)).toEqual([0.2, 0.4, 0.8, INF]);
    for (const point of curve.points) {
      expect(point).toEqual(expectedCost({ labels, scores, threshold: point.threshold, costs }));
    }
    expect(curve.points[curve.optimalIndex]).toEqual(costOptimalThreshold({ labels, scores, costs }));
  });

  it.each([
    { name: "n = 1", labels: [1], scores: [0.5], thresholds: [0.5, INF] },
    { name: "all scores equal", labels: [0, 1, 0], scores: [0.3, 0.3, 0.3], thresholds: [0.3, INF] },
  ])("$name: the lowest score and +∞", ({ labels, scores, thresholds }) => {
    const curve = costCurve({ labels: f64(labels), scores: f64(scores), costs: { fp: 1, fn: 1 } });
    expect(curve.points.map((p) => p.threshold)).toEqual(thresholds);
  });

  it.each([
    { maxPoints: 3, n: 1000 },
    { maxPoints: 4, n: 1000 },
    { maxPoints: 50, n: 20_000 },
    { maxPoints: 200, n: 20_000 },
  ])("downsamples to at most $maxPoints points keeping both ends and the optimum (n=$n)", ({ maxPoints, n }) => {
    const { labels, scores } = seededCase(n, 11);
    const costs = { fp: 1, fn: 4 };
    const curve = costCurve({ labels, scores, costs, maxPoints });
    const optimum = costOptimalThreshold({ labels, scores, costs });
    expect(curve.thresholdCount).toBe(new Set(scores).size + 1);
    expect(curve.points.length).toBeLessThanOrEqual(maxPoints);
    expect(curve.points.length).toBeGreaterThanOrEqual(Math.min(3, maxPoints));
    expect(curve.points[0]?.threshold).toBe(Math.min(...scores));
    expect(curve.points.at(-1)?.threshold).toBe(INF);
    expect(curve.points[curve.optimalIndex]).toEqual(optimum);
    const thresholds = curve.points.map((p) => p.threshold);
    expect(thresholds).toEqual([...thresholds].sort((a, b) => a - b));
    expect(new Set(thresholds).size).toBe(thresholds.length);
    for (const point of curve.points) expect(point.expectedCost).toBeGreaterThanOrEqual(optimum.expectedCost);
  });

  it("keeps an interior peak (shape, not just a sample)", () => {
    // An inverted ranking: negatives score high, so the cost climbs from +∞ through the
    // negatives, peaks, and falls through the positives — the peak is far from both ends.
    const { labels, scores } = seededCase(20_000, 3);
    const inverted = scores.map((s) => 1 - s);
    const costs = { fp: 1, fn: 1 };
    const curve = costCurve({ labels, scores: inverted, costs });
    const all = costCurve({ labels, scores: inverted, costs, maxPoints: 1_000_000 });
    const costsOf = (c: typeof curve) => c.points.map((p) => p.expectedCost);
    const peak = Math.max(...costsOf(all));
    expect(all.points.length).toBe(all.thresholdCount);
    expect(costsOf(all).indexOf(peak)).toSatisfy((k: number) => k > 100 && k < all.points.length - 100);
    expect(Math.max(...costsOf(curve))).toBe(peak);
  });

  it.each([{ maxPoints: 2 }, { maxPoints: 3.5 }, { maxPoints: Number.NaN }])(
    "refuses maxPoints = $maxPoints",
    ({ maxPoints }) => {
      const run = () => costCurve({ labels: f64([1]), scores: f64([0.5]), costs: { fp: 1, fn: 1 }, maxPoints });
      expect(run).toThrow(InvalidInputError);
      expect(run).toThrow(/maxPoints must be an integer of at least 3/);
    },
  );
});
