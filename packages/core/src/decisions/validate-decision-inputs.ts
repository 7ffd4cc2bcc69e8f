import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { validateBinaryInputs } from "../metrics/validate-binary-inputs.ts";
import { type CostMatrix, type ResolvedCostMatrix, resolveCostMatrix } from "./cost-matrix.ts";

/**
 * The checks every decision function shares: the binary columns (0/1 labels, finite
 * scores, equal lengths), the cost matrix, and at least one row — a cost per decision
 * over zero decisions is undefined, as is every metric on zero rows.
 */
export function validateDecisionInputs(
  labels: Float64Array,
  scores: Float64Array,
  costs: CostMatrix,
): ResolvedCostMatrix {
  validateBinaryInputs(labels, scores);
  const resolved = resolveCostMatrix(costs);
  if (labels.length === 0) {
    throw new MetricUndefinedError("expected_cost is undefined on zero rows", { metric: "expected_cost" });
  }
  return resolved;
}
