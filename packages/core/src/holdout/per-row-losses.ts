import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { LOG_LOSS_EPS } from "../metrics/probability-summary.ts";
import {
  describeNonProbabilities,
  validateBinaryInputs,
  validateThreshold,
} from "../metrics/validate-binary-inputs.ts";

/** The per-row loss the Ladder is run on. */
export type PerRowLossBasis = "zero_one_error" | "brier_score" | "log_loss";

export interface PerRowLosses {
  /** One loss per row (lower is better). */
  losses: Float64Array;
  basis: PerRowLossBasis;
  /** True when `metric` has no per-row decomposition and the 0/1 error at the threshold stands in for it. */
  fallback: boolean;
  /** Human-readable statement of what the losses are, e.g. "0/1 error at threshold 0.5: roc_auc has no per-row loss". */
  description: string;
}

/** Metrics whose value is the mean of a per-row loss (accuracy as 1 − its mean). */
export const PER_ROW_LOSS_METRICS = ["accuracy", "brier_score", "log_loss"] as const;

/**
 * Per-row losses on binary rows for a metric that decomposes per row, for the Ladder
 * (submissions are per-row losses, lower is better). Their mean equals:
 * - accuracy → 1 − accuracy: the loss is 1 − [(score ≥ threshold) == label];
 * - brier_score → brier_score: (p − y)²;
 * - log_loss → log_loss: sklearn 1.2.1's row, as core's logLoss forms it (clip to
 *   [eps, 1 − eps] with eps = LOG_LOSS_EPS, columns [1 − p, p] renormalised, −ln of the true one).
 * Any other metric (roc_auc, average precision, F1, …) has no per-row loss: the 0/1 error at
 * the threshold is used instead, and `fallback` / `description` say so.
 * brier_score and log_loss need every score in [0, 1] (else InvalidInputError).
 */
export function perRowLosses(input: {
  metric: string;
  labels: Float64Array;
  scores: Float64Array;
  threshold: number;
}): PerRowLosses {
  const { metric, labels, scores, threshold } = input;
  validateBinaryInputs(labels, scores);
  const n = labels.length;
  const losses = new Float64Array(n);
  if (metric === "brier_score" || metric === "log_loss") {
    const problem = describeNonProbabilities(scores);
    if (problem !== null) throw new InvalidInputError(`${metric}: ${problem}`);
    for (let i = 0; i < n; i++) {
      const p = scores[i] as number;
      const y = labels[i] as number;
      if (metric === "brier_score") {
        const residual = y - p;
        losses[i] = residual * residual;
      } else {
        const clipped = Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
        const complement = 1 - clipped;
        losses[i] = -Math.log((y === 1 ? clipped : complement) / (complement + clipped));
      }
    }
    return { losses, basis: metric, fallback: false, description: metric };
  }
  validateThreshold(threshold);
  for (let i = 0; i < n; i++) {
    const predicted = (scores[i] as number) >= threshold ? 1 : 0;
    losses[i] = predicted === labels[i] ? 0 : 1;
  }
  const fallback = metric !== "accuracy";
  return {
    losses,
    basis: "zero_one_error",
    fallback,
    description: fallback
      ? `0/1 error at threshold ${threshold}: ${metric} has no per-row loss`
      : `0/1 error (1 − accuracy) at threshold ${threshold}`,
  };
}
