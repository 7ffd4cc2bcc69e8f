import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { checkCalibration } from "./calibration-check.ts";
import { fitLabelFreeEstimator, type LabelFreeEstimator } from "./fit-label-free-estimator.ts";
import { simulateRows } from "./testing/simulate-scores.ts";

/** n⁺ positives scored 0.9 … and n⁻ negatives scored 0.1 …, with `swapped` misordered pairs. */
function nearlySeparable(positives: number, negatives: number, swapped: number) {
  const labels = new Float64Array(positives + negatives);
  const scores = new Float64Array(positives + negatives);
  for (let i = 0; i < positives; i++) {
    labels[i] = 1;
    scores[i] = 0.6 + (0.3 * i) / positives;
  }
  for (let j = 0; j < negatives; j++) scores[positives + j] = 0.1 + (0.3 * j) / negatives;
  // Move one negative just above the `swapped` lowest positives.
  if (swapped > 0) scores[positives] = (scores[swapped - 1] as number) + 1e-9;
  return { labels, scores };
}

describe("checkCalibration (NannyML needs_calibration)", () => {
  it.each([
    {
      name: "one class",
      rows: { labels: new Float64Array(50).fill(1), scores: new Float64Array(50).fill(0.4) },
      reason: "one_class",
    },
    { name: "separable: AUC = 1 > 0.999", rows: nearlySeparable(500, 2, 0), reason: "separable" },
    // One of 1,000 pairs misordered: AUC = 0.999 exactly, not above: the folds run.
    { name: "AUC exactly 0.999 is not skipped", rows: nearlySeparable(500, 2, 1), reason: /^ece_/ },
    {
      name: "too few rows for the folds",
      rows: {
        labels: Float64Array.of(0, 1, 0, 1, 0, 1, 0, 1, 0, 1),
        scores: Float64Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1),
      },
      reason: "too_few_rows",
    },
    {
      name: "overconfident scores need calibration",
      rows: simulateRows({ n: 3000, seed: 5, distort: (p) => p ** 0.25 }),
      reason: "ece_improved",
    },
  ])("$name → $reason", ({ rows, reason }) => {
    const check = checkCalibration({ ...rows, seed: 1 });
    expect(check.reason).toMatch(reason);
    expect(check.needsCalibration).toBe(check.reason === "ece_improved");
    if (check.reason === "ece_improved") expect(check.eceAfter).toBeLessThan(check.eceBefore);
  });

  it("is reproducible for a seed", () => {
    const rows = simulateRows({ n: 800, seed: 6 });
    expect(checkCalibration({ ...rows, seed: 3 })).toEqual(checkCalibration({ ...rows, seed: 3 }));
  });
});

