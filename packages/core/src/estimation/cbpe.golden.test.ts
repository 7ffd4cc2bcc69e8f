import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { createRng } from "../random/create-rng.ts";
import { checkCalibration } from "./calibration-check.ts";
import {
  estimatedRocAuc,
  expectedConfusion,
  type LabelFreeThresholdMetricName,
  prepareCbpeRows,
  roundTo5,
  thresholdMetricsOf,
} from "./cbpe-metrics.ts";
import { equalCountBinEdges, equalCountEce } from "./equal-count-ece.ts";
import { estimatePerformance } from "./estimate-performance.ts";
import { fitLabelFreeEstimator } from "./fit-label-free-estimator.ts";
import { fitIsotonicRegression, predictIsotonicRegression } from "./isotonic-regression.ts";
import { approximateMode, stratifiedShuffleSplits } from "./stratified-shuffle-split.ts";

// Produced by test/golden/generate_cbpe.py with Debian 12's scikit-learn 1.2.1 and numpy
// 1.24 (see the script for the reference of each section).
// Regenerate with: /usr/bin/python3 packages/core/test/golden/generate_cbpe.py
interface IsotonicCase {
  name: string;
  x: number[];
  y: number[];
  xThresholds: number[];
  yThresholds: number[];
  predictX: number[];
  predictions: number[];
}
interface CbpeExpected {
  expectedConfusion: { truePositives: number; falsePositives: number; falseNegatives: number; trueNegatives: number };
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  roc_auc: number | null;
  nannyml_ungrouped: number | null;
}
interface CbpeCase extends CbpeExpected {
  name: string;
  scores: number[];
  calibrated: number[];
  threshold: number;
}
interface CalibrationCheckCase {
  name: string;
  labels: number[];
  scores: number[];
  seed: number;
  reason: string;
  needsCalibration: boolean;
  rocAuc?: number;
  eceBefore?: number;
  eceAfter?: number;
  folds?: { trainPerClass: number[]; testPerClass: number[]; test: number[] }[];
}
const golden = JSON.parse(readFileSync(new URL("../../test/golden/cbpe.json", import.meta.url), "utf8")) as {
  versions: { sklearn: string; numpy: string };
  isotonic: IsotonicCase[];
  foldSizes: { classCounts: number[]; trainPerClass: number[]; testPerClass: number[] }[];
  equalCountEce: {
    edges: { length: number; bins: number; edges: [number, number][] }[];
    cases: { name: string; labels: number[]; probabilities: number[]; bins: number; ece: number }[];
  };
  calibrationCheck: CalibrationCheckCase[];
  cbpe: CbpeCase[];
  round5: { x: number; rounded: number }[];
  endToEnd: CbpeExpected & {
    referenceLabels: number[];
    referenceScores: number[];
    monitoredScores: number[];
    monitoredCalibrated: number[];
    threshold: number;
  };
};

const RELATIVE_TOLERANCE = 1e-9;
const THRESHOLD_NAMES: LabelFreeThresholdMetricName[] = ["accuracy", "precision", "recall", "f1"];

