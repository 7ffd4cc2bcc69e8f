import { validateThreshold } from "../metrics/validate-binary-inputs.ts";
import type { CostMatrix } from "./cost-matrix.ts";
import type { DecisionCost } from "./decision-cost.ts";
import { exactCostPerDecision, toExactCosts } from "./exact-cost.ts";
import { validateDecisionInputs } from "./validate-decision-inputs.ts";

export interface ExpectedCostOptions {
  labels: Float64Array;
  scores: Float64Array;
  /** Predicted positive when score >= threshold; `Infinity` predicts every row negative. */
  threshold: number;
  costs: CostMatrix;
}

/**
 * Expected cost per decision (per row) of deciding with `threshold`: the mean over rows
 * of the cost of the row's confusion-matrix cell, with the counts behind it. Exact, then
 * rounded once. Zero rows → MetricUndefinedError.
 */
export function expectedCost(opts: ExpectedCostOptions): DecisionCost {
  const { labels, scores, threshold } = opts;
  const costs = validateDecisionInputs(labels, scores, opts.costs);
  // +∞ is the "predict all negative" threshold that costOptimalThreshold may return.
  if (threshold !== Number.POSITIVE_INFINITY) validateThreshold(threshold);

  let nPos = 0;
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] as number;
    nPos += y;
    if ((scores[i] as number) >= threshold) {
      tp += y;
      fp += 1 - y;
    }
  }
  const counts = { tp, fp, tn: labels.length - nPos - fp, fn: nPos - tp };
  return { threshold, expectedCost: exactCostPerDecision(counts, toExactCosts(costs)), counts };
}
