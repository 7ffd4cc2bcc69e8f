import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { describeNonProbabilities, validateBinaryInputs } from "../metrics/validate-binary-inputs.ts";
import { type CalibrationCheck, checkCalibration } from "./calibration-check.ts";
import { EQUAL_COUNT_ECE_BINS, equalCountBinEdges, equalCountEce } from "./equal-count-ece.ts";
import { fitIsotonicRegression, type IsotonicRegressionModel } from "./isotonic-regression.ts";

/**
 * Default trust threshold: the estimate is refused when the reference ECE (10 equal-count
 * bins) of the probabilities CBPE would use exceeds 0.05 — DESIGN.md's example calibration
 * gate ("ECE ≤ 0.05"). This ECE includes sampling noise, roughly 0.8·√(10·p(1−p)/n) for a
 * perfectly calibrated model (≈ 0.035 at n = 1,000 with p ≈ ½, ≈ 0.011 at n = 10,000), so
 * small references are refused more often: with few labelled rows the calibration cannot
 * be shown to be good, and that is the point.
 */
export const DEFAULT_MAX_REFERENCE_ECE = 0.05;

export interface FitLabelFreeEstimatorOptions {
  /** Reference labels (0/1). */
  referenceLabels: Float64Array;
  /** The model's scores on the same reference rows. */
  referenceScores: Float64Array;
  /** Seeds the calibration check's folds. */
  seed: number | bigint;
  /** Refuse estimates when the reference ECE exceeds this (default 0.05). */
  maxReferenceEce?: number;
  /** Calibration check settings (NannyML's: 10 splits, 10% test, 10 bins). */
  calibrationSplits?: number;
  calibrationTestFraction?: number;
  eceBins?: number;
}

/** Why a label-free estimate cannot be trusted. */
export type LabelFreeRefusalCode = "one_class" | "too_few_rows" | "scores_not_probabilities" | "poor_calibration";

/** The trust verdict, fixed when the estimator is fitted. */
export type LabelFreeTrust =
  | {
      trustworthy: true;
      /** Reference ECE of the probabilities CBPE uses (see `referenceEceSource`). */
      referenceEce: number;
      maxReferenceEce: number;
    }
  | {
      trustworthy: false;
      code: LabelFreeRefusalCode;
      /** One line for a person: what is wrong and what would fix it. */
      reason: string;
      referenceEce: number | null;
      maxReferenceEce: number;
    };

/** A fitted CBPE estimator: plain JSON-safe data, so it can be stored with the reference. */
export interface LabelFreeEstimator {
  method: "cbpe";
  task: "binary";
  reference: { n: number; positives: number; scoreMin: number; scoreMax: number };
  calibrationCheck: CalibrationCheck;
  /** Isotonic calibrator fitted on all reference rows; null when CBPE uses the scores as they are. */
  calibrator: IsotonicRegressionModel | null;
  /**
   * Which ECE the verdict judged: `calibrated_folds` (ECE after calibration on the pooled
   * test folds), `raw_folds` (ECE of the raw scores there: calibration did not help, so
   * the raw scores are used), `raw_reference` (the raw scores on all reference rows:
   * ROC AUC > 0.999 skips the folds), or `none`.
   */
  referenceEceSource: "calibrated_folds" | "raw_folds" | "raw_reference" | "none";
  /** ECE after calibration on the pooled test folds, when the folds ran. */
  eceAfterCalibration: number | null;
  trust: LabelFreeTrust;
}

/**
 * Fits confidence-based performance estimation (CBPE, NannyML; STATISTICS.md §9) for a
 * binary classifier on labelled reference rows:
 * 1. the calibration check (`checkCalibration`) decides whether to calibrate;
 * 2. if so, an isotonic calibrator is fitted on all reference rows;
 * 3. the trust verdict: refused when the reference has one class, is too small for the
 *    check, uses raw scores that are not probabilities, or when the reference ECE of the
 *    probabilities CBPE will use exceeds `maxReferenceEce` (strictly greater refuses).
 * Estimates stay unbiased only while P(y | score) is the same on reference and monitored
 * rows (covariate shift, no concept shift); the verdict checks calibration on the
 * reference, which is all that can be checked without monitored labels.
 */
