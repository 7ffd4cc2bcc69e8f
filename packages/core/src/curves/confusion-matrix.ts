import { splitScoresByClass } from "../metrics/split-scores-by-class.ts";
import { validateBinaryInputs, validateThreshold } from "../metrics/validate-binary-inputs.ts";
import { lowerBound } from "../numerics/lower-bound.ts";

/** Counts of a binary decision at one threshold; a row is predicted positive when score >= threshold. */
export interface ConfusionMatrix {
  threshold: number;
  /** Labelled 1, predicted 1. */
  tp: number;
  /** Labelled 0, predicted 1. */
  fp: number;
  /** Labelled 0, predicted 0. */
  tn: number;
  /** Labelled 1, predicted 0. */
  fn: number;
}

/** Validates the columns and counts the confusion matrix at `threshold` in one O(n) pass. */
export function confusionMatrix(labels: Float64Array, scores: Float64Array, threshold: number): ConfusionMatrix {
  validateBinaryInputs(labels, scores);
  validateThreshold(threshold);
  const { positives, negatives } = splitScoresByClass(labels, scores);
  return confusionFromClasses(positives, negatives, threshold);
}

/** From the two classes' scores in any order, O(n). */
export function confusionFromClasses(
  positives: Float64Array,
  negatives: Float64Array,
  threshold: number,
): ConfusionMatrix {
  const tp = countAtLeast(positives, threshold);
  const fp = countAtLeast(negatives, threshold);
  return { threshold, tp, fp, tn: negatives.length - fp, fn: positives.length - tp };
}

/** From the two classes' scores sorted ascending, O(log n) by binary search. */
export function confusionFromSortedClasses(
  positives: Float64Array,
  negatives: Float64Array,
  threshold: number,
): ConfusionMatrix {
  const tp = positives.length - lowerBound(positives, threshold);
  const fp = negatives.length - lowerBound(negatives, threshold);
  return { threshold, tp, fp, tn: negatives.length - fp, fn: positives.length - tp };
}

function countAtLeast(values: Float64Array, threshold: number): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if ((values[i] as number) >= threshold) count++;
  return count;
}

/** First index whose value is not < x (so -0 and +0 count as equal, like >=). */
