import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { DEFAULT_THRESHOLD } from "../metrics/binary-evaluation.ts";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { describeNonProbabilities, validateThreshold } from "../metrics/validate-binary-inputs.ts";
import { xoshiroState } from "../uncertainty/resample-draws.ts";
import {
  type BootstrapSettings,
  DEFAULT_LEVEL,
  DEFAULT_RESAMPLES,
  resolveSettings,
  runBootstrap,
  runSuiteBootstrap,
  type SuiteInterval,
} from "../uncertainty/run-bootstrap.ts";
import {
  type CbpeRows,
  type ExpectedConfusionMatrix,
  estimatedRocAuc,
  expectedConfusion,
  type LabelFreeMetricName,
  type LabelFreeThresholdMetricName,
  prepareCbpeRows,
  thresholdMetricsOf,
} from "./cbpe-metrics.ts";
import type { LabelFreeEstimator, LabelFreeRefusalCode } from "./fit-label-free-estimator.ts";
import { predictIsotonicRegression } from "./isotonic-regression.ts";
import { drawLabels, realizedRocAuc, realizedThresholdMetrics } from "./realized-metrics.ts";

export interface EstimatePerformanceOptions extends BootstrapSettings {
  /** The model predicts positive when its (uncalibrated) score ≥ threshold; default 0.5. */
  threshold?: number;
}

/**
 * One estimated metric (CBPE's expectation) with a seeded percentile interval for the value
 * the monitored rows will realize once labelled (labels drawn from the calibrated probabilities).
 */
export interface LabelFreeMetricEstimate {
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  resamples: number;
  /** Label draws made again because the realized metric was undefined on them (roc_auc: one class). */
  redraws: number;
  /** Replicates given up after too many redraws. */
  dropped: number;
}

export type LabelFreeEstimate =
  | {
      status: "estimated";
      n: number;
      threshold: number;
      /** Whether the isotonic calibrator was applied (else the raw scores are the probabilities). */
      calibrated: boolean;
      /** The reference ECE the trust verdict judged. */
      referenceEce: number;
      /**
       * Monitored scores outside the reference's score range: the calibrator clips them to the
       * nearest reference score, so their probabilities are extrapolated.
       */
      outsideReferenceRange: number;
      expectedConfusion: ExpectedConfusionMatrix;
      /** null exactly when `problems` names the metric (roc_auc when one class is implied). */
      metrics: Record<LabelFreeMetricName, LabelFreeMetricEstimate | null>;
      problems: Partial<Record<LabelFreeMetricName, string>>;
    }
  | {
      status: "refused";
      code: LabelFreeRefusalCode;
      reason: string;
      referenceEce: number | null;
      eceAfterCalibration: number | null;
      maxReferenceEce: number;
    };

const THRESHOLD_METRICS: readonly LabelFreeThresholdMetricName[] = ["accuracy", "precision", "recall", "f1"];

/**
 * Estimates accuracy, precision, recall, F1 (at `threshold`) and ROC AUC of the monitored
 * rows from their scores alone (CBPE, STATISTICS.md §9), each with a seeded interval (95%
 * by default) for the value these rows will realize once their labels arrive, or refuses
 * with the estimator's reason when its trust verdict is negative.
 *
 * The estimate is CBPE's expectation. The interval covers the *realized* metric, which
 * varies with the labels: given the calibrated probabilities p_i, each label is a
 * Bernoulli(p_i) draw. Replicate b draws every row's label from its own stream
 * (xoshiro128** seeded with the b-th SplitMix64 output of `seed`, as every bootstrap in
 * core, STATISTICS.md §6; same seed, same interval) and computes the metric of the model's
 * predictions on those labels; the interval is the percentile interval of the B
 * replicates (a parametric bootstrap). With few rows this is what matters: at n = 50,
 * expected accuracy is almost fixed by the probabilities, yet realized accuracy has sd
 * √(Σ q_i(1 − q_i))/n, q_i being the chance that row i is predicted correctly.
 *
 * Rows are not resampled: the metric will be realized on exactly these rows, and the
 * estimate is already the mean of the realized metric given them (exactly for accuracy,
 * to O(1/n) for the ratios), so only the labels are uncertain. Resampling the rows (the
 * interval before) measures the spread of the *expected* metric instead and under-covers
 * the realized one; resampling rows and then drawing labels adds the spread of q_i between
 * rows, which the realized metric on these rows does not have, and over-covers. The
 * simulation in estimate-performance-coverage.test.ts measures all three. Not included:
 * the calibrator's own uncertainty from a finite reference, and concept shift — the trust
 * verdict and the covariate-shift assumption cover those.
 *
 * Labels are drawn in descending score order (the model's predicted positives come first).
 * The four threshold metrics are read off the same label draws (never undefined: no
 * redraws). roc_auc runs with the same seed, so its replicate b draws the same labels,
 * and a replicate whose labels are all one class is drawn again (`redraws`, `dropped`).
 */
