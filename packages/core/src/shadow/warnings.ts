import type { PreparedSnapshot } from "./prepare-snapshot.ts";
import { SHADOW_CALL_STATUS, type ShadowWarning } from "./types.ts";

/** Below this many labelled matched events every interval is wide and a warning says so. */
export const FEW_LABELS = 30;
/** The selective-labels check needs this many champion-negative events. */
export const SELECTIVE_LABELS_MIN_NEGATIVES = 20;
/** Warn when the champion-negative labelled share is below this fraction of the positive one. */
export const SELECTIVE_LABELS_RATIO = 0.1;

export interface SelectiveLabelsCheck {
  positives: number;
  negatives: number;
  positiveShareLabelled: number | null;
  negativeShareLabelled: number | null;
  selective: boolean;
}

/**
 * Labels that exist only (or far more often) for the champion's positive decisions — the
 * fraud that was blocked gets investigated, the loan that was refused never defaults —
 * over the events the champion scored (status ok), split by its decision at the threshold.
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
  const selective =
    negatives >= SELECTIVE_LABELS_MIN_NEGATIVES &&
    positiveShareLabelled !== null &&
    positiveShareLabelled > 0 &&
    (negativeShareLabelled as number) < SELECTIVE_LABELS_RATIO * positiveShareLabelled;
  return { positives, negatives, positiveShareLabelled, negativeShareLabelled, selective };
}

export function snapshotWarnings(prep: PreparedSnapshot, labels: Float64Array | Int32Array): ShadowWarning[] {
  const warnings: ShadowWarning[] = [];
  if (prep.task === "binary_classification") {
    const check = selectiveLabelsCheck(prep, labels as Float64Array);
    if (check.selective) {
      const pct = (x: number | null) => `${(100 * (x ?? 0)).toFixed(1)}%`;
      warnings.push({
        code: "selective_labels",
        message: `labels arrive mostly for the champion's positive decisions: ${pct(check.positiveShareLabelled)} of ${check.positives} champion-positive events are labelled vs ${pct(check.negativeShareLabelled)} of ${check.negatives} champion-negative events. The labelled events are not a random sample of traffic, so every metric here (and the comparison with the challenger) is biased; label a random sample of champion-negative events to fix it.`,
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
  const resamples = prep.resamples ?? 1000;
  if (prep.alphaSpent / 2 < 1 / resamples) {
    warnings.push({
      code: "bootstrap_resolution",
      message: `at look ${prep.look} the bootstrap level is 1 − ${prep.alphaSpent.toPrecision(3)}; with ${resamples} resamples its percentile interval is close to the replicate range, so bootstrap intervals may under-reach their level: use more resamples`,
    });
  }
  return warnings;
}
