import { describe, expect, it } from "vitest";
import type { ConfusionMatrix } from "../curves/confusion-matrix.ts";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { MetricUndefinedError } from "./metric-undefined-error.ts";
import {
  balancedAccuracy,
  f1,
  mcc,
  precision,
  recall,
  type ThresholdMetricName,
  thresholdMetric,
} from "./threshold-metrics.ts";

const f64 = (values: number[]) => Float64Array.from(values);
const cm = (tp: number, fp: number, tn: number, fn: number): ConfusionMatrix => ({ threshold: 0.5, tp, fp, tn, fn });
const NAMES: ThresholdMetricName[] = ["accuracy", "precision", "recall", "f1", "balanced_accuracy", "mcc"];

describe("thresholdMetric", () => {
  // [accuracy, precision, recall, f1, balanced_accuracy, mcc]
  it.each([
    { name: "perfect", c: cm(3, 0, 2, 0), expected: [1, 1, 1, 1, 1, 1] },
    { name: "all wrong", c: cm(0, 2, 0, 3), expected: [0, 0, 0, 0, 0, -1] },
    { name: "textbook", c: cm(1, 0, 2, 1), expected: [0.75, 1, 0.5, 2 / 3, 0.75, 1 / Math.sqrt(3)] },
    // zero_division=0: nothing predicted positive → precision 0, f1 0; mcc 0 (one predicted class).
    { name: "nothing predicted positive", c: cm(0, 0, 4, 2), expected: [4 / 6, 0, 0, 0, 0.5, 0] },
    { name: "everything predicted positive", c: cm(2, 4, 0, 0), expected: [2 / 6, 2 / 6, 1, 0.5, 0.5, 0] },
    // One class in the labels: recall 0 without positives, balanced accuracy = the present class's recall.
    { name: "no positives, some predicted", c: cm(0, 1, 3, 0), expected: [0.75, 0, 0, 0, 0.75, 0] },
    { name: "no positives, none predicted", c: cm(0, 0, 4, 0), expected: [1, 0, 0, 0, 1, 0] },
    { name: "no negatives", c: cm(3, 0, 0, 1), expected: [0.75, 1, 0.75, 6 / 7, 0.75, 0] },
    { name: "one row, right", c: cm(1, 0, 0, 0), expected: [1, 1, 1, 1, 1, 0] },
    { name: "one row, wrong", c: cm(0, 1, 0, 0), expected: [0, 0, 0, 0, 0, 0] },
  ])("$name", ({ c, expected }) => {
    NAMES.forEach((name, k) => {
      expect(thresholdMetric(name, c), name).toBeCloseTo(expected[k] as number, 15);
    });
  });

  it("forms f1 from the rounded precision and recall, as sklearn (not 2tp/(2tp+fp+fn))", () => {
    const c = cm(1, 2, 0, 4); // P = 1/3, R = 1/5
    const p = 1 / 3;
    const r = 1 / 5;
    expect(thresholdMetric("f1", c)).toBe((2 * p * r) / (p + r));
  });

  it.each(NAMES)("%s is undefined on zero rows", (name) => {
    expect(() => thresholdMetric(name, cm(0, 0, 0, 0))).toThrow(MetricUndefinedError);
  });
});

describe("threshold metric functions", () => {
  const labels = f64([1, 0, 1, 0, 1, 0]);
  it.each([
    // Predicted positive when score >= threshold: scores exactly at it count.
    { name: "scores at the threshold are positive", scores: [0.5, 0.5, 0.2, 0.1, 0.5, 0.3], threshold: 0.5 },
    { name: "one ulp below is negative", scores: [0.5, 0.49999999999999994, 0.2, 0.1, 0.5, 0.3], threshold: 0.5 },
    { name: "-0 counts as 0", scores: [-0, -1, 0.2, -2, 0, -0.5], threshold: 0 },
  ])("$name", ({ scores, threshold }) => {
    const s = f64(scores);
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < s.length; i++) {
      if ((s[i] as number) >= threshold) labels[i] === 1 ? tp++ : fp++;
    }
    const c = cm(tp, fp, 3 - fp, 3 - tp);
    expect(precision(labels, s, threshold)).toBe(thresholdMetric("precision", c));
    expect(recall(labels, s, threshold)).toBe(thresholdMetric("recall", c));
    expect(f1(labels, s, threshold)).toBe(thresholdMetric("f1", c));
    expect(balancedAccuracy(labels, s, threshold)).toBe(thresholdMetric("balanced_accuracy", c));
    expect(mcc(labels, s, threshold)).toBe(thresholdMetric("mcc", c));
  });

  it("validates like accuracy", () => {
    expect(() => precision(f64([1, 2]), f64([0.5, 0.5]), 0.5)).toThrow(InvalidInputError);
    expect(() => mcc(f64([1]), f64([0.5]), Number.NaN)).toThrow(/threshold must be a finite number/);
  });
});
