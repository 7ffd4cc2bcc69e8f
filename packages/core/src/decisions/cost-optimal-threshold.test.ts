import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { createRng } from "../random/create-rng.ts";
import { uniformInt } from "../random/uniform-int.ts";
import { type CostMatrix, resolveCostMatrix } from "./cost-matrix.ts";
import { costOptimalThreshold } from "./cost-optimal-threshold.ts";
import { exactTotalUnits, toExactCosts } from "./exact-cost.ts";
import { expectedCost } from "./expected-cost.ts";

const f64 = (values: number[]) => Float64Array.from(values);
const INF = Number.POSITIVE_INFINITY;

/** Definition: try +∞ and every score, keep the exactly cheapest, highest on ties. */
function bruteForce(labels: Float64Array, scores: Float64Array, costs: CostMatrix) {
  const exact = toExactCosts(resolveCostMatrix(costs));
  const candidates = [INF, ...new Set(scores)].sort((a, b) => b - a);
  let best = expectedCost({ labels, scores, threshold: INF, costs });
  for (const threshold of candidates) {
    const next = expectedCost({ labels, scores, threshold, costs });
    if (exactTotalUnits(next.counts, exact) < exactTotalUnits(best.counts, exact)) best = next;
  }
  return best;
}

describe("costOptimalThreshold", () => {
  it.each([
    { name: "n = 1 positive: flag it", labels: [1], scores: [0.7], costs: { fp: 1, fn: 5 }, threshold: 0.7, cost: 0 },
    {
      name: "n = 1 negative: flag nothing",
      labels: [0],
      scores: [0.7],
      costs: { fp: 1, fn: 5 },
      threshold: INF,
      cost: 0,
    },
    {
      name: "all scores equal, FN dearer",
      labels: [0, 1, 1],
      scores: [0.3, 0.3, 0.3],
      costs: { fp: 1, fn: 5 },
      threshold: 0.3,
      cost: 1 / 3,
    },
    {
      name: "all scores equal, FP dearer",
      labels: [0, 1, 1],
      scores: [0.3, 0.3, 0.3],
      costs: { fp: 5, fn: 1 },
      threshold: INF,
      cost: 2 / 3,
    },
    {
      name: "exact tie → the highest threshold",
      labels: [0, 1],
      scores: [0.5, 0.5],
      costs: { fp: 1, fn: 1 },
      threshold: INF,
      cost: 1 / 2,
    },
    {
      name: "all costs zero → +∞",
      labels: [0, 1, 0, 1],
      scores: [0.1, 0.2, 0.3, 0.4],
      costs: { fp: 0, fn: 0 },
      threshold: INF,
      cost: 0,
    },
    {
      name: "perfect separation → lowest positive score",
      labels: [0, 0, 1, 1],
      scores: [0.1, 0.2, 0.6, 0.9],
      costs: { fp: 1, fn: 1 },
      threshold: 0.6,
      cost: 0,
    },
    {
      name: "one class, all negative",
      labels: [0, 0],
      scores: [0.1, 0.9],
      costs: { fp: 1, fn: 5 },
      threshold: INF,
      cost: 0,
    },
    {
      name: "one class, all positive",
      labels: [1, 1],
      scores: [0.1, 0.9],
      costs: { fp: 1, fn: 5 },
      threshold: 0.1,
      cost: 0,
    },
    {
      name: "TN dearer than FP: flag everything",
      labels: [0, 0, 1],
      scores: [0.8, 0.1, 0.5],
      costs: { fp: 1, fn: 1, tn: 2 },
      threshold: 0.1,
      cost: 2 / 3,
    },
    {
      name: "benefit for a caught positive",
      labels: [0, 1, 0],
      scores: [0.9, 0.5, 0.1],
      costs: { fp: 1, fn: 0, tp: -3 },
      threshold: 0.5,
      cost: -2 / 3,
    },
    {
      name: "-0 and +0 are one threshold, reported +0",
      labels: [1, 1, 0],
      scores: [-0, 0, -1],
      costs: { fp: 1, fn: 1 },
      threshold: 0,
      cost: 0,
    },
    {
      name: "unbounded decision scores",
      labels: [0, 1],
      scores: [-1e300, 1e300],
      costs: { fp: 1, fn: 1 },
      threshold: 1e300,
      cost: 0,
    },
  ])("$name", ({ labels, scores, costs, threshold, cost }) => {
    const got = costOptimalThreshold({ labels: f64(labels), scores: f64(scores), costs });
    expect(got.threshold).toBe(threshold);
    expect(Object.is(got.threshold, -0)).toBe(false);
    expect(got.expectedCost).toBe(cost);
    expect(got).toEqual(expectedCost({ labels: f64(labels), scores: f64(scores), threshold, costs }));
  });

  it("settles a tie that float rounding would get wrong", () => {
    // tp and fn cost the same, so +∞ and 0.8 cost exactly the same; numpy's float formula
    // puts 0.8 an ulp lower (see generate_decisions.py, exact_tie_float_misleads).
    const labels = f64([1, 0, 1, 1, 1, 1, 0, 0]);
    const scores = f64([0.8, 0.7, 0.7, 0.2, 0.3, 0.9, 0.6, 0.3]);
    const costs = { fp: 1.4, fn: 0.7, tp: 0.7, tn: 0.18 };
    expect(costOptimalThreshold({ labels, scores, costs }).threshold).toBe(INF);
  });

  it("matches brute force on 300 seeded random cases (ties, decimal costs, benefits)", () => {
    const rng = createRng(7);
    const decimal = () => (uniformInt(rng, 41) - 10) / 10; // -1.0 … 3.0 in steps of 0.1
    for (let c = 0; c < 300; c++) {
      const n = 1 + uniformInt(rng, 40);
      const levels = 1 + uniformInt(rng, 12); // few levels → many tied scores
      const labels = new Float64Array(n);
      const scores = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        labels[i] = rng.nextFloat() < 0.4 ? 1 : 0;
        scores[i] = uniformInt(rng, levels) / levels;
      }
      const costs = { fp: decimal(), fn: decimal(), tp: decimal(), tn: decimal() };
      const got = costOptimalThreshold({ labels, scores, costs });
      expect(got, `case ${c}: ${JSON.stringify({ labels: [...labels], scores: [...scores], costs })}`).toEqual(
        bruteForce(labels, scores, costs),
      );
    }
  });

  it.each([
    {
      name: "zero rows",
      labels: [],
      scores: [],
      costs: { fp: 1, fn: 1 },
      error: MetricUndefinedError,
      message: /zero rows/,
    },
    {
      name: "a label of 2",
      labels: [2, 0],
      scores: [0.5, 0.5],
      costs: { fp: 1, fn: 1 },
      error: InvalidInputError,
      message: /labels\[0\] = 2/,
    },
    {
      name: "an infinite score",
      labels: [1],
      scores: [INF],
      costs: { fp: 1, fn: 1 },
      error: InvalidInputError,
      message: /scores\[0\]/,
    },
    {
      name: "a cost missing",
      labels: [1],
      scores: [0.5],
      costs: { fp: 1 },
      error: InvalidInputError,
      message: /costs\.fn/,
    },
    {
      name: "costs that overflow a total",
      labels: [1, 0],
      scores: [0.5, 0.5],
      costs: { fp: 1e308, fn: 1e308 },
      error: InvalidInputError,
      message: /too large/,
    },
  ])("refuses $name", ({ labels, scores, costs, error, message }) => {
    const run = () => costOptimalThreshold({ labels: f64(labels), scores: f64(scores), costs: costs as CostMatrix });
    expect(run).toThrow(error);
    expect(run).toThrow(message);
  });
});
