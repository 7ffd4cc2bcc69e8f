import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { DEFAULT_THRESHOLD } from "../metrics/binary-evaluation.ts";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { describeNonProbabilities, validateThreshold } from "../metrics/validate-binary-inputs.ts";
import { bootstrapStatistic } from "../uncertainty/bootstrap-interval.ts";
import { percentileInterval } from "../uncertainty/percentile.ts";
import { type BootstrapSettings, DEFAULT_LEVEL, DEFAULT_RESAMPLES } from "../uncertainty/run-bootstrap.ts";
import {
  type CbpeRows,
  type ExpectedConfusionMatrix,
  estimatedRocAuc,
  expectedConfusion,
  type LabelFreeMetricName,
  type LabelFreeThresholdMetricName,
  prepareCbpeRows,
  replicateThresholdMetrics,
  thresholdMetricsOf,
} from "./cbpe-metrics.ts";
import type { LabelFreeEstimator, LabelFreeRefusalCode } from "./fit-label-free-estimator.ts";
import { predictIsotonicRegression } from "./isotonic-regression.ts";

export interface EstimatePerformanceOptions extends BootstrapSettings {
  /** The model predicts positive when its (uncalibrated) score ≥ threshold; default 0.5. */
  threshold?: number;
}

/** One estimated metric with its seeded percentile bootstrap interval over the monitored rows. */
export interface LabelFreeMetricEstimate {
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  resamples: number;
  /** Resamples drawn again because the estimate was undefined on them (roc_auc only). */
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
 * rows from their scores alone (CBPE, STATISTICS.md §9), each with a seeded percentile
 * bootstrap interval, or refuses with the estimator's reason when its trust verdict is
 * negative.
 *
 * The interval resamples the monitored rows (`bootstrapStatistic`, so same seed, same
 * interval): it is the sampling uncertainty of the estimate on these rows, given the
 * calibrator. It does not include the calibrator's own uncertainty from a finite
 * reference, nor any concept shift — the trust verdict and the covariate-shift assumption
 * cover those. The four threshold metrics are read off the same resamples (they are
 * never undefined, so no resample is drawn again); roc_auc runs its own bootstrap with
 * the same seed, redrawing resamples on which it is undefined.
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
  const settings = { ...options, resamples, level };

  const metrics = {} as Record<LabelFreeMetricName, LabelFreeMetricEstimate | null>;
  const problems: Partial<Record<LabelFreeMetricName, string>> = {};
  const identity = new Uint32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const confusion = expectedConfusion(rows, identity);
  Object.assign(metrics, bootstrapThresholdMetrics(rows, confusion, settings));
  try {
    metrics.roc_auc = bootstrapRocAuc(rows, settings);
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

type ResolvedSettings = BootstrapSettings & { resamples: number; level: number };

/**
 * One bootstrap over the monitored rows for the four threshold metrics: the statistic
 * handed to `bootstrapStatistic` is accuracy, and on every call it also records
 * precision, recall and F1 of the same resample (call 0 is the full rows, calls 1…B the
 * replicates in order — no redraws happen, as none of the four is ever undefined). The
 * estimates are those of the compensated `confusion`.
 */
function bootstrapThresholdMetrics(
  rows: CbpeRows,
  confusion: ExpectedConfusionMatrix,
  settings: ResolvedSettings,
): Record<LabelFreeThresholdMetricName, LabelFreeMetricEstimate> {
  const { resamples, level } = settings;
  const recorded = {
    precision: new Float64Array(resamples + 1),
    recall: new Float64Array(resamples + 1),
    f1: new Float64Array(resamples + 1),
  };
  let calls = 0;
  const accuracy = bootstrapStatistic({
    ...settings,
    rows: rows.n,
    name: "accuracy",
    statistic: (indices) => {
      const values = replicateThresholdMetrics(rows, indices);
      if (calls > resamples) throw new Error("estimatePerformance: more bootstrap calls than replicates");
      recorded.precision[calls] = values.precision;
      recorded.recall[calls] = values.recall;
      recorded.f1[calls] = values.f1;
      calls++;
      return values.accuracy;
    },
  });
  if (calls !== resamples + 1 || accuracy.redraws !== 0) {
    throw new Error("estimatePerformance: threshold-metric replicates out of step");
  }
  const estimates = thresholdMetricsOf(confusion);
  const out = {
    accuracy: toEstimate(estimates.accuracy, accuracy.lower, accuracy.upper, accuracy),
  } as Record<LabelFreeThresholdMetricName, LabelFreeMetricEstimate>;
  for (const name of ["precision", "recall", "f1"] as const) {
    const replicates = recorded[name].slice(1).sort();
    const [lower, upper] = percentileInterval(replicates, level);
    out[name] = toEstimate(estimates[name], lower, upper, accuracy);
  }
  return sortedKeys(out);
}

function bootstrapRocAuc(rows: CbpeRows, settings: ResolvedSettings): LabelFreeMetricEstimate {
  const counts = new Int32Array(rows.n);
  const interval = bootstrapStatistic({
    ...settings,
    rows: rows.n,
    name: "roc_auc",
    statistic: (indices) => estimatedRocAuc(rows, indices, counts),
  });
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

function sortedKeys<T extends Record<LabelFreeThresholdMetricName, unknown>>(record: T): T {
  const out = {} as T;
  for (const name of THRESHOLD_METRICS) out[name] = record[name];
  return out;
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
