import { InvalidInputError } from "../errors/invalid-input-error.ts";

export interface HolmBonferroniResult {
  /** Holm-adjusted p-values, in the order of the input. */
  adjusted: Float64Array;
  /** Whether each hypothesis is rejected at family-wise level `alpha`, in input order. */
  rejected: boolean[];
  alpha: number;
}

/**
 * Holm–Bonferroni step-down correction, as statsmodels `multipletests(method="holm")`
 * (STATISTICS.md §8): sorted ascending, adjusted p_(i) = min(1, max_{j≤i} (m − j + 1)·p_(j));
 * H_(1)…H_(k−1) are rejected, where k is the first index with p_(k) > α/(m − k + 1).
 */
export function holmBonferroni(pValues: ArrayLike<number>, alpha = 0.05): HolmBonferroniResult {
  if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1)) {
    throw new InvalidInputError(`alpha must be strictly between 0 and 1, got ${String(alpha)}`);
  }
  const m = pValues.length;
  for (let i = 0; i < m; i++) {
    const p = pValues[i] as number;
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
      throw new InvalidInputError(`p-values must be numbers in [0, 1]: pValues[${i}] = ${String(p)}`);
    }
  }
  // Stable order; tied p-values get the same adjusted value whatever their order.
  const order = Array.from({ length: m }, (_, i) => i).sort(
    (i, j) => (pValues[i] as number) - (pValues[j] as number) || i - j,
  );
  const adjusted = new Float64Array(m);
  const rejected = new Array<boolean>(m).fill(false);
  let runningMax = 0;
  let stillRejecting = true;
  for (let rank = 0; rank < m; rank++) {
    const index = order[rank] as number;
    const p = pValues[index] as number;
    runningMax = Math.max(runningMax, (m - rank) * p);
    adjusted[index] = Math.min(1, runningMax);
    if (stillRejecting && p > alpha / (m - rank)) stillRejecting = false;
    rejected[index] = stillRejecting;
  }
  return { adjusted, rejected, alpha };
}
