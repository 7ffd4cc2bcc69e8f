import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { MetricUndefinedError } from "./metric-undefined-error.ts";
import { type ProbabilitySummary, RELIABILITY_BIN_COUNT, summarizeProbabilities } from "./probability-summary.ts";
import { splitScoresByClass } from "./split-scores-by-class.ts";
import { describeNonProbabilities, validateBinaryInputs } from "./validate-binary-inputs.ts";

/**
 * Metrics of the scores as probabilities of label 1. They need every score in [0, 1]
 * (else InvalidInputError naming the row) and at least one row (else
 * MetricUndefinedError). One class present is fine for all three:
 * - log_loss: sklearn 1.2.1 raises without `labels`; Fieldtest's labels are 0/1 by
 *   contract, so it equals `log_loss(y, p, labels=[0, 1])`.
 * - brier_score: as sklearn (pos_label 1).
 * - ece: as defined in DESIGN.md (no sklearn function).
 */
export type ProbabilityMetricName = "log_loss" | "brier_score" | "ece";

export function probabilityMetric(name: ProbabilityMetricName, summary: ProbabilitySummary): number {
  const { n } = summary;
  if (n === 0) throw new MetricUndefinedError(`${name} is undefined on zero rows`, { metric: name });
  switch (name) {
    case "log_loss":
      return summary.logLossSum / n;
    case "brier_score":
      return summary.brierSum / n;
    case "ece":
      return eceOf(summary);
  }
}

/**
 * ECE = Σ_bins (n_b/N)·|mean(y) − mean(p)| over non-empty bins, summed in bin order, each
 * term formed as the golden script's numpy reference forms it.
 */
function eceOf(summary: ProbabilitySummary): number {
  let ece = 0;
  for (let k = 0; k < RELIABILITY_BIN_COUNT; k++) {
    const count = summary.binCounts[k] as number;
    if (count === 0) continue;
    const observed = (summary.binPositives[k] as number) / count;
    const meanPredicted = (summary.binScoreSums[k] as number) / count;
    ece += (count / summary.n) * Math.abs(observed - meanPredicted);
  }
  return ece;
}

function probabilityMetricOf(name: ProbabilityMetricName, labels: Float64Array, scores: Float64Array): number {
  validateBinaryInputs(labels, scores);
  const problem = describeNonProbabilities(scores);
  if (problem !== null) throw new InvalidInputError(`${name}: ${problem}`);
  const { positives, negatives } = splitScoresByClass(labels, scores);
  return probabilityMetric(name, summarizeProbabilities(positives, negatives));
}

/** sklearn 1.2.1 `log_loss(y, p, labels=[0, 1])`: eps = 2.220446049250313e-16 clipping, rows renormalised. */
export function logLoss(labels: Float64Array, scores: Float64Array): number {
  return probabilityMetricOf("log_loss", labels, scores);
}

/** sklearn 1.2.1 `brier_score_loss(y, p)`: mean of (y − p)². */
export function brierScore(labels: Float64Array, scores: Float64Array): number {
  return probabilityMetricOf("brier_score", labels, scores);
}

/** Expected calibration error on 15 equal-width bins (DESIGN.md "Evaluation semantics"). */
export function ece(labels: Float64Array, scores: Float64Array): number {
  return probabilityMetricOf("ece", labels, scores);
}
