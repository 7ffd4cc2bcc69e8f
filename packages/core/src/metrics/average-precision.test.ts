import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { createRng } from "../random/create-rng.ts";
import { uniformInt } from "../random/uniform-int.ts";
import { averagePrecision } from "./average-precision.ts";
import { MetricUndefinedError } from "./metric-undefined-error.ts";

const f64 = (values: number[]) => Float64Array.from(values);

/** Definition, row by row: sort descending, group ties, Σ ΔR·P over the groups. */
function definitionAp(labels: Float64Array, scores: Float64Array): number {
  const order = Array.from(labels, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const positives = labels.reduce((a, b) => a + b, 0);
  if (positives === 0) return 0;
  let tp = 0;
  let seen = 0;
  let ap = 0;
  for (let k = 0; k < order.length; ) {
    const v = scores[order[k] as number] as number;
    let tpGroup = 0;
    while (k < order.length && scores[order[k] as number] === v) {
      tpGroup += labels[order[k] as number] as number;
      seen++;
      k++;
    }
    tp += tpGroup;
    ap += (tpGroup / positives) * (tp / seen);
  }
  return ap;
}

describe("averagePrecision", () => {
  it.each([
    { name: "spot vector (STATISTICS.md)", labels: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8], expected: 5 / 6 },
    { name: "perfect ranking", labels: [0, 0, 1, 1], scores: [0.1, 0.2, 0.8, 0.9], expected: 1 },
    { name: "tied pair enters together", labels: [0, 1], scores: [0.5, 0.5], expected: 0.5 },
    { name: "all tied", labels: [1, 0, 0, 1, 0], scores: [0.3, 0.3, 0.3, 0.3, 0.3], expected: 0.4 },
    { name: "inverted", labels: [1, 0], scores: [0.2, 0.8], expected: 0.5 },
    { name: "no positives → 0 (sklearn sets recall 1)", labels: [0, 0, 0], scores: [0.1, 0.5, 0.9], expected: 0 },
    { name: "no negatives → 1", labels: [1, 1], scores: [0.1, 0.5], expected: 1 },
    { name: "one row positive", labels: [1], scores: [0.7], expected: 1 },
    { name: "one row negative", labels: [0], scores: [0.7], expected: 0 },
    { name: "-0 and +0 tie", labels: [0, 1], scores: [-0, 0], expected: 0.5 },
    { name: "decision scores", labels: [0, 1, 1], scores: [-1e300, 1e300, -3], expected: 1 },
  ])("$name", ({ labels, scores, expected }) => {
    expect(averagePrecision(f64(labels), f64(scores))).toBeCloseTo(expected, 15);
  });

  it("is undefined on zero rows", () => {
    expect(() => averagePrecision(f64([]), f64([]))).toThrow(MetricUndefinedError);
  });

  it("rejects bad columns", () => {
    expect(() => averagePrecision(f64([0, 1]), f64([0.1, Number.NaN]))).toThrow(InvalidInputError);
  });

  it("equals the row-by-row definition on random data with heavy ties", () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + uniformInt(rng, 60);
      const distinct = 1 + uniformInt(rng, 8);
      const labels = new Float64Array(n);
      const scores = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        labels[i] = uniformInt(rng, 2);
        scores[i] = uniformInt(rng, distinct) / distinct;
      }
      expect(averagePrecision(labels, scores)).toBeCloseTo(definitionAp(labels, scores), 14);
    }
  });
});