describe("fitLabelFreeEstimator: the trust verdict", () => {
  const calibrated = simulateRows({ n: 6000, seed: 21 });
  const overconfident = simulateRows({ n: 6000, seed: 22, distort: (p) => p ** 0.3 });

  it.each([
    { name: "calibrated scores, 6,000 rows", rows: calibrated, trustworthy: true, code: undefined },
    {
      name: "overconfident scores, calibrated by isotonic regression",
      rows: overconfident,
      trustworthy: true,
      code: undefined,
    },
    {
      name: "no signal, 300 rows: ECE noise above 0.05",
      rows: simulateRows({ n: 300, seed: 23, slope: 0.01 }),
      trustworthy: false,
      code: "poor_calibration",
    },
    {
      name: "one class",
      rows: { labels: new Float64Array(40), scores: new Float64Array(40).fill(0.2) },
      trustworthy: false,
      code: "one_class",
    },
    {
      name: "ten rows (one test row per fold for two classes)",
      rows: {
        labels: Float64Array.of(0, 1, 0, 1, 0, 1, 0, 1, 0, 1),
        scores: Float64Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1),
      },
      trustworthy: false,
      code: "too_few_rows",
    },
    {
      name: "separable logits are not probabilities",
      rows: { labels: Float64Array.of(0, 0, 0, 1, 1, 1), scores: Float64Array.of(-3, -2, -1, 1, 2, 3) },
      trustworthy: false,
      code: "scores_not_probabilities",
    },
    {
      name: "separable but uncalibrated probabilities",
      rows: nearlySeparable(300, 300, 0),
      trustworthy: false,
      code: "poor_calibration",
    },
  ])("$name → trustworthy $trustworthy $code", ({ rows, trustworthy, code }) => {
    const estimator = fitLabelFreeEstimator({ referenceLabels: rows.labels, referenceScores: rows.scores, seed: 9 });
    expect(estimator.trust.trustworthy).toBe(trustworthy);
    if (!estimator.trust.trustworthy) {
      expect(estimator.trust.code).toBe(code);
      expect(estimator.trust.reason.length).toBeGreaterThan(20);
    }
  });

  it("a poor-calibration refusal names the reference ECE after calibration", () => {
    const rows = simulateRows({ n: 300, seed: 23, slope: 0.01 });
    const estimator = fitLabelFreeEstimator({ referenceLabels: rows.labels, referenceScores: rows.scores, seed: 9 });
    if (estimator.trust.trustworthy) throw new Error("expected a refusal");
    expect(estimator.trust.referenceEce).toBeGreaterThan(0.05);
    expect(estimator.trust.reason).toContain(estimator.trust.referenceEce?.toPrecision(4));
    expect(estimator.eceAfterCalibration).toBe(estimator.calibrationCheck.eceAfter);
  });

  it("refuses strictly above the threshold, trusts at it", () => {
    const fit = (maxReferenceEce?: number) =>
      fitLabelFreeEstimator({
        referenceLabels: overconfident.labels,
        referenceScores: overconfident.scores,
        seed: 9,
        maxReferenceEce,
      });
    const { trust } = fit();
    if (!trust.trustworthy) throw new Error("expected trust");
    expect(trust.maxReferenceEce).toBe(0.05);
    expect(fit(trust.referenceEce).trust.trustworthy).toBe(true);
    const below = fit(trust.referenceEce - 1e-12).trust;
    expect(below.trustworthy).toBe(false);
    if (!below.trustworthy) expect(below.code).toBe("poor_calibration");
  });

  it("uses the calibrator when the check asks for it, and the raw scores otherwise", () => {
    const e = fitLabelFreeEstimator({
      referenceLabels: overconfident.labels,
      referenceScores: overconfident.scores,
      seed: 9,
    });
    expect(e.calibrationCheck.needsCalibration).toBe(true);
    expect(e.calibrator).not.toBeNull();
    expect(e.referenceEceSource).toBe("calibrated_folds");
    const separable = nearlySeparable(300, 300, 0);
    const s = fitLabelFreeEstimator({ referenceLabels: separable.labels, referenceScores: separable.scores, seed: 9 });
    expect(s.calibrator).toBeNull();
    expect(s.referenceEceSource).toBe("raw_reference");
  });

  it("is plain data: a JSON round trip gives the same estimator", () => {
    const e = fitLabelFreeEstimator({
      referenceLabels: calibrated.labels,
      referenceScores: calibrated.scores,
      seed: 9,
    });
    expect(JSON.parse(JSON.stringify(e)) as LabelFreeEstimator).toEqual(e);
  });

  it.each([
    { name: "maxReferenceEce below 0", patch: { maxReferenceEce: -0.01 } },
    { name: "maxReferenceEce above 1", patch: { maxReferenceEce: 1.5 } },
    { name: "maxReferenceEce NaN", patch: { maxReferenceEce: Number.NaN } },
    {
      name: "labels not 0/1",
      patch: { referenceLabels: Float64Array.of(0, 2), referenceScores: Float64Array.of(0.1, 0.2) },
    },
    {
      name: "NaN score",
      patch: { referenceLabels: Float64Array.of(0, 1), referenceScores: Float64Array.of(0.1, Number.NaN) },
    },
    { name: "no rows", patch: { referenceLabels: new Float64Array(0), referenceScores: new Float64Array(0) } },
    { name: "fractional seed", patch: { seed: 1.5 } },
    { name: "0 calibration splits", patch: { calibrationSplits: 0 } },
    { name: "test fraction 1.5", patch: { calibrationTestFraction: 1.5 } },
    { name: "1 ECE bin", patch: { eceBins: 1 } },
  ])("refuses $name", ({ patch }) => {
    expect(() =>
      fitLabelFreeEstimator({
        referenceLabels: calibrated.labels,
        referenceScores: calibrated.scores,
        seed: 9,
        ...patch,
      }),
    ).toThrow(InvalidInputError);
  });
});
