import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { createRng } from "../random/create-rng.ts";
import { uniformInt } from "../random/uniform-int.ts";
import { MetricUndefinedError } from "./metric-undefined-error.ts";
import { rocAuc, rocAucFromSweep } from "./roc-auc.ts";

const f64 = (values: number[]) => Float64Array.from(values);

/** O(n²) definition: share of (positive, negative) pairs ranked correctly, ties ½. */
function pairwiseAuc(labels: Float64Array, scores: Float64Array): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      const si = scores[i] as number;
      const sj = scores[j] as number;
      wins += si > sj ? 1 : si === sj ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

describe("rocAuc", () => {
  it.each([
    { name: "perfect ranking", labels: [0, 0, 1, 1], scores: [0.1, 0.2, 0.8, 0.9], expected: 1 },
    { name: "inverted ranking", labels: [1, 1, 0, 0], scores: [0.1, 0.2, 0.8, 0.9], expected: 0 },
    { name: "a tied pair earns 1/2", labels: [0, 1], scores: [0.5, 0.5], expected: 0.5 },
    { name: "all same score", labels: [0, 1, 1, 0, 1], scores: [0.3, 0.3, 0.3, 0.3, 0.3], expected: 0.5 },
    { name: "-0 and +0 tie", labels: [0, 1], scores: [-0, 0], expected: 0.5 },
    { name: "partial ties", labels: [0, 0, 1, 1], scores: [0.1, 0.4, 0.4, 0.8], expected: 0.875 },
    { name: "textbook", labels: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8], expected: 0.75 },
    { name: "scores outside [0,1]", labels: [0, 1, 0, 1], scores: [-1e300, 1e300, -3, 2], expected: 1 },
    { name: "input order does not matter", labels: [1, 0, 1, 0], scores: [0.8, 0.4, 0.35, 0.1], expected: 0.75 },
  ])("$name", ({ labels, scores, expected }) => {
    expect(rocAuc(f64(labels), f64(scores))).toBe(expected);
  });

  it.each([
    { name: "one row", labels: [1], scores: [0.5], message: /only one class present in labels \(all 1 labels are 1\)/ },
    { name: "all negatives", labels: [0, 0, 0], scores: [0.1, 0.5, 0.9], message: /all 3 labels are 0/ },
    { name: "all positives", labels: [1, 1], scores: [0.1, 0.5], message: /all 2 labels are 1/ },
    { name: "zero rows", labels: [], scores: [], message: /there are no rows/ },
  ])("is undefined with $name", ({ labels, scores, message }) => {
    const run = () => rocAuc(f64(labels), f64(scores));
    expect(run).toThrow(MetricUndefinedError);
    expect(run).toThrow(message);
  });

  it.each([
    { name: "NaN score", labels: [0, 1], scores: [Number.NaN, 0.5], message: /first scores\[0\] = NaN/ },
    {
      name: "-Infinity score",
      labels: [0, 1],
      scores: [Number.NEGATIVE_INFINITY, 0.5],
      message: /scores must be finite/,
    },
    { name: "label 0.5", labels: [0.5, 1], scores: [0.1, 0.5], message: /labels must be 0 or 1/ },
    { name: "length mismatch", labels: [0, 1, 1], scores: [0.1, 0.5], message: /3 labels vs 2 scores/ },
  ])("rejects $name", ({ labels, scores, message }) => {
    const run = () => rocAuc(f64(labels), f64(scores));
    expect(run).toThrow(InvalidInputError);
    expect(run).toThrow(message);
  });

  it("equals the O(n²) pairwise definition on random data with heavy ties", () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + uniformInt(rng, 60);
      const distinct = 1 + uniformInt(rng, 8); // few distinct scores → many ties
      const labels = new Float64Array(n);
      const scores = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        labels[i] = uniformInt(rng, 2);
        scores[i] = uniformInt(rng, distinct) / distinct;
      }
      labels[0] = 0;
      labels[1] = 1;
      expect(rocAuc(labels, scores)).toBeCloseTo(pairwiseAuc(labels, scores), 14);
    }
  });

  it("handles 1e6 rows in well under a second (O(n log n))", () => {
    const rng = createRng(1);
    const n = 1_000_000;
    const labels = new Float64Array(n);
    const scores = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = rng.nextUint32() & 1;
      scores[i] = rng.nextFloat();
    }
    const started = performance.now();
    const auc = rocAuc(labels, scores);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(Math.abs(auc - 0.5)).toBeLessThan(0.01);
  });

  it.each([
    { name: "perfect", tp: [7e7, 7e7], fp: [0, 7e7], expected: 1 },
    { name: "one tied group", tp: [7e7], fp: [7e7], expected: 0.5 },
    { name: "a bent curve", tp: [3.5e7, 7e7, 7e7], fp: [0, 3.5e7, 7e7], expected: 0.875 },
  ])("rocAucFromSweep beyond 2^53 pair counts (compensated sum): $name", ({ tp, fp, expected }) => {
    const sweep = {
      positives: 7e7,
      negatives: 7e7,
      thresholds: Float64Array.from(tp, (_, k) => 1 - k / tp.length),
      truePositives: Uint32Array.from(tp),
      falsePositives: Uint32Array.from(fp),
    };
    expect(2 * sweep.positives * sweep.negatives).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    expect(rocAucFromSweep(sweep)).toBe(expected);
  });
});
