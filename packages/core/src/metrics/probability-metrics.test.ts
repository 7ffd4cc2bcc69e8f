import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { MetricUndefinedError } from "./metric-undefined-error.ts";
import { brierScore, ece, logLoss } from "./probability-metrics.ts";
import { LOG_LOSS_EPS, RELIABILITY_BIN_EDGES, reliabilityBinOf } from "./probability-summary.ts";

const f64 = (values: number[]) => Float64Array.from(values);
const next = (x: number, toward: number) => {
  // One ulp from x toward `toward` (x finite, positive here).
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + (toward > x ? 1n : -1n));
  return view.getFloat64(0);
};

describe("logLoss", () => {
  it("uses sklearn 1.2.1's eps: float64 machine epsilon, not 1e-15", () => {
    expect(LOG_LOSS_EPS).toBe(Number.EPSILON);
    // A confident wrong prediction costs −ln(eps) = 52·ln 2.
    expect(logLoss(f64([1]), f64([0]))).toBeCloseTo(-Math.log(Number.EPSILON), 12);
    expect(logLoss(f64([0]), f64([1]))).toBeCloseTo(-Math.log(Number.EPSILON), 12);
  });

  it.each([
    {
      name: "spot vector (STATISTICS.md, spam = 1)",
      labels: [1, 0, 0, 1],
      scores: [0.9, 0.1, 0.2, 0.65],
      expected: 0.21616187468057912,
    },
    { name: "coin flip", labels: [0, 1], scores: [0.5, 0.5], expected: Math.LN2 },
    {
      name: "one class present is defined (labels=[0, 1])",
      labels: [1, 1],
      scores: [0.5, 0.25],
      expected: (Math.LN2 + Math.log(4)) / 2,
    },
    { name: "confident and right: −ln(1 − eps)", labels: [0], scores: [0], expected: 2.2204460492503136e-16 },
  ])("$name", ({ labels, scores, expected }) => {
    expect(logLoss(f64(labels), f64(scores))).toBeCloseTo(expected, 15);
  });
});

describe("brierScore", () => {
  it.each([
    { name: "perfect", labels: [0, 1], scores: [0, 1], expected: 0 },
    { name: "always wrong", labels: [0, 1], scores: [1, 0], expected: 1 },
    { name: "spot", labels: [1, 0, 0, 1], scores: [0.9, 0.1, 0.2, 0.65], expected: (0.01 + 0.01 + 0.04 + 0.1225) / 4 },
    { name: "one class", labels: [0, 0], scores: [0.5, 0.25], expected: (0.25 + 0.0625) / 2 },
  ])("$name", ({ labels, scores, expected }) => {
    expect(brierScore(f64(labels), f64(scores))).toBeCloseTo(expected, 15);
  });
});

describe("ece", () => {
  it.each([
    // Bins: 0.1 → bin 1; 0.35 and 0.4 → bin 5 ((1/3, 0.4]); 0.8 → bin 11.
    {
      name: "spot",
      labels: [0, 0, 1, 1],
      scores: [0.1, 0.4, 0.35, 0.8],
      expected: 0.25 * 0.1 + 0.5 * 0.125 + 0.25 * 0.2,
    },
    { name: "perfectly calibrated bins", labels: [0, 1, 1, 0], scores: [0.5, 0.5, 0, 0], expected: 0.5 * 0.5 },
    { name: "one row", labels: [1], scores: [1], expected: 0 },
    { name: "all in bin 0, including p = 0", labels: [0, 1], scores: [0, 1 / 15], expected: 1 / 2 - 1 / 30 },
  ])("$name", ({ labels, scores, expected }) => {
    expect(ece(f64(labels), f64(scores))).toBeCloseTo(expected, 15);
  });
});

describe("reliabilityBinOf: bin k holds (k/15, (k+1)/15], bin 0 also 0", () => {
  const cases: { p: number; bin: number }[] = [
    { p: 0, bin: 0 },
    { p: -0, bin: 0 },
    { p: 5e-324, bin: 0 },
    { p: 1, bin: 14 },
    { p: next(1, 0), bin: 14 },
  ];
  for (let k = 1; k < 15; k++) {
    const edge = RELIABILITY_BIN_EDGES[k] as number;
    cases.push({ p: edge, bin: k - 1 }, { p: next(edge, 1), bin: k }, { p: next(edge, 0), bin: k - 1 });
  }
  it.each(cases)("p = $p → bin $bin", ({ p, bin }) => {
    expect(reliabilityBinOf(p)).toBe(bin);
  });

  it("edges are k/15 correctly rounded", () => {
    expect(Array.from(RELIABILITY_BIN_EDGES)).toEqual(Array.from({ length: 16 }, (_, k) => k / 15));
  });
});

describe("probability metrics refuse what they cannot compute", () => {
  it.each([
    { fn: logLoss, scores: [0.5, 1.2, 3] },
    { fn: brierScore, scores: [0.5, 1.2, 3] },
    { fn: ece, scores: [0.5, 1.2, 3] },
  ])("$fn.name: scores outside [0, 1] → InvalidInputError naming the first row", ({ fn, scores }) => {
    const run = () => fn(f64([0, 1, 1]), f64(scores));
    expect(run).toThrow(InvalidInputError);
    expect(run).toThrow(/2 rows outside, first scores\[1\] = 1.2/);
  });

  it.each([logLoss, brierScore, ece])("%o is undefined on zero rows", (fn) => {
    expect(() => fn(f64([]), f64([]))).toThrow(MetricUndefinedError);
  });
});
