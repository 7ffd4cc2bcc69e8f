import { resolveCostMatrix } from "../decisions/cost-matrix.ts";
import { expectedCost } from "../decisions/expected-cost.ts";
import { meanSequence } from "./interval-helpers.ts";
import type { PreparedSnapshot, PreparedVersion } from "./prepare-snapshot.ts";
import type { BinaryShadowInput, ShadowCost } from "./types.ts";

/**
 * Expected cost per decision at the threshold (decisions/expectedCost) on the labelled
 * matched events, with an anytime-valid interval: each row's cost c_i lies between the
 * matrix's smallest and largest cell, so (c_i − min)/(max − min) ∈ [0, 1] feeds the
 * confidence sequence and the bounds are mapped back. With tp = tn = 0 and fp, fn ≥ 0 this
 * is the row cost divided by the largest cell; the affine form also covers negative cells
 * (benefits).
 */
export function decisionCost(
  prep: PreparedSnapshot,
  version: PreparedVersion,
  costMatrix: NonNullable<BinaryShadowInput["costMatrix"]>,
): ShadowCost {
  const costs = resolveCostMatrix(costMatrix);
  const n = prep.labelled.length;
  const base = {
    modelVersionId: version.id,
    role: version.role,
    n,
    level: prep.level,
    method: "confidence_sequence" as const,
  };
  if (n === 0)
    return { ...base, expectedCost: null, lower: null, upper: null, reason: "no labelled matched events yet" };
  const labels = prep.labelledLabels;
  const scores = version.labelledScores;
  const value = expectedCost({ labels, scores, threshold: prep.threshold, costs }).expectedCost;
  const rows = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const positive = (scores[i] as number) >= prep.threshold;
    rows[i] = labels[i] === 1 ? (positive ? costs.tp : costs.fn) : positive ? costs.fp : costs.tn;
  }
  const lo = Math.min(costs.tp, costs.fp, costs.tn, costs.fn);
  const hi = Math.max(costs.tp, costs.fp, costs.tn, costs.fn);
  if (hi === lo) return { ...base, expectedCost: value, lower: lo, upper: lo, reason: null };
  const { lower, upper, empty } = meanSequence(rows, prep.alphaSpent, hi - lo, lo);
  if (empty) {
    return {
      ...base,
      expectedCost: value,
      lower: null,
      upper: null,
      reason: "the confidence sequence's running intersection is empty",
    };
  }
  return { ...base, expectedCost: value, lower, upper, reason: null };
}
