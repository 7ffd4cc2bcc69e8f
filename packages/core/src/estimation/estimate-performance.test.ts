import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { accuracy } from "../metrics/accuracy.ts";
import { rocAuc } from "../metrics/roc-auc.ts";
import { f1, precision, recall } from "../metrics/threshold-metrics.ts";
import { estimatePerformance, type LabelFreeEstimate } from "./estimate-performance.ts";
import { fitLabelFreeEstimator, type LabelFreeEstimator } from "./fit-label-free-estimator.ts";
import { simulateRows } from "./testing/simulate-scores.ts";

const distort = (p: number) => p ** 0.3; // overconfident: needs the calibrator
const reference = simulateRows({ n: 8000, seed: 31, distort });
const estimator = fitLabelFreeEstimator({
  referenceLabels: reference.labels,
  referenceScores: reference.scores,
  seed: 1,
});

function estimated(result: LabelFreeEstimate): Extract<LabelFreeEstimate, { status: "estimated" }> {
  if (result.status !== "estimated") throw new Error(`refused: ${result.reason}`);
  return result;
}

describe("estimatePerformance (CBPE, binary)", () => {
  it("estimates the realized metrics of covariate-shifted rows without their labels", () => {
    expect(estimator.trust.trustworthy).toBe(true);
    const monitored = simulateRows({ n: 20000, seed: 32, shift: 0.7, distort });
    const threshold = 0.8;
    const result = estimated(estimatePerformance(estimator, monitored.scores, { threshold, seed: 2, resamples: 200 }));
    const realized = {
      accuracy: accuracy(monitored.labels, monitored.scores, threshold),
      precision: precision(monitored.labels, monitored.scores, threshold),
      recall: recall(monitored.labels, monitored.scores, threshold),
      f1: f1(monitored.labels, monitored.scores, threshold),
      roc_auc: rocAuc(monitored.labels, monitored.scores),
    };
    for (const [name, value] of Object.entries(realized)) {
      const m = result.metrics[name as keyof typeof realized];
      if (m === null) throw new Error(`${name} missing`);
      expect(Math.abs(m.estimate - value), `${name}: estimate ${m.estimate} vs realized ${value}`).toBeLessThan(0.02);
      expect(m.lower).toBeLessThan(m.estimate);
      expect(m.upper).toBeGreaterThan(m.estimate);
      expect(m.upper - m.lower).toBeLessThan(0.05);
      expect(m).toMatchObject({ level: 0.95, resamples: 200, dropped: 0 });
    }
    expect(result.calibrated).toBe(true);
    expect(result.outsideReferenceRange).toBeLessThan(100);
  });

  it("same seed, same intervals; another seed, other intervals", () => {
    const monitored = simulateRows({ n: 500, seed: 33, distort });
    const run = (seed: number) => estimatePerformance(estimator, monitored.scores, { seed, resamples: 100 });
    expect(run(4)).toEqual(run(4));
    expect(estimated(run(5)).metrics.f1?.lower).not.toBe(estimated(run(4)).metrics.f1?.lower);
    expect(estimated(run(5)).metrics.f1?.estimate).toBe(estimated(run(4)).metrics.f1?.estimate);
  });

  it("the interval is that of the realized metric: label noise even when every row has the same probability", () => {
    // Every calibrated probability is 0.7 and every row is predicted positive, so expected
    // accuracy is 0.7 on any resample of rows (a rows-only interval is [0.7, 0.7]), while
    // the realized accuracy is Binomial(50, 0.7)/50: 2.5% and 97.5% quantiles 0.58 and 0.82.
    const constant = { ...estimator, calibrator: { xThresholds: [0, 1], yThresholds: [0.7, 0.7] } };
    const monitored = Float64Array.from({ length: 50 }, (_, i) => 0.6 + i / 200);
    const result = estimated(estimatePerformance(constant, monitored, { seed: 3, resamples: 2000 }));
    const acc = result.metrics.accuracy;
    expect(acc?.estimate).toBeCloseTo(0.7, 12);
    expect(acc?.lower).toBeGreaterThanOrEqual(0.56);
    expect(acc?.lower).toBeLessThanOrEqual(0.6);
    expect(acc?.upper).toBeGreaterThanOrEqual(0.8);
    expect(acc?.upper).toBeLessThanOrEqual(0.84);
    expect(result.metrics.precision).toMatchObject({ lower: acc?.lower, upper: acc?.upper });
    expect(result.metrics.recall).toMatchObject({ estimate: 1, lower: 1, upper: 1 });
  });

  it("draws the labels again when they are one class for roc_auc only, and reports it", () => {
    const rare = { ...estimator, calibrator: { xThresholds: [0, 1], yThresholds: [0.1, 0.1] } };
    const result = estimated(
      estimatePerformance(rare, Float64Array.of(0.1, 0.3, 0.5, 0.7, 0.9), { seed: 2, resamples: 200 }),
    );
    // P(five labels of one class) = 0.9^5 + 0.1^5 ≈ 0.59, so about 1.4 redraws per replicate.
    expect(result.metrics.roc_auc?.redraws).toBeGreaterThan(150);
    expect(result.metrics.roc_auc?.dropped).toBe(0);
    expect(result.metrics.roc_auc?.estimate).toBeCloseTo(0.5, 12);
    for (const name of ["accuracy", "precision", "recall", "f1"] as const) {
      expect(result.metrics[name]).toMatchObject({ redraws: 0, dropped: 0 });
    }
  });

  it.each([
    { name: "a score equal to the threshold is predicted positive", scores: [0.5], threshold: 0.5, positives: true },
    { name: "just below it is not", scores: [0.4999999], threshold: 0.5, positives: false },
  ])("$name", ({ scores, threshold, positives }) => {
    const result = estimated(
      estimatePerformance(estimator, Float64Array.from(scores), { threshold, seed: 1, resamples: 10 }),
    );
    const { truePositives, falsePositives, falseNegatives, trueNegatives } = result.expectedConfusion;
    expect(truePositives + falsePositives > 0).toBe(positives);
    expect(falseNegatives + trueNegatives > 0).toBe(!positives);
    expect(result.n).toBe(1);
  });

  it("reports roc_auc as undefined (null, with the reason) when every calibrated probability is 0", () => {
    // A stored estimator is plain data; this calibrator maps every score ≤ 0.2 to 0.
    const zeroBelow = { ...estimator, calibrator: { xThresholds: [0.2, 0.8], yThresholds: [0, 1] } };
    const monitored = Float64Array.of(0.05, 0.1, 0.2, 0.15);
    const result = estimated(estimatePerformance(zeroBelow, monitored, { seed: 1, resamples: 20 }));
    expect(result.metrics.roc_auc).toBeNull();
    expect(result.problems.roc_auc).toMatch(/undefined/);
    expect(result.metrics.recall).toMatchObject({ estimate: 0, lower: 0, upper: 0 });
    expect(result.metrics.accuracy).toMatchObject({ estimate: 1 });
    expect(Object.keys(result.problems)).toEqual(["roc_auc"]);
  });

  it("counts monitored scores outside the reference's score range", () => {
    const { scoreMin, scoreMax } = estimator.reference;
    const monitored = Float64Array.of(scoreMin - 0.01, scoreMin, (scoreMin + scoreMax) / 2, scoreMax, scoreMax + 0.01);
    expect(estimated(estimatePerformance(estimator, monitored, { seed: 1, resamples: 10 })).outsideReferenceRange).toBe(
      2,
    );
  });

  it("with no predicted positives, precision and F1 are 0 (not NaN)", () => {
    const monitored = simulateRows({ n: 300, seed: 34, distort });
    const result = estimated(
      estimatePerformance(estimator, monitored.scores, { threshold: 2, seed: 1, resamples: 20 }),
    );
    expect(result.metrics.precision).toMatchObject({ estimate: 0, lower: 0, upper: 0 });
    expect(result.metrics.f1).toMatchObject({ estimate: 0, lower: 0, upper: 0 });
  });

  it("refuses, with the reason and the reference ECE, when the estimator is not trusted", () => {
    const noise = simulateRows({ n: 300, seed: 23, slope: 0.01 });
    const untrusted = fitLabelFreeEstimator({ referenceLabels: noise.labels, referenceScores: noise.scores, seed: 9 });
    const result = estimatePerformance(untrusted, noise.scores, { seed: 1 });
    expect(result).toMatchObject({ status: "refused", code: "poor_calibration", maxReferenceEce: 0.05 });
    if (result.status !== "refused") throw new Error("expected a refusal");
    expect(result.reason).toMatch(/too poor/);
    expect(result.referenceEce).toBeGreaterThan(0.05);
    expect(result.eceAfterCalibration).toBeGreaterThan(0);
  });

  it("works from a stored (JSON) estimator", () => {
    const stored = JSON.parse(JSON.stringify(estimator)) as LabelFreeEstimator;
    const monitored = simulateRows({ n: 400, seed: 35, distort });
    expect(estimatePerformance(stored, monitored.scores, { seed: 7, resamples: 50 })).toEqual(
      estimatePerformance(estimator, monitored.scores, { seed: 7, resamples: 50 }),
    );
  });

  it.each([
    { name: "no monitored rows", scores: [], options: {} },
    { name: "a NaN score", scores: [0.2, Number.NaN], options: {} },
    { name: "an infinite score", scores: [Number.POSITIVE_INFINITY], options: {} },
    { name: "a NaN threshold", scores: [0.2], options: { threshold: Number.NaN } },
    { name: "level 1", scores: [0.2], options: { level: 1 } },
    { name: "0 resamples", scores: [0.2], options: { resamples: 0 } },
  ])("refuses $name", ({ scores, options }) => {
    expect(() => estimatePerformance(estimator, Float64Array.from(scores), { seed: 1, ...options })).toThrow(
      InvalidInputError,
    );
  });

  it("refuses monitored scores outside [0, 1] when the raw scores are the probabilities", () => {
    const separableLabels = Float64Array.from({ length: 400 }, (_, i) => (i < 200 ? 0 : 1));
    const separableScores = Float64Array.from({ length: 400 }, (_, i) => (i < 200 ? 0 : 1));
    const raw = fitLabelFreeEstimator({ referenceLabels: separableLabels, referenceScores: separableScores, seed: 1 });
    expect(raw.calibrator).toBeNull();
    expect(raw.trust.trustworthy).toBe(true);
    expect(() => estimatePerformance(raw, Float64Array.of(0.5, 1.2), { seed: 1 })).toThrow(InvalidInputError);
    const ok = estimated(estimatePerformance(raw, Float64Array.of(0, 1, 1), { seed: 1, resamples: 20 }));
    expect(ok.metrics.accuracy?.estimate).toBe(1);
    expect(ok.metrics.roc_auc?.estimate).toBe(1);
  });
});