export function fitLabelFreeEstimator(options: FitLabelFreeEstimatorOptions): LabelFreeEstimator {
  const {
    referenceLabels: labels,
    referenceScores: scores,
    seed,
    maxReferenceEce = DEFAULT_MAX_REFERENCE_ECE,
    eceBins = EQUAL_COUNT_ECE_BINS,
  } = options;
  validateBinaryInputs(labels, scores);
  if (labels.length === 0) throw new InvalidInputError("the reference has no rows");
  if (typeof maxReferenceEce !== "number" || !(maxReferenceEce >= 0 && maxReferenceEce <= 1)) {
    throw new InvalidInputError(`maxReferenceEce must be a number in [0, 1], got ${String(maxReferenceEce)}`);
  }
  const check = checkCalibration({
    labels,
    scores,
    seed,
    splits: options.calibrationSplits,
    testFraction: options.calibrationTestFraction,
    bins: eceBins,
  });
  let positives = 0;
  let scoreMin = Number.POSITIVE_INFINITY;
  let scoreMax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < labels.length; i++) {
    positives += labels[i] as number;
    scoreMin = Math.min(scoreMin, scores[i] as number);
    scoreMax = Math.max(scoreMax, scores[i] as number);
  }
  const base = {
    method: "cbpe" as const,
    task: "binary" as const,
    reference: { n: labels.length, positives, scoreMin, scoreMax },
    calibrationCheck: check,
    eceAfterCalibration: check.eceAfter,
  };
  const refuse = (
    code: LabelFreeRefusalCode,
    reason: string,
    referenceEce: number | null,
    calibrator: IsotonicRegressionModel | null,
    referenceEceSource: LabelFreeEstimator["referenceEceSource"],
  ): LabelFreeEstimator => ({
    ...base,
    calibrator,
    referenceEceSource,
    trust: { trustworthy: false, code, reason, referenceEce, maxReferenceEce },
  });

  if (check.reason === "one_class") {
    const only = positives === 0 ? 0 : 1;
    return refuse(
      "one_class",
      `every reference label is ${only}: calibration cannot be checked, so a label-free estimate cannot be trusted; use reference rows with both classes`,
      null,
      null,
      "none",
    );
  }
  if (check.reason === "too_few_rows") {
    return refuse(
      "too_few_rows",
      `the reference is too small for the calibration check (${check.message})`,
      null,
      null,
      "none",
    );
  }

  let calibrator: IsotonicRegressionModel | null = null;
  let referenceEce: number;
  let source: LabelFreeEstimator["referenceEceSource"];
  if (check.needsCalibration) {
    calibrator = fitIsotonicRegression(scores, labels);
    referenceEce = check.eceAfter;
    source = "calibrated_folds";
  } else {
    const notProbabilities = describeNonProbabilities(scores);
    if (notProbabilities !== null) {
      return refuse(
        "scores_not_probabilities",
        `calibration was not applied (${check.reason === "separable" ? "reference ROC AUC > 0.999" : "it did not lower the ECE"}), so the raw scores would be used as probabilities, but ${notProbabilities}`,
        null,
        null,
        "none",
      );
    }
    if (check.reason === "separable") {
      if (!hasEnoughRowsForBins(labels.length, eceBins)) {
        return refuse(
          "too_few_rows",
          `${labels.length} reference rows are too few for the ECE bins`,
          null,
          null,
          "none",
        );
      }
      referenceEce = equalCountEce(labels, scores, eceBins);
      source = "raw_reference";
    } else {
      referenceEce = check.eceBefore as number;
      source = "raw_folds";
    }
  }
  if (referenceEce > maxReferenceEce) {
    const what = calibrator === null ? "the raw scores" : "the scores after isotonic calibration";
    return refuse(
      "poor_calibration",
      `calibration on the reference is too poor to trust a label-free estimate: ECE of ${what} is ${formatEce(referenceEce)} > ${maxReferenceEce} (10 equal-count bins${calibrator === null ? "" : ", out of fold"}); more reference rows or a better-calibrated model would help`,
      referenceEce,
      calibrator,
      source,
    );
  }
  return {
    ...base,
    calibrator,
    referenceEceSource: source,
    trust: { trustworthy: true, referenceEce, maxReferenceEce },
  };
}

function hasEnoughRowsForBins(n: number, bins: number): boolean {
  try {
    equalCountBinEdges(n, bins);
    return true;
  } catch {
    return false;
  }
}

function formatEce(value: number): string {
  return value.toPrecision(4);
}
