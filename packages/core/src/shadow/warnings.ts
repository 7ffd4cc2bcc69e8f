import type { PreparedSnapshot } from "./prepare-snapshot.ts";
import { SHADOW_CALL_STATUS, type ShadowWarning } from "./types.ts";

/** Below this many labelled matched events every interval is wide and a warning says so. */
export const FEW_LABELS = 30;
/** The selective-labels check needs this many champion events of the less labelled decision. */
export const SELECTIVE_LABELS_MIN_NEGATIVES = 20;
/** Warn when one decision's labelled share is below this fraction of the other's. */
export const SELECTIVE_LABELS_RATIO = 0.1;

export interface SelectiveLabelsCheck {
  positives: number;
  negatives: number;
  positiveShareLabelled: number | null;
  negativeShareLabelled: number | null;
  /** The champion decision whose events are (almost) never labelled, or null. */
  selective: "positive" | "negative" | null;
}

/**
 * Labels that exist only (or far more often) for one of the champion's decisions — the fraud
 * that was blocked gets investigated (labels for positives only), the loan that was refused
 * never defaults (labels for negatives only) — over the events the champion scored (status
 * ok), split by its decision at the threshold.
 */
export function selectiveLabelsCheck(prep: PreparedSnapshot, labels: Float64Array): SelectiveLabelsCheck {
  const { predictions, status } = prep.champion.input;
  let positives = 0;
  let negatives = 0;
  let labelledPositives = 0;
  let labelledNegatives = 0;
  for (let i = 0; i < prep.events; i++) {
    if (status[i] !== SHADOW_CALL_STATUS.ok) continue;
    const isLabelled = !Number.isNaN(labels[i] as number);
    if ((predictions[i] as number) >= prep.threshold) {
      positives++;
      if (isLabelled) labelledPositives++;
    } else {
      negatives++;
      if (isLabelled) labelledNegatives++;
    }
  }
  const positiveShareLabelled = positives === 0 ? null : labelledPositives / positives;
  const negativeShareLabelled = negatives === 0 ? null : labelledNegatives / negatives;
  const starved = (count: number, share: number | null, other: number | null) =>
    count >= SELECTIVE_LABELS_MIN_NEGATIVES &&
    other !== null &&
    other > 0 &&
    (share as number) < SELECTIVE_LABELS_RATIO * other;
  const selective = starved(negatives, negativeShareLabelled, positiveShareLabelled)
    ? "negative"
    : starved(positives, positiveShareLabelled, negativeShareLabelled)
      ? "positive"
      : null;
  return { positives, negatives, positiveShareLabelled, negativeShareLabelled, selective };
}

export function snapshotWarnings(prep: PreparedSnapshot, labels: Float64Array | Int32Array): ShadowWarning[] {
  const warnings: ShadowWarning[] = [];
  if (prep.task === "binary_classification") {
    const check = selectiveLabelsCheck(prep, labels as Float64Array);
    if (check.selective) {
      const pct = (x: number | null) => `${(100 * (x ?? 0)).toFixed(1)}%`;
      const labelled = check.selective === "negative" ? "positive" : "negative";
      warnings.push({
        code: "selective_labels",
        message: `labels arrive mostly for the champion's ${labelled} decisions: ${pct(check.positiveShareLabelled)} of ${check.positives} champion-positive events are labelled vs ${pct(check.negativeShareLabelled)} of ${check.negatives} champion-negative events. The labelled events are not a random sample of traffic, so every metric here (and the comparison with the challenger) is biased; label a random sample of champion-${check.selective} events to fix it.`,
      });
    }
  }
  if (prep.counts.matched === 0) {
    warnings.push({ code: "no_matched_events", message: "no event has an ok prediction from every version yet" });
  }
  if (prep.counts.labelled < FEW_LABELS) {
    warnings.push({
      code: "few_labels",
      message: `only ${prep.counts.labelled} labelled matched events (fewer than ${FEW_LABELS}): intervals are wide and decisions premature`,
    });
  }
  return warnings;
}