export function estimatePerformance(
  estimator: LabelFreeEstimator,
  monitoredScores: Float64Array,
  options: EstimatePerformanceOptions,
): LabelFreeEstimate {
  const { threshold = DEFAULT_THRESHOLD, resamples = DEFAULT_RESAMPLES, level = DEFAULT_LEVEL } = options;
  validateThreshold(threshold);
  validateMonitoredScores(monitoredScores);
  const { trust } = estimator;
  if (!trust.trustworthy) {
    return {
      status: "refused",
      code: trust.code,
      reason: trust.reason,
      referenceEce: trust.referenceEce,
      eceAfterCalibration: estimator.eceAfterCalibration,
      maxReferenceEce: trust.maxReferenceEce,
    };
  }
  const n = monitoredScores.length;
  let probabilities: Float64Array;
  if (estimator.calibrator === null) {
    const problem = describeNonProbabilities(monitoredScores);
    if (problem !== null) {
      throw new InvalidInputError(`monitored scores are used as probabilities (no calibration): ${problem}`);
    }
    probabilities = monitoredScores;
  } else {
    probabilities = predictIsotonicRegression(estimator.calibrator, monitoredScores);
  }
  const rows = prepareCbpeRows(monitoredScores, probabilities, threshold);
  const settings = resolveSettings({ ...options, resamples, level });

  const metrics = {} as Record<LabelFreeMetricName, LabelFreeMetricEstimate | null>;
  const problems: Partial<Record<LabelFreeMetricName, string>> = {};
  const identity = new Uint32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const confusion = expectedConfusion(rows, identity);
  Object.assign(metrics, realizedThresholdIntervals(rows, confusion, settings));
  try {
    metrics.roc_auc = realizedRocAucInterval(rows, identity, settings);
  } catch (error) {
    if (!(error instanceof MetricUndefinedError)) throw error;
    metrics.roc_auc = null;
    problems.roc_auc = error.message;
  }
  const { reference } = estimator;
  let outsideReferenceRange = 0;
  for (let i = 0; i < n; i++) {
    const s = monitoredScores[i] as number;
    if (s < reference.scoreMin || s > reference.scoreMax) outsideReferenceRange++;
  }
  return {
    status: "estimated",
    n,
    threshold,
    calibrated: estimator.calibrator !== null,
    referenceEce: trust.referenceEce,
    outsideReferenceRange,
    expectedConfusion: confusion,
    metrics,
    problems,
  };
}

type ResolvedSettings = ReturnType<typeof resolveSettings>;

/**
 * One run for the four threshold metrics: replicate b draws every row's label and records
 * the realized accuracy, precision, recall and F1 of the same labels.
 */
function realizedThresholdIntervals(
  rows: CbpeRows,
  confusion: ExpectedConfusionMatrix,
  settings: ResolvedSettings,
): Record<LabelFreeThresholdMetricName, LabelFreeMetricEstimate> {
  const estimates = thresholdMetricsOf(confusion);
  // In descending score order the predicted positives (score ≥ threshold) are a prefix.
  let predictedPositives = 0;
  for (let i = 0; i < rows.n; i++) predictedPositives += rows.predicted[i] as number;
  for (let i = 0; i < rows.n; i++) {
    if (rows.predicted[i] !== ((rows.rank[i] as number) < predictedPositives ? 1 : 0)) {
      throw new Error("estimatePerformance: predicted positives are not the top-scored rows");
    }
  }
  const labels = new Uint8Array(rows.n);
  const intervals = runSuiteBootstrap({
    settings,
    estimates: THRESHOLD_METRICS.map((name) => estimates[name]),
    startReplicate: (seed) => {
      const state = xoshiroState(seed);
      return (out) => {
        drawLabels(state, rows.sortedProbabilities, labels);
        const realized = realizedThresholdMetrics(labels, predictedPositives);
        THRESHOLD_METRICS.forEach((name, j) => {
          out[j] = realized[name];
        });
        return true;
      };
    },
    label: "threshold metrics",
  });
  const out = {} as Record<LabelFreeThresholdMetricName, LabelFreeMetricEstimate>;
  THRESHOLD_METRICS.forEach((name, j) => {
    const interval = intervals[j] as SuiteInterval;
    out[name] = toEstimate(interval.estimate, interval.lower, interval.upper, interval);
  });
  return out;
}

/** CBPE's estimated roc_auc with the interval of the realized roc_auc (one-class labels are drawn again). */
function realizedRocAucInterval(
  rows: CbpeRows,
  identity: Uint32Array,
  settings: ResolvedSettings,
): LabelFreeMetricEstimate {
  const estimate = estimatedRocAuc(rows, identity, new Int32Array(rows.n));
  const labels = new Uint8Array(rows.n);
  const interval = runBootstrap(
    settings,
    estimate,
    (seed) => {
      const state = xoshiroState(seed);
      return () => {
        drawLabels(state, rows.sortedProbabilities, labels);
        return realizedRocAuc(labels, rows.groupEnd);
      };
    },
    "roc_auc",
  );
  return toEstimate(interval.estimate, interval.lower, interval.upper, interval);
}

function toEstimate(
  estimate: number,
  lower: number,
  upper: number,
  run: { level: number; resamples: number; redraws: number; dropped: number },
): LabelFreeMetricEstimate {
  return {
    estimate,
    lower,
    upper,
    level: run.level,
    resamples: run.resamples,
    redraws: run.redraws,
    dropped: run.dropped,
  };
}

function validateMonitoredScores(scores: Float64Array): void {
  if (!(scores instanceof Float64Array)) throw new InvalidInputError("monitoredScores must be a Float64Array");
  if (scores.length === 0) throw new InvalidInputError("monitoredScores is empty: nothing to estimate");
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i] as number)) {
      throw new InvalidInputError(`monitored scores must be finite numbers: monitoredScores[${i}] = ${scores[i]}`);
    }
  }
}
