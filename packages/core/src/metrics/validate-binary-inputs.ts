import { InvalidInputError } from "../errors/invalid-input-error.ts";

/**
 * Checks the columns every binary metric shares: equal lengths, labels exactly 0 or 1,
 * scores finite. Names the first offending index and how many rows are affected, so a
 * shell can point the user at the row.
 */
export function validateBinaryInputs(labels: Float64Array, scores: Float64Array): void {
  if (!(labels instanceof Float64Array)) throw new InvalidInputError("labels must be a Float64Array");
  if (!(scores instanceof Float64Array)) throw new InvalidInputError("scores must be a Float64Array");
  if (labels.length !== scores.length) {
    throw new InvalidInputError(
      `labels and scores differ in length: ${labels.length} labels vs ${scores.length} scores`,
    );
  }
  let badLabels = 0;
  let firstBadLabel = -1;
  let badScores = 0;
  let firstBadScore = -1;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] as number;
    if (y !== 0 && y !== 1) {
      if (badLabels === 0) firstBadLabel = i;
      badLabels++;
    }
    if (!Number.isFinite(scores[i] as number)) {
      if (badScores === 0) firstBadScore = i;
      badScores++;
    }
  }
  if (badLabels > 0) {
    throw new InvalidInputError(
      `labels must be 0 or 1: ${plural(badLabels, "row")} invalid, first labels[${firstBadLabel}] = ${labels[firstBadLabel]}`,
    );
  }
  if (badScores > 0) {
    throw new InvalidInputError(
      `scores must be finite numbers: ${plural(badScores, "row")} invalid, first scores[${firstBadScore}] = ${scores[firstBadScore]}`,
    );
  }
}

export function validateThreshold(threshold: number): void {
  if (typeof threshold !== "number" || !Number.isFinite(threshold)) {
    throw new InvalidInputError(`threshold must be a finite number, got ${String(threshold)}`);
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * Probability metrics (log_loss, brier_score, ece) need scores in [0, 1]. Returns the
 * message naming the first offending row, or null when every score is a probability.
 * sklearn raises for brier_score here; for log_loss it would silently clip, which would
 * hide a column of logits or decision scores, so Fieldtest refuses both alike.
 */
export function describeNonProbabilities(scores: Float64Array): string | null {
  let bad = 0;
  let first = -1;
  for (let i = 0; i < scores.length; i++) {
    const p = scores[i] as number;
    if (!(p >= 0 && p <= 1)) {
      if (bad === 0) first = i;
      bad++;
    }
  }
  if (bad === 0) return null;
  return `scores must be probabilities in [0, 1]: ${plural(bad, "row")} outside, first scores[${first}] = ${scores[first]}`;
}
