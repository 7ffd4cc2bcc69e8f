import { describe, expect, it } from "vitest";
import { BINARY_METRICS, type BinaryMetricName } from "../metrics/binary-metric-names.ts";
import { evaluateBinary } from "../metrics/evaluate-binary.ts";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { createRng } from "../random/create-rng.ts";
import { WeightedBinarySuite } from "./weighted-binary-suite.ts";

/** The probability metrics' weighted sums round differently from repeated additions; the others are exact. */
const TOLERANCE: Partial<Record<BinaryMetricName, number>> = { log_loss: 1e-12, brier_score: 1e-12, ece: 1e-12 };

interface Case {
  name: string;
  labels: Float64Array;
  scores: Float64Array;
  threshold: number;
}

function rows(n: number, seed: number, opts: { prevalence: number; grid?: number }): Case {
  const rng = createRng(seed);
  const labels = new Float64Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = rng.nextFloat() < opts.prevalence ? 1 : 0;
    const s = 0.25 * (labels[i] as number) + 0.75 * rng.nextFloat();
    scores[i] = opts.grid === undefined ? s : Math.round(s * opts.grid) / opts.grid;
  }
  return { name: "", labels, scores, threshold: 0.5 };
}

const CASES: Case[] = [
  { ...rows(500, 1, { prevalence: 0.4 }), name: "continuous scores" },
  { ...rows(600, 2, { prevalence: 0.3, grid: 8 }), name: "heavy ties (scores on a 1/8 grid)" },
  // Bin edges k/15 and the threshold itself are scores: ties across the bin rule and >=.
  { ...rows(700, 3, { prevalence: 0.05, grid: 15 }), name: "5% positives, scores on the bin edges", threshold: 7 / 15 },
  {
    name: "0, -0, 1 and the log_loss clip",
    labels: Float64Array.from([0, 1, 0, 1, 1, 0, 0, 1, 0, 1]),
    scores: Float64Array.from([0, -0, 1, 1, 0, 1e-17, 0.5, 0.5, 1 - 1e-17, 2.2e-16]),
    threshold: 0.5,
  },
  { ...rows(50, 4, { prevalence: 0.5 }), name: "threshold above every score", threshold: 2 },
  { ...rows(50, 5, { prevalence: 0.5 }), name: "threshold below every score", threshold: -1 },
];

/** Every row r repeated counts[r] times, in row order. */
function materialise(c: Case, counts: Int32Array): { labels: Float64Array; scores: Float64Array } {
  const y: number[] = [];
  const s: number[] = [];
  counts.forEach((k, r) => {
    for (let j = 0; j < k; j++) {
      y.push(c.labels[r] as number);
      s.push(c.scores[r] as number);
    }
  });
  return { labels: Float64Array.from(y), scores: Float64Array.from(s) };
}

function expectedValue(c: Case, counts: Int32Array, metric: BinaryMetricName): number {
  const { labels, scores } = materialise(c, counts);
  try {
    return evaluateBinary({ labels, scores, threshold: c.threshold, metrics: [metric] })[0]?.value as number;
  } catch (error) {
    if (error instanceof MetricUndefinedError) return Number.NaN;
    throw error;
  }
}

function expectSame(actual: number, expected: number, metric: BinaryMetricName): void {
  const tolerance = TOLERANCE[metric];
  if (tolerance === undefined || Number.isNaN(expected)) expect(actual, metric).toBe(expected);
  else expect(Math.abs(actual - expected), metric).toBeLessThanOrEqual(tolerance);
}

describe("WeightedBinarySuite", () => {
  it.each(CASES)("equals every metric on the materialised resample for random counts: $name", (c) => {
    const suite = new WeightedBinarySuite({ ...c, metrics: BINARY_METRICS });
    const rng = createRng(c.labels.length);
    const n = c.labels.length;
    const counts = new Int32Array(n);
    for (let round = 0; round < 8; round++) {
      // Counts 0–4, some rounds sparse (mostly 0): zero-weight rows and tie groups must drop out.
      const sparse = round % 2 === 1;
      for (let r = 0; r < n; r++) {
        counts[r] = sparse && rng.nextFloat() < 0.8 ? 0 : Math.floor(rng.nextFloat() * 5);
      }
      counts[round % n] = (counts[round % n] as number) + 1; // never an empty resample
      suite.read(counts);
      for (const metric of BINARY_METRICS) expectSame(suite.metric(metric), expectedValue(c, counts, metric), metric);
    }
  });

  it("one class in the resample: roc_auc is NaN, the rest as on the materialised rows", () => {
    const c = CASES[1] as Case;
    const suite = new WeightedBinarySuite({ ...c, metrics: BINARY_METRICS });
    for (const keep of [0, 1]) {
      const counts = Int32Array.from(c.labels, (y, r) => (y === keep ? 1 + (r % 3) : 0));
      suite.read(counts);
      expect(suite.metric("roc_auc")).toBeNaN();
      for (const metric of BINARY_METRICS) expectSame(suite.metric(metric), expectedValue(c, counts, metric), metric);
    }
    // average_precision is defined: 0 without positives, 1 without negatives (as sklearn).
    suite.read(Int32Array.from(c.labels, (y) => (y === 0 ? 2 : 0)));
    expect(suite.metric("average_precision")).toBe(0);
  });

  it("a second read replaces the first (no state carried between resamples)", () => {
    const c = CASES[0] as Case;
    const n = c.labels.length;
    const fresh = new WeightedBinarySuite({ ...c, metrics: BINARY_METRICS });
    const reused = new WeightedBinarySuite({ ...c, metrics: BINARY_METRICS });
    const a = Int32Array.from({ length: n }, (_, r) => r % 3);
    const b = Int32Array.from({ length: n }, (_, r) => (r * 7) % 4);
    reused.read(a);
    reused.read(b);
    fresh.read(b);
    for (const metric of BINARY_METRICS) expect(reused.metric(metric)).toBe(fresh.metric(metric));
  });

  it("prepares the probability columns only when a probability metric is asked", () => {
    const c = { ...(CASES[0] as Case), scores: Float64Array.from((CASES[0] as Case).scores, (s) => 3 * s - 1) };
    const suite = new WeightedBinarySuite({ ...c, metrics: ["roc_auc", "accuracy"] });
    const counts = Int32Array.from({ length: c.labels.length }, (_, r) => r % 3);
    suite.read(counts);
    expect(suite.metric("roc_auc")).toBe(expectedValue(c, counts, "roc_auc"));
    expect(suite.metric("accuracy")).toBe(expectedValue(c, counts, "accuracy"));
    expect(() => suite.metric("log_loss")).toThrow(/internal/);
  });
});
