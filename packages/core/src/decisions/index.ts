// Public exports of this area; re-exported by ../index.ts.
export { type CostCurve, type CostCurveOptions, costCurve, DEFAULT_COST_CURVE_POINTS } from "./cost-curve.ts";
export { type CostMatrix, type ResolvedCostMatrix, resolveCostMatrix } from "./cost-matrix.ts";
export { type CostOptimalThresholdOptions, costOptimalThreshold } from "./cost-optimal-threshold.ts";
export type { ConfusionCounts, DecisionCost } from "./decision-cost.ts";
export { type ExpectedCostOptions, expectedCost } from "./expected-cost.ts";
