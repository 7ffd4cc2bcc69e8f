import { InvalidInputError } from "../errors/invalid-input-error.ts";
import {
  type ProbabilitySummary,
  RELIABILITY_BIN_COUNT,
  RELIABILITY_BIN_EDGES,
  summarizeProbabilities,
} from "../metrics/probability-summary.ts";
import { splitScoresByClass } from "../metrics/split-scores-by-class.ts";
import { describeNonProbabilities, validateBinaryInputs } from "../metrics/validate-binary-inputs.ts";

/**
 * One bin of the reliability diagram: bin k holds scores in (k/15, (k+1)/15], bin 0 also
 * 0 (the same bins as ECE). Empty bins are kept and flagged, so a chart shows the gap.
 */
export interface ReliabilityBin {
  /** 0 … 14. */
  bin: number;
  lower: number;
  upper: number;
  count: number;
  /** Rows labelled 1 in the bin. */
  positives: number;
  /** Mean score in the bin; null when the bin is empty. */
  meanPredicted: number | null;
  /** Share of rows labelled 1 in the bin; null when the bin is empty. */
  observedRate: number | null;
  empty: boolean;
}

/** Validates the columns (scores must be probabilities) and returns all 15 bins. */
export function reliabilityDiagram(labels: Float64Array, scores: Float64Array): ReliabilityBin[] {
  validateBinaryInputs(labels, scores);
  const problem = describeNonProbabilities(scores);
  if (problem !== null) throw new InvalidInputError(`reliability diagram: ${problem}`);
  const { positives, negatives } = splitScoresByClass(labels, scores);
  return reliabilityBinsFromSummary(summarizeProbabilities(positives, negatives));
}

export function reliabilityBinsFromSummary(summary: ProbabilitySummary): ReliabilityBin[] {
  const bins: ReliabilityBin[] = [];
  for (let k = 0; k < RELIABILITY_BIN_COUNT; k++) {
    const count = summary.binCounts[k] as number;
    const positives = summary.binPositives[k] as number;
    const empty = count === 0;
    bins.push({
      bin: k,
      lower: RELIABILITY_BIN_EDGES[k] as number,
      upper: RELIABILITY_BIN_EDGES[k + 1] as number,
      count,
      positives,
      meanPredicted: empty ? null : (summary.binScoreSums[k] as number) / count,
      observedRate: empty ? null : positives / count,
      empty,
    });
  }
  return bins;
}
