import { InvalidInputError } from "../errors/invalid-input-error.ts";

/**
 * What one decision costs, per cell of the confusion matrix, in the caller's unit of
 * "cost per decision" (money, minutes, harm points — any one unit, used for all four cells).
 * A negative cost is a benefit (e.g. `tp: -40` for revenue from a caught fraud).
 * `tp` and `tn` default to 0: most teams price only the two kinds of mistakes.
 */
export interface CostMatrix {
  /** Cost of predicting positive for a row whose label is 0 (false positive). */
  fp: number;
  /** Cost of predicting negative for a row whose label is 1 (false negative). */
  fn: number;
  /** Cost of predicting positive for a row whose label is 1; default 0. */
  tp?: number;
  /** Cost of predicting negative for a row whose label is 0; default 0. */
  tn?: number;
}

/** A validated cost matrix with every cell present. */
export type ResolvedCostMatrix = Required<CostMatrix>;

const CELLS = ["fp", "fn", "tp", "tn"] as const;

/**
 * Checks a cost matrix and fills the optional cells with 0. Every cell must be a finite
 * number; an unknown key is refused (a misspelt `FN: 5` would otherwise be a silent 0).
 */
export function resolveCostMatrix(costs: CostMatrix): ResolvedCostMatrix {
  if (typeof costs !== "object" || costs === null || Array.isArray(costs)) {
    throw new InvalidInputError("costs must be an object { fp, fn, tp?, tn? }");
  }
  for (const key of Object.keys(costs)) {
    if (!(CELLS as readonly string[]).includes(key)) {
      throw new InvalidInputError(`costs.${key} is not a cell of the cost matrix; cells are fp, fn, tp, tn`);
    }
  }
  const resolved = { fp: 0, fn: 0, tp: 0, tn: 0 };
  for (const cell of CELLS) {
    const value = costs[cell];
    const required = cell === "fp" || cell === "fn";
    if (value === undefined && !required) continue;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new InvalidInputError(
        `costs.${cell} must be a finite number (cost per decision), got ${value === undefined ? "nothing" : String(value)}`,
      );
    }
    // -0 and +0 cost the same; +0 keeps results free of signed zeros.
    resolved[cell] = value === 0 ? 0 : value;
  }
  return resolved;
}
