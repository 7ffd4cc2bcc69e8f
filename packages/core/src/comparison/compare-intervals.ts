import { InvalidInputError } from "../errors/invalid-input-error.ts";
import type { MetricDirection } from "../realism/metric-direction.ts";
import { holmBonferroni } from "../uncertainty/holm-bonferroni.ts";
import { type IntervalEstimate, intervalZTest } from "./interval-z-test.ts";

export interface LabelledEstimate extends IntervalEstimate {
  /** Identifies the estimate in the result (e.g. a model version id). */
  id: string;
}

export interface PairwiseComparison {
  /** The better of the two by the metric's direction (a on ties). */
  better: string;
  worse: string;
  /** better − worse, in the metric's units (negative for lower-is-better metrics). */
  difference: number;
  z: number;
  pValue: number;
  /** Holm-adjusted p-value over all pairs of this call. */
  adjustedPValue: number;
  /** Whether the difference is significant at family-wise level alpha (Holm). */
  significant: boolean;
}

/**
 * Every pair of estimates compared with `intervalZTest` (two-sided), the family of
 * k(k−1)/2 p-values corrected with Holm–Bonferroni (family-wise error ≤ alpha). The
 * z-approximation assumes independent estimates; estimates on the same rows are positively
 * correlated, so for them the test is conservative. Pairs come in input order (i < j).
 */
export function pairwiseIntervalComparisons(options: {
  estimates: readonly LabelledEstimate[];
  direction: MetricDirection;
  alpha?: number;
}): PairwiseComparison[] {
  const { estimates, direction, alpha = 0.05 } = options;
  if (direction !== "higher_is_better" && direction !== "lower_is_better") {
    throw new InvalidInputError(`direction must be higher_is_better or lower_is_better, got ${String(direction)}`);
  }
  const raw: Omit<PairwiseComparison, "adjustedPValue" | "significant">[] = [];
  for (let i = 0; i < estimates.length; i++) {
    for (let j = i + 1; j < estimates.length; j++) {
      const a = estimates[i] as LabelledEstimate;
      const b = estimates[j] as LabelledEstimate;
      const test = intervalZTest(a, b);
      const bBetter = direction === "higher_is_better" ? b.value > a.value : b.value < a.value;
      const [better, worse] = bBetter ? [b, a] : [a, b];
      raw.push({
        better: better.id,
        worse: worse.id,
        difference: better.value - worse.value,
        z: Math.abs(test.z),
        pValue: test.pValue,
      });
    }
  }
  if (raw.length === 0) return [];
  const holm = holmBonferroni(
    raw.map((r) => r.pValue),
    alpha,
  );
  return raw.map((r, k) => ({
    ...r,
    adjustedPValue: holm.adjusted[k] as number,
    significant: holm.rejected[k] as boolean,
  }));
}
