import { reliabilityBinsFromSummary } from "../curves/reliability-diagram.ts";
import { computeMulticlassEce } from "../metrics/multiclass/multiclass-ece.ts";
import { ece as binaryEce } from "../metrics/probability-metrics.ts";
import { summarizeProbabilities } from "../metrics/probability-summary.ts";
import { splitScoresByClass } from "../metrics/split-scores-by-class.ts";
import type { PreparedSnapshot, PreparedVersion } from "./prepare-snapshot.ts";
import type { ShadowCalibration } from "./types.ts";

/**
 * ECE and the 15 equal-width reliability bins (DESIGN.md) on the labelled matched events:
 * binary on the positive-class score, multiclass on the top-label probability against
 * top-label correctness (the bins' "observed rate" is then the top-label accuracy).
 */
export function calibration(prep: PreparedSnapshot, version: PreparedVersion): ShadowCalibration {
  const n = prep.labelled.length;
  const base = { modelVersionId: version.id, role: version.role, n };
  if (prep.task === "regression") return { ...base, ece: null, bins: [], reason: "not a classification task" };
  if (n === 0) return { ...base, ece: null, bins: [], reason: "no labelled matched events yet" };
  let outcome: Float64Array;
  if (prep.task === "binary_classification") {
    outcome = prep.labelledLabels;
  } else {
    const predicted = version.labelledPredicted as Int32Array;
    outcome = Float64Array.from(prep.labelledLabels, (y, i) => (predicted[i] === y ? 1 : 0));
  }
  const { positives, negatives } = splitScoresByClass(outcome, version.labelledScores);
  const summary = summarizeProbabilities(positives, negatives);
  const ece =
    prep.task === "binary_classification"
      ? binaryEce(prep.labelledLabels, version.labelledScores)
      : computeMulticlassEce(prep.labelledLabels, version.labelledPredicted as Int32Array, version.labelledScores);
  const bins = reliabilityBinsFromSummary(summary).map((b) => ({
    bin: b.bin,
    lower: b.lower,
    upper: b.upper,
    count: b.count,
    meanPredicted: b.meanPredicted,
    observedRate: b.observedRate,
  }));
  return { ...base, ece, bins, reason: null };
}
