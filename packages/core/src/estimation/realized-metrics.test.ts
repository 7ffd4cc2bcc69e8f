import { describe, expect, it } from "vitest";
import { accuracy } from "../metrics/accuracy.ts";
import { rocAuc } from "../metrics/roc-auc.ts";
import { f1, precision, recall } from "../metrics/threshold-metrics.ts";
import { createRng } from "../random/create-rng.ts";
import { splitMix64 } from "../random/splitmix64.ts";
import { xoshiroState } from "../uncertainty/resample-draws.ts";
import { prepareCbpeRows } from "./cbpe-metrics.ts";
import { drawLabels, realizedRocAuc, realizedThresholdMetrics } from "./realized-metrics.ts";

describe("drawLabels", () => {
  it("draws exactly createRng(seed).nextFloat() < p, draw for draw, across calls", () => {
    const probabilities = Float64Array.from({ length: 257 }, (_, i) => (i % 7 === 0 ? 0 : i % 11 === 0 ? 1 : i / 257));
    for (const seed of [...splitMix64(3, 4), 0n, 2n ** 64n - 1n]) {
      const state = xoshiroState(seed);
      const rng = createRng(seed);
      const labels = new Uint8Array(probabilities.length);
      for (let call = 0; call < 3; call++) {
        drawLabels(state, probabilities, labels);
        const expected = Uint8Array.from(probabilities, (p) => (rng.nextFloat() < p ? 1 : 0));
        expect(labels).toEqual(expected);
      }
    }
  });

  it("never draws 1 at p = 0 and always at p = 1; the rate matches p", () => {
    const n = 20000;
    const state = xoshiroState(7n);
    const labels = new Uint8Array(n);
    drawLabels(state, new Float64Array(n), labels);
    expect(labels.every((y) => y === 0)).toBe(true);
    drawLabels(state, new Float64Array(n).fill(1), labels);
    expect(labels.every((y) => y === 1)).toBe(true);
    drawLabels(state, new Float64Array(n).fill(0.3), labels);
    const rate = labels.reduce((sum, y) => sum + y, 0) / n;
    expect(Math.abs(rate - 0.3)).toBeLessThan(4 * Math.sqrt((0.3 * 0.7) / n));
  });
});

// Labels and scores in row order → what the realized metrics take: the labels in CbpeRows'
// descending score order, the number of predicted positives and the tie groups.
function sorted(labels: number[], scores: number[], threshold: number) {
  const rows = prepareCbpeRows(Float64Array.from(scores), new Float64Array(scores.length), threshold);
  const sortedLabels = new Uint8Array(labels.length);
  labels.forEach((y, i) => {
    sortedLabels[rows.rank[i] as number] = y;
  });
  const predictedPositives = rows.predicted.reduce((sum, y) => sum + y, 0);
  return { sortedLabels, predictedPositives, groupEnd: rows.groupEnd };
}

const CASES = [
  { name: "mixed, no ties", labels: [1, 0, 1, 1, 0, 0], scores: [0.9, 0.8, 0.7, 0.4, 0.3, 0.6] },
  { name: "ties across classes", labels: [1, 0, 1, 0, 1, 0], scores: [0.5, 0.5, 0.7, 0.7, 0.2, 0.2] },
  { name: "a score at the threshold", labels: [0, 1, 0, 1], scores: [0.5, 0.5, 0.49, 0.51] },
  { name: "nothing predicted positive", labels: [1, 0, 1], scores: [0.1, 0.2, 0.3] },
  { name: "everything predicted positive", labels: [1, 0, 0], scores: [0.6, 0.7, 0.8] },
  { name: "no positive labels", labels: [0, 0, 0], scores: [0.6, 0.2, 0.8] },
  { name: "no negative labels", labels: [1, 1], scores: [0.6, 0.2] },
  { name: "one row", labels: [1], scores: [0.7] },
];

describe("realizedThresholdMetrics equals core's labelled metrics", () => {
  it.each(CASES)("$name", ({ labels, scores }) => {
    const threshold = 0.5;
    const { sortedLabels, predictedPositives } = sorted(labels, scores, threshold);
    const y = Float64Array.from(labels);
    const s = Float64Array.from(scores);
    expect(realizedThresholdMetrics(sortedLabels, predictedPositives)).toEqual({
      accuracy: accuracy(y, s, threshold),
      precision: precision(y, s, threshold),
      recall: recall(y, s, threshold),
      f1: f1(y, s, threshold),
    });
  });
});

describe("realizedRocAuc equals core's rocAuc (ties grouped), NaN for one class", () => {
  it.each(CASES)("$name", ({ labels, scores }) => {
    const { sortedLabels, groupEnd } = sorted(labels, scores, 0.5);
    const value = realizedRocAuc(sortedLabels, groupEnd);
    if (new Set(labels).size < 2) expect(value).toBeNaN();
    else expect(value).toBeCloseTo(rocAuc(Float64Array.from(labels), Float64Array.from(scores)), 15);
  });

  it("on random rows with many ties", () => {
    const rng = createRng(5);
    const n = 500;
    const labels = Array.from({ length: n }, () => (rng.nextFloat() < 0.4 ? 1 : 0));
    const scores = labels.map((y) => Math.round((y + rng.nextFloat()) * 8) / 8);
    const { sortedLabels, groupEnd } = sorted(labels, scores, 0.5);
    expect(realizedRocAuc(sortedLabels, groupEnd)).toBeCloseTo(
      rocAuc(Float64Array.from(labels), Float64Array.from(scores)),
      14,
    );
  });
});
