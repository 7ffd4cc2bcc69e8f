// Public exports of this area; re-exported by ../index.ts.
export { type ConfusionMatrix, confusionMatrix } from "./confusion-matrix.ts";
export { type CurveOptions, DEFAULT_CURVE_POINTS } from "./downsample-curve.ts";
export {
  type PrecisionRecallPoint,
  precisionRecallCurve,
  precisionRecallCurveFromSweep,
} from "./precision-recall-curve.ts";
export { type ReliabilityBin, reliabilityDiagram } from "./reliability-diagram.ts";
export { type RocPoint, rocCurve, rocCurveFromSweep } from "./roc-curve.ts";
export { sweepSortedScores, type ThresholdSweep, thresholdAboveAll, thresholdSweep } from "./threshold-sweep.ts";
