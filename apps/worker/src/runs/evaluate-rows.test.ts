import { costOptimalThreshold, expectedCost } from "@fieldtest/core";
import { describe, expect, it } from "vitest";
import { costsResult, groupMetrics, operatingPoint, rowsResults } from "./evaluate-rows.ts";

const protocol = {
  threshold: 0.5,
  metrics: ["roc_auc" as const, "accuracy" as const],
  confidence: { level: 0.9, resamples: 0 },
  seed: 3,
};

describe("costsResult", () => {
  it("stores +∞ (every row negative) as null with allNegative, never Infinity", () => {
    // False positives cost so much that flagging nobody is cheapest.
    const labels = Float64Array.of(0, 0, 0, 1);
    const scores = Float64Array.of(0.9, 0.8, 0.7, 0.6);
    const costs = { fp: 100, fn: 1 };
    const result = costsResult({ labels, scores, threshold: 0.5, costs });
    expect(costOptimalThreshold({ labels, scores, costs }).threshold).toBe(Number.POSITIVE_INFINITY);
    expect(result.optimal).toMatchObject({ threshold: null, allNegative: true, expectedCost: 0.25 });
    expect(result.atThreshold).toMatchObject({
      threshold: 0.5,
      allNegative: false,
      expectedCost: expectedCost({ labels, scores, threshold: 0.5, costs }).expectedCost,
    });
    expect(result.curve.at(-1)).toEqual({ threshold: null, expectedCost: 0.25 });
    expect(JSON.stringify(result)).not.toContain("Infinity");
  });
});

describe("operatingPoint", () => {
  it("leaves a rate with nothing to divide by empty rather than 0 or NaN", () => {
    expect(operatingPoint(0.5, { tp: 0, fp: 0, tn: 3, fn: 0 })).toEqual({
      threshold: 0.5,
      tpr: null,
      fpr: 0,
      precision: null,
      recall: null,
    });
  });
});

describe("groupMetrics", () => {
  it("stores a metric undefined on the rows as null with its reason, not as a failure", () => {
    const stored = groupMetrics({
      labels: Float64Array.of(1, 1),
      scores: Float64Array.of(0.2, 0.7),
      protocol,
      withIntervals: true,
    });
    expect(stored[0]).toMatchObject({ metric: "roc_auc", value: null, n: 2 });
    expect(stored[0]?.problem).toMatch(/only one class/);
    expect(stored[1]).toMatchObject({ metric: "accuracy", value: 0.5, lower: null });
  });
});

describe("rowsResults", () => {
  it("explains missing curves and reliability instead of storing nothing", () => {
    const results = rowsResults({ labels: Float64Array.of(0, 0), scores: Float64Array.of(0.2, 3), protocol });
    expect(results.curves.roc).toBeNull();
    expect(results.curves.rocProblem).toBeTruthy();
    expect(results.curves.prProblem).toBeTruthy();
    expect(results.reliability.bins).toBeNull();
    expect(results.reliability.problem).toMatch(/probabilit/);
    expect(results.costs).toBeNull();
    expect(results.confusion).toEqual({ threshold: 0.5, tp: 0, fp: 1, tn: 1, fn: 0, n: 2 });
  });
});
