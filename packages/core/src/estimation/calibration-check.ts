import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { rocAuc } from "../metrics/roc-auc.ts";
import { validateBinaryInputs } from "../metrics/validate-binary-inputs.ts";
import { EQUAL_COUNT_ECE_BINS, equalCountEce } from "./equal-count-ece.ts";
import {
  fitSortedIsotonicRegression,
  type IsotonicRegressionModel,
  interpolate,
  sortedOrder,
} from "./isotonic-regression.ts";
import { describeStratifiedSplitProblem, stratifiedShuffleSplits } from "./stratified-shuffle-split.ts";

export const DEFAULT_CALIBRATION_SPLITS = 10;
export const DEFAULT_CALIBRATION_TEST_FRACTION = 0.1;
/** NannyML skips calibration when the reference ROC AUC is above this. */
export const SEPARABLE_ROC_AUC = 0.999;

export interface CalibrationCheckOptions {
  labels: Float64Array;
  scores: Float64Array;
  /** Seeds the stratified folds (Fieldtest's PRNG). */
  seed: number | bigint;
  /** Number of stratified shuffle splits (NannyML: 10). */
  splits?: number;
  /** Test share of each split (NannyML: 0.1). */
  testFraction?: number;
  /** Equal-count ECE bins (NannyML: 10). */
  bins?: number;
}

/** Outcome of NannyML's `needs_calibration` on the reference rows, with its evidence. */
export type CalibrationCheck =
  | {
      needsCalibration: false;
      /** One class in the labels, or ROC AUC > 0.999: NannyML returns false without the folds. */
      reason: "one_class" | "separable";
      rocAuc: number | null;
      eceBefore: null;
      eceAfter: null;
    }
  | {
      /** Calibrate exactly when ECE before > ECE after on the pooled test folds. */
      needsCalibration: boolean;
      reason: "ece_improved" | "ece_not_improved";
      rocAuc: number;
      /** Equal-count ECE of the raw scores on the pooled test folds. */
      eceBefore: number;
      /** Equal-count ECE of the fold-wise calibrated scores on the same rows. */
      eceAfter: number;
    }
  | {
      needsCalibration: false;
      /** The folds cannot be drawn (sklearn would raise): too few rows in a class or overall. */
      reason: "too_few_rows";
      rocAuc: number;
      eceBefore: null;
      eceAfter: null;
      message: string;
    };

/**
 * NannyML's `needs_calibration` (STATISTICS.md §9) for binary scores:
 * - one class → false; ROC AUC (core's `rocAuc`, as sklearn) > 0.999 → false;
 * - otherwise `splits` stratified shuffle splits with `testFraction` test rows
 *   (`stratifiedShuffleSplits`, seeded with Fieldtest's PRNG — NannyML uses sklearn's
 *   `random_state=42`, so which rows land in which fold differs); an isotonic calibrator
 *   is fitted on each training part and applied to its test part; the test parts are
 *   pooled and the equal-count ECE (`equalCountEce`, 10 bins) of the raw and of the
 *   calibrated scores compared: calibrate exactly when ECE before > ECE after.
 * The reference is sorted once; each fold's fit walks that order (same result as sorting
 * the fold).
 */
export function checkCalibration(options: CalibrationCheckOptions): CalibrationCheck {
  const {
    labels,
    scores,
    seed,
    splits = DEFAULT_CALIBRATION_SPLITS,
    testFraction = DEFAULT_CALIBRATION_TEST_FRACTION,
    bins = EQUAL_COUNT_ECE_BINS,
  } = options;
  validateBinaryInputs(labels, scores);
  validateSettings(splits, testFraction, bins);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] as number;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    return { needsCalibration: false, reason: "one_class", rocAuc: null, eceBefore: null, eceAfter: null };
  }
  const auc = rocAuc(labels, scores);
  if (auc > SEPARABLE_ROC_AUC) {
    return { needsCalibration: false, reason: "separable", rocAuc: auc, eceBefore: null, eceAfter: null };
  }
  const problem = describeStratifiedSplitProblem([negatives, positives], testFraction);
  if (problem !== null) {
    return {
      needsCalibration: false,
      reason: "too_few_rows",
      rocAuc: auc,
      eceBefore: null,
      eceAfter: null,
      message: problem.message,
    };
  }

  const folds = stratifiedShuffleSplits({ labels, splits, testFraction, seed });
  const order = sortedOrder(scores, labels);
  const pooledRows = folds.reduce((sum, fold) => sum + fold.test.length, 0);
  const pooledLabels = new Float64Array(pooledRows);
  const pooledRaw = new Float64Array(pooledRows);
  const pooledCalibrated = new Float64Array(pooledRows);
  const inTrain = new Uint8Array(labels.length);
  let at = 0;
  for (const fold of folds) {
    inTrain.fill(0);
    for (const row of fold.train) inTrain[row] = 1;
    const model = fitOnSortedSubset(order, inTrain, fold.train.length, scores, labels);
    const knotsX = Float64Array.from(model.xThresholds);
    const knotsY = Float64Array.from(model.yThresholds);
    for (const row of fold.test) {
      const score = scores[row] as number;
      pooledLabels[at] = labels[row] as number;
      pooledRaw[at] = score;
      pooledCalibrated[at] = interpolate(knotsX, knotsY, score);
      at++;
    }
  }
  const eceBefore = equalCountEce(pooledLabels, pooledRaw, bins);
  const eceAfter = equalCountEce(pooledLabels, pooledCalibrated, bins);
  const needsCalibration = eceBefore > eceAfter;
  return {
    needsCalibration,
    reason: needsCalibration ? "ece_improved" : "ece_not_improved",
    rocAuc: auc,
    eceBefore,
    eceAfter,
  };
}

function validateSettings(splits: number, testFraction: number, bins: number): void {
  if (!Number.isInteger(splits) || splits < 1) {
    throw new InvalidInputError(`calibration splits must be a positive integer, got ${String(splits)}`);
  }
  if (typeof testFraction !== "number" || !(testFraction > 0 && testFraction < 1)) {
    throw new InvalidInputError(
      `calibration testFraction must be strictly between 0 and 1, got ${String(testFraction)}`,
    );
  }
  if (!Number.isInteger(bins) || bins < 2) {
    throw new InvalidInputError(`ECE bins must be an integer ≥ 2, got ${String(bins)}`);
  }
}

function fitOnSortedSubset(
  order: Uint32Array,
  include: Uint8Array,
  count: number,
  x: Float64Array,
  y: Float64Array,
): IsotonicRegressionModel {
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  let k = 0;
  for (const row of order) {
    if (include[row] !== 1) continue;
    xs[k] = x[row] as number;
    ys[k] = y[row] as number;
    k++;
  }
  return fitSortedIsotonicRegression(xs, ys);
}
