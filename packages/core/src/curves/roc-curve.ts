import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { Coordinates, type CurveOptions, downsampleSweepCurve, resolveMaxPoints } from "./downsample-curve.ts";
import { type ThresholdSweep, thresholdAboveAll, thresholdSweep } from "./threshold-sweep.ts";

/** One point of the ROC curve: the rates when rows with score >= threshold are predicted positive. */
export interface RocPoint {
  fpr: number;
  tpr: number;
  threshold: number;
}

/** Validates the columns and returns the ROC curve (≤ 200 points by default). */
export function rocCurve(labels: Float64Array, scores: Float64Array, options?: CurveOptions): RocPoint[] {
  return rocCurveFromSweep(thresholdSweep(labels, scores), options);
}

/**
 * The ROC curve from (0, 0) — threshold above every score — through every distinct
 * threshold to (1, 1): with `maxPoints: Infinity` exactly scikit-learn 1.2.1
 * `roc_curve(y, s, drop_intermediate=False)`, points and thresholds, (fpr = fp/N,
 * tpr = tp/P). Otherwise downsampled keeping the shape (see downsampleCurve). Undefined
 * (MetricUndefinedError) unless both classes are present, as sklearn's rates are then NaN.
 */
export function rocCurveFromSweep(sweep: ThresholdSweep, options?: CurveOptions): RocPoint[] {
  const maxPoints = resolveMaxPoints(options);
  const { positives, negatives, thresholds } = sweep;
  if (positives === 0 || negatives === 0) {
    throw new MetricUndefinedError("the ROC curve is undefined: only one class present in labels", {
      metric: "roc_curve",
    });
  }
  const c = new Coordinates(sweep, "roc");
  const above = thresholdAboveAll(sweep);
  return Array.from(downsampleSweepCurve(sweep, "roc", maxPoints), (i) => ({
    fpr: c.x(i),
    tpr: c.y(i),
    threshold: i === 0 ? above : (thresholds[i - 1] as number),
  }));
}
