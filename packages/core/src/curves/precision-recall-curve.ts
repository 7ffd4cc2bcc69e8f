import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { Coordinates, type CurveOptions, downsampleSweepCurve, resolveMaxPoints } from "./downsample-curve.ts";
import { type ThresholdSweep, thresholdAboveAll, thresholdSweep } from "./threshold-sweep.ts";

/** One point of the precision–recall curve at a threshold (predicted positive when score >= threshold). */
export interface PrecisionRecallPoint {
  recall: number;
  precision: number;
  threshold: number;
}

/** Validates the columns and returns the PR curve (≤ 200 points by default). */
export function precisionRecallCurve(
  labels: Float64Array,
  scores: Float64Array,
  options?: CurveOptions,
): PrecisionRecallPoint[] {
  return precisionRecallCurveFromSweep(thresholdSweep(labels, scores), options);
}

/**
 * The PR curve in order of increasing recall (threshold descending). With
 * `maxPoints: Infinity` it is scikit-learn 1.2.1 `precision_recall_curve` reversed: first
 * sklearn's closing point (recall 0, precision 1), given here the threshold above every
 * score (sklearn gives it none), then one point per distinct threshold with
 * precision = tp/(tp + fp), recall = tp/P. Undefined (MetricUndefinedError) with no
 * positives, where sklearn fills recall with 1 and the curve says nothing.
 */
export function precisionRecallCurveFromSweep(sweep: ThresholdSweep, options?: CurveOptions): PrecisionRecallPoint[] {
  const maxPoints = resolveMaxPoints(options);
  const { positives, thresholds } = sweep;
  if (positives === 0) {
    throw new MetricUndefinedError("the precision-recall curve is undefined: no row is labelled 1", {
      metric: "precision_recall_curve",
    });
  }
  const c = new Coordinates(sweep, "pr");
  const above = thresholdAboveAll(sweep);
  return Array.from(downsampleSweepCurve(sweep, "pr", maxPoints), (i) => ({
    recall: c.x(i),
    precision: c.y(i),
    threshold: i === 0 ? above : (thresholds[i - 1] as number),
  }));
}
