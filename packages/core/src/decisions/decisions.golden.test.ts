import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { costCurve } from "./cost-curve.ts";
import type { CostMatrix } from "./cost-matrix.ts";
import { costOptimalThreshold } from "./cost-optimal-threshold.ts";
import { expectedCost } from "./expected-cost.ts";

// Produced by test/golden/generate_decisions.py: numpy brute force over every distinct
// threshold, costs in exact fractions. Regenerate with:
//   /usr/bin/python3 packages/core/test/golden/generate_decisions.py
// A threshold of null stands for +∞ (predict every row negative).
interface GoldenResult {
  costs: string;
  optimum: { threshold: number | null; expected_cost: number; tp: number; fp: number; tn: number; fn: number };
  float_argmin_differs: boolean;
  at_thresholds: { threshold: number; expected_cost: number; tp: number; fp: number }[];
  curve?: { thresholds: (number | null)[]; expected_costs: number[] };
}
interface GoldenCase {
  name: string;
  n: number;
  labels: number[];
  scores: number[];
  threshold_count: number;
  results: GoldenResult[];
}
const golden = JSON.parse(readFileSync(new URL("../../test/golden/decisions.json", import.meta.url), "utf8")) as {
  reference: string;
  cost_matrices: Record<string, CostMatrix>;
  cases: GoldenCase[];
};

const RELATIVE_TOLERANCE = 1e-9;
const threshold = (t: number | null) => (t === null ? Number.POSITIVE_INFINITY : t);

function expectClose(actual: number, expected: number, what: string): void {
  const error = actual === expected ? 0 : Math.abs(actual - expected) / Math.abs(expected);
  expect(error, `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
}

describe(`decision costs equal ${golden.reference}`, () => {
  it("has the golden cases, including one where a float argmin gets the tie wrong", () => {
    expect(golden.cases.length).toBeGreaterThanOrEqual(20);
    expect(golden.cases.some((c) => c.results.some((r) => r.float_argmin_differs))).toBe(true);
  });

  describe.each(golden.cases)("$name (n=$n)", (c) => {
    const labels = Float64Array.from(c.labels);
    const scores = Float64Array.from(c.scores);

    describe.each(c.results)("costs $costs", (r) => {
      const costs = golden.cost_matrices[r.costs] as CostMatrix;

      it("cost-optimal threshold, its cost and counts", () => {
        const got = costOptimalThreshold({ labels, scores, costs });
        const { threshold: t, expected_cost, ...counts } = r.optimum;
        expect(got.threshold).toBe(threshold(t));
        expect(got.counts).toEqual(counts);
        expectClose(got.expectedCost, expected_cost, "expected cost");
      });

      it("expected cost at fixed thresholds", () => {
        for (const point of r.at_thresholds) {
          const got = expectedCost({ labels, scores, threshold: point.threshold, costs });
          expect(got.counts.tp, `tp at ${point.threshold}`).toBe(point.tp);
          expect(got.counts.fp, `fp at ${point.threshold}`).toBe(point.fp);
          expectClose(got.expectedCost, point.expected_cost, `expected cost at ${point.threshold}`);
        }
      });

      it("cost curve keeps the ends and the optimum, and every point is on the brute-force curve", () => {
        const curve = costCurve({ labels, scores, costs });
        expect(curve.thresholdCount).toBe(c.threshold_count);
        if (c.threshold_count <= 200) expect(curve.points.length).toBe(c.threshold_count);
        else expect(curve.points.length).toSatisfy((k: number) => k >= 100 && k <= 200);
        expect(curve.points.at(-1)?.threshold).toBe(Number.POSITIVE_INFINITY);
        expect(curve.points[0]?.threshold).toBe(Math.min(...c.scores) + 0);
        expect(curve.points[curve.optimalIndex]?.threshold).toBe(threshold(r.optimum.threshold));
        if (r.curve === undefined) return;
        const full = new Map(r.curve.thresholds.map((t, k) => [threshold(t), r.curve?.expected_costs[k] as number]));
        for (const point of curve.points) {
          const expected = full.get(point.threshold);
          expect(expected, `threshold ${point.threshold} is a candidate`).toBeDefined();
          expectClose(point.expectedCost, expected as number, `curve at ${point.threshold}`);
        }
      });
    });
  });
});