function expectClose(actual: number, expected: number, what: string): void {
  const error = actual === expected ? 0 : Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  expect(error, `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
}

describe(`isotonic regression equals sklearn ${golden.versions.sklearn} IsotonicRegression(out_of_bounds="clip")`, () => {
  it("has the cases", () => expect(golden.isotonic.length).toBeGreaterThanOrEqual(10));

  it.each(golden.isotonic)("$name", (c) => {
    const model = fitIsotonicRegression(Float64Array.from(c.x), Float64Array.from(c.y));
    expect(model.xThresholds).toEqual(c.xThresholds);
    expect(model.yThresholds.length).toBe(c.yThresholds.length);
    model.yThresholds.forEach((v, k) => {
      expectClose(v, c.yThresholds[k] as number, `y_thresholds_[${k}]`);
    });
    const predicted = predictIsotonicRegression(model, Float64Array.from(c.predictX));
    predicted.forEach((v, k) => {
      expectClose(v, c.predictions[k] as number, `predict(${c.predictX[k]})`);
    });
  });
});

describe("stratified folds and the calibration check", () => {
  it.each(golden.foldSizes)("fold sizes for classes $classCounts equal sklearn StratifiedShuffleSplit", (c) => {
    const rng = createRng(0); // no remainder ties in these cases, so no draw decides anything
    const n = (c.classCounts[0] as number) + (c.classCounts[1] as number);
    const nTest = Math.ceil(0.1 * n);
    const train = approximateMode(c.classCounts, n - nTest, rng);
    const remaining = c.classCounts.map((v, k) => v - (train[k] as number));
    expect(train).toEqual(c.trainPerClass);
    expect(approximateMode(remaining, nTest, rng)).toEqual(c.testPerClass);
  });

  it.each(golden.equalCountEce.edges)("NannyML bin edges for $length rows, $bins bins", (c) => {
    expect(equalCountBinEdges(c.length, c.bins)).toEqual(c.edges);
  });

  it.each(golden.equalCountEce.cases)("equal-count ECE: $name", (c) => {
    expectClose(equalCountEce(c.labels, c.probabilities, c.bins), c.ece, "ece");
  });

  it.each(golden.calibrationCheck)("needs_calibration: $name", (c) => {
    const labels = Float64Array.from(c.labels);
    const scores = Float64Array.from(c.scores);
    const check = checkCalibration({ labels, scores, seed: c.seed });
    expect(check.reason).toBe(c.reason);
    expect(check.needsCalibration).toBe(c.needsCalibration);
    if (c.rocAuc !== undefined) expectClose(check.rocAuc as number, c.rocAuc, "roc_auc");
    if (c.eceBefore === undefined) return;
    expectClose(check.eceBefore as number, c.eceBefore, "ece before");
    expectClose(check.eceAfter as number, c.eceAfter as number, "ece after");
    const folds = stratifiedShuffleSplits({ labels, splits: 10, testFraction: 0.1, seed: c.seed });
    for (const [k, expected] of (c.folds ?? []).entries()) {
      expect(Array.from(folds[k]?.test ?? [])).toEqual(expected.test);
    }
  });
});

describe("CBPE estimates equal the §9 formulas in numpy (ties grouped)", () => {
  it.each(golden.round5)("np.round($x, 5) = $rounded", ({ x, rounded }) => {
    expect(roundTo5(x)).toBe(rounded);
  });

  it.each(golden.cbpe)("$name", (c) => {
    const scores = Float64Array.from(c.scores);
    const rows = prepareCbpeRows(scores, Float64Array.from(c.calibrated), c.threshold);
    const all = Uint32Array.from(scores.keys());
    const confusion = expectedConfusion(rows, all);
    for (const key of Object.keys(c.expectedConfusion) as (keyof typeof confusion)[]) {
      expectClose(confusion[key], c.expectedConfusion[key], key);
    }
    const metrics = thresholdMetricsOf(confusion);
    for (const name of THRESHOLD_NAMES) expectClose(metrics[name], c[name], name);
    const counts = new Int32Array(scores.length);
    if (c.roc_auc === null) {
      expect(() => estimatedRocAuc(rows, all, counts)).toThrow(MetricUndefinedError);
    } else {
      expectClose(estimatedRocAuc(rows, all, counts), c.roc_auc, "roc_auc");
    }
  });

  it("differs from NannyML's ungrouped value only where scores tie", () => {
    for (const c of golden.cbpe) {
      const ties = new Set(c.scores).size < c.scores.length;
      if (c.roc_auc === null) continue;
      if (ties) expect(c.roc_auc, c.name).not.toBe(c.nannyml_ungrouped);
      else expect(c.roc_auc, c.name).toBe(c.nannyml_ungrouped);
    }
  });
});

describe("label-free estimate end to end (sklearn-calibrated monitored rows)", () => {
  const e = golden.endToEnd;
  const referenceLabels = Float64Array.from(e.referenceLabels);
  const referenceScores = Float64Array.from(e.referenceScores);
  const monitoredScores = Float64Array.from(e.monitoredScores);

  it("the calibrator maps monitored scores as sklearn does", () => {
    const model = fitIsotonicRegression(referenceScores, referenceLabels);
    const calibrated = predictIsotonicRegression(model, monitoredScores);
    calibrated.forEach((v, k) => {
      expectClose(v, e.monitoredCalibrated[k] as number, `row ${k}`);
    });
  });

  it("estimatePerformance returns the reference estimates with intervals around them", () => {
    const estimator = fitLabelFreeEstimator({ referenceLabels, referenceScores, seed: 11 });
    expect(estimator.calibrationCheck.needsCalibration).toBe(true);
    expect(estimator.trust.trustworthy).toBe(true);
    const result = estimatePerformance(estimator, monitoredScores, { threshold: e.threshold, seed: 5, resamples: 200 });
    if (result.status !== "estimated") throw new Error(`refused: ${result.reason}`);
    for (const name of [...THRESHOLD_NAMES, "roc_auc"] as const) {
      const m = result.metrics[name];
      if (m === null) throw new Error(`${name} missing`);
      expectClose(m.estimate, e[name] as number, name);
      expect(m.lower).toBeLessThanOrEqual(m.estimate);
      expect(m.upper).toBeGreaterThanOrEqual(m.estimate);
      expect(m.upper - m.lower).toBeGreaterThan(0);
    }
  });
});
