import { describe, expect, it } from "vitest";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { confusionMatrix } from "./confusion-matrix.ts";
import { rocCurve } from "./roc-curve.ts";
import { noisyScores, polylineDistance } from "./testing/curve-fixtures.ts";

const f64 = (values: number[]) => Float64Array.from(values);

describe("rocCurve", () => {
  it("the spot vector, every point with its threshold", () => {
    expect(rocCurve(f64([0, 0, 1, 1]), f64([0.1, 0.4, 0.35, 0.8]))).toEqual([
      { fpr: 0, tpr: 0, threshold: 1.8 },
      { fpr: 0, tpr: 0.5, threshold: 0.8 },
      { fpr: 0.5, tpr: 0.5, threshold: 0.4 },
      { fpr: 0.5, tpr: 1, threshold: 0.35 },
      { fpr: 1, tpr: 1, threshold: 0.1 },
    ]);
  });

  it.each([
    { name: "all positives", labels: [1, 1] },
    { name: "all negatives", labels: [0, 0] },
  ])("is undefined with $name", ({ labels }) => {
    expect(() => rocCurve(f64(labels), f64([0.3, 0.6]))).toThrow(MetricUndefinedError);
  });

  it("each downsampled point is the confusion at its own threshold", () => {
    const { labels, scores } = noisyScores(20_000, 3);
    const positives = labels.reduce((a, b) => a + b, 0);
    const negatives = labels.length - positives;
    const points = rocCurve(labels, scores, { maxPoints: 60 });
    expect(points.length).toBeLessThanOrEqual(60);
    for (const p of points) {
      const c = confusionMatrix(labels, scores, p.threshold);
      expect(p.fpr).toBe(c.fp / negatives);
      expect(p.tpr).toBe(c.tp / positives);
    }
    for (let i = 1; i < points.length; i++) {
      expect(points[i]?.threshold).toBeLessThan(points[i - 1]?.threshold as number);
    }
  });

  it("keeps the shape: every point of the full curve lies near the downsampled one", () => {
    const { labels, scores } = noisyScores(100_000, 4);
    const full = rocCurve(labels, scores, { maxPoints: Number.POSITIVE_INFINITY }).map((p) => [p.fpr, p.tpr] as const);
    const kept = rocCurve(labels, scores).map((p) => [p.fpr, p.tpr] as const);
    expect(full.length).toBeGreaterThan(50_000);
    expect(kept.length).toBeLessThanOrEqual(200);
    expect(polylineDistance(full, kept)).toBeLessThan(0.005);
  });

  it("keeps the corner of a perfect classifier", () => {
    const n = 10_000;
    const labels = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const scores = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 0.5 : 0) + i / (4 * n));
    const points = rocCurve(labels, scores, { maxPoints: 20 });
    expect(points).toContainEqual(expect.objectContaining({ fpr: 0, tpr: 1 }));
    expect(points.length).toBeLessThanOrEqual(20);
  });

  it("returns every point when there are few enough", () => {
    expect(rocCurve(f64([0, 1, 0]), f64([0.1, 0.2, 0.3]), { maxPoints: 4 })).toHaveLength(4);
    expect(rocCurve(f64([0, 1, 0]), f64([0.1, 0.2, 0.3]), { maxPoints: 3 })).toHaveLength(3);
    expect(rocCurve(f64([0, 1, 0]), f64([0.1, 0.2, 0.3]), { maxPoints: 2 })).toEqual([
      { fpr: 0, tpr: 0, threshold: 1.3 },
      { fpr: 1, tpr: 1, threshold: 0.1 },
    ]);
  });
});
