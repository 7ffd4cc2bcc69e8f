import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { normalQuantile, normalSf } from "../uncertainty/special-functions.ts";

/** A metric value with its two-sided interval at `level` (e.g. a 95% bootstrap percentile interval). */
export interface IntervalEstimate {
  value: number;
  lower: number;
  upper: number;
  /** Confidence level of [lower, upper], strictly between 0 and 1. */
  level: number;
}

export interface IntervalZTestResult {
  /** a.value − b.value. */
  difference: number;
  /** √(se_a² + se_b²). */
  standardError: number;
  /** difference / standardError (0 when both are 0: identical, interval-free values). */
  z: number;
  /** Two-sided p = 2·P(Z > |z|). */
  pValue: number;
}

/**
 * The standard error an interval implies if it were a normal interval:
 * se ≈ (upper − lower) / (2·z_{(1+level)/2}). For a bootstrap percentile interval this is an
 * approximation (exact only for a symmetric, normal sampling distribution).
 */
export function standardErrorFromInterval(estimate: Pick<IntervalEstimate, "lower" | "upper" | "level">): number {
  const { lower, upper, level } = estimate;
  if (!Number.isFinite(lower) || !Number.isFinite(upper) || !(upper >= lower)) {
    throw new InvalidInputError(`interval must be finite with lower ≤ upper, got [${lower}, ${upper}]`);
  }
  if (!(level > 0 && level < 1)) throw new InvalidInputError(`level must be strictly between 0 and 1, got ${level}`);
  return (upper - lower) / (2 * normalQuantile((1 + level) / 2));
}

/**
 * Two-sided z-test of a.value − b.value = 0 from the two values' intervals alone, for when the
 * per-row scores are not at hand. Each interval gives a standard error
 * (`standardErrorFromInterval`) and the difference's variance is taken as se_a² + se_b², which
 * assumes the two estimates are INDEPENDENT (different rows, or runs whose errors do not covary).
 * Two models scored on the same rows are positively correlated, so the true variance of the
 * difference is smaller: the test is then conservative (p too large), never anti-conservative.
 * It is an approximation: percentile intervals need not be symmetric or normal.
 */
export function intervalZTest(a: IntervalEstimate, b: IntervalEstimate): IntervalZTestResult {
  if (!Number.isFinite(a.value) || !Number.isFinite(b.value)) {
    throw new InvalidInputError(`values must be finite, got ${a.value} and ${b.value}`);
  }
  const seA = standardErrorFromInterval(a);
  const seB = standardErrorFromInterval(b);
  const difference = a.value - b.value;
  const standardError = Math.sqrt(seA * seA + seB * seB);
  if (standardError === 0) {
    // Degenerate: no uncertainty on either side. Equal values are no evidence; unequal ones are certain.
    return {
      difference,
      standardError,
      z: difference === 0 ? 0 : Math.sign(difference) * Infinity,
      pValue: difference === 0 ? 1 : 0,
    };
  }
  const z = difference / standardError;
  return { difference, standardError, z, pValue: Math.min(1, 2 * normalSf(Math.abs(z))) };
}
