import { describe, expect, it } from "vitest";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { confusionMatrix } from "./confusion-matrix.ts";
import { precisionRecallCurve } from "./precision-recall-curve.ts";
import { noisyScores, polylineDistance } from "./testing/curve-fixtures.ts";

const f64 = (values: number[]) => Float64Array.from(values);

describe("precisionRecallCurve", () => {
  it("the spot vector: sklearn's points reversed, opening at (0, 1)", () => {
    expect(precisionRecallCurve(f64([0, 0, 1, 1]), f64([0.1, 0.4, 0.35, 0.8]))).toEqual([
      { recall: 0, precision: 1, threshold: 1.8 },
      { recall: 0.5, precision: 1, threshold: 0.8 },
      { recall: 0.5, precision: 0.5, threshold: 0.4 },
      { recall: 1, precision: 2 / 3, threshold: 0.35 },
      { recall: 1, precision: 0.5, threshold: 0.1 },
    ]);
  });

  it("is undefined without positives, defined without negatives", () => {
    expect(() => precisionRecallCurve(f64([0, 0]), f64([0.3, 0.6]))).toThrow(MetricUndefinedError);
    expect(precisionRecallCurve(f64([1, 1]), f64([0.3, 0.6])).map((p) => p.precision)).toEqual([1, 1, 1]);
  });

  it("each downsampled point is the confusion at its own threshold", () => {
    const { labels, scores } = noisyScores(20_000, 5);
    const positives = labels.reduce((a, b) => a + b, 0);
    const points = precisionRecallCurve(labels, scores, { maxPoints: 50 });
    expect(points.length).toBeLessThanOrEqual(50);
    for (const p of points.slice(1)) {
      const c = confusionMatrix(labels, scores, p.threshold);
      expect(p.recall).toBe(c.tp / positives);
      expect(p.precision).toBe(c.tp / (c.tp + c.fp));
    }
  });

  it("keeps the shape, including the noisy start", () => {
    const { labels, scores } = noisyScores(100_000, 6);
    const full = precisionRecallCurve(labels, scores, { maxPoints: Number.POSITIVE_INFINITY }).map(
      (p) => [p.recall, p.precision] as const,
    );
    const kept = precisionRecallCurve(labels, scores).map((p) => [p.recall, p.precision] as const);
    expect(kept.length).toBeLessThanOrEqual(200);
    expect(polylineDistance(full, kept)).toBeLessThan(0.01);
  });
});
