import { sortScoresByClass, splitScoresByClass } from "../metrics/split-scores-by-class.ts";
import type { CostMatrix } from "./cost-matrix.ts";
import { CostOptimumTracker } from "./cost-optimum-tracker.ts";
import type { DecisionCost } from "./decision-cost.ts";
import { DistinctThresholdCursor } from "./distinct-threshold-cursor.ts";
import { validateDecisionInputs } from "./validate-decision-inputs.ts";

export interface CostOptimalThresholdOptions {
  labels: Float64Array;
  scores: Float64Array;
  costs: CostMatrix;
}

/**
 * The threshold with the lowest expected cost per decision, searched exactly over every
 * distinct score (each as a threshold, predicted positive when score >= threshold) plus
 * +∞ ("predict every row negative"); no other threshold can do better, since costs only
 * change where a score is crossed. Returned with its expected cost and confusion counts.
 *
 * Ties: among thresholds of exactly equal cost, the highest wins (fewest rows flagged
 * positive). Costs are compared exactly, not up to float rounding (see exact-cost.ts).
 * One class only is fine: the answer is then +∞ or the lowest score, whichever is cheaper.
 * Zero rows → MetricUndefinedError. One sort per class (core's radix sort), then one merge walk.
 */
export function costOptimalThreshold(opts: CostOptimalThresholdOptions): DecisionCost {
  const { labels, scores } = opts;
  const costs = validateDecisionInputs(labels, scores, opts.costs);
  const { positives, negatives } = sortScoresByClass(splitScoresByClass(labels, scores));
  const tracker = new CostOptimumTracker(costs, positives.length, negatives.length);
  const cursor = new DistinctThresholdCursor(positives, negatives);
  // Index 0 (+∞, delta 0) is the tracker's starting best.
  for (let index = 1; cursor.next(); index++) {
    const { tp, fp } = cursor;
    tracker.offer(index, cursor.threshold, tp, fp, tracker.delta(tp, fp));
  }
  return tracker.best();
}
