import type { MetricDirection } from "../realism/metric-direction.ts";
import { type IntervalEstimate, intervalZTest } from "./interval-z-test.ts";

export interface RegressionCheck {
  /** Index (in the input) of the later point and of the earlier point it was compared with. */
  index: number;
  previousIndex: number;
  /** later − earlier. */
  difference: number;
  z: number;
  pValue: number;
  /** Worse by the metric's direction AND p < alpha. */
  regression: boolean;
}

/**
 * Compares each point of a time-ordered series with the point before it (e.g. successive
 * succeeded runs of one model version on one benchmark version) and flags a regression when
 * the later value is worse by the metric's direction and the two-sided interval z-test
 * (`intervalZTest`, independent-runs approximation) gives p < alpha. Each check is a separate
 * test at level alpha: a monitor of consecutive runs, not a family-wise corrected claim.
 * Points without an interval (null bounds or level) are skipped, and the next point is
 * compared with the last one that had an interval.
 */
export function detectRegressions(options: {
  points: readonly { value: number; lower: number | null; upper: number | null; level: number | null }[];
  direction: MetricDirection;
  alpha?: number;
}): RegressionCheck[] {
  const { points, direction, alpha = 0.05 } = options;
  const checks: RegressionCheck[] = [];
  let previous: { index: number; estimate: IntervalEstimate } | null = null;
  for (let index = 0; index < points.length; index++) {
    const p = points[index] as (typeof points)[number];
    if (p.lower === null || p.upper === null || p.level === null || !Number.isFinite(p.value)) continue;
    const estimate: IntervalEstimate = { value: p.value, lower: p.lower, upper: p.upper, level: p.level };
    if (previous) {
      const test = intervalZTest(estimate, previous.estimate);
      const worse = direction === "higher_is_better" ? test.difference < 0 : test.difference > 0;
      checks.push({
        index,
        previousIndex: previous.index,
        difference: test.difference,
        z: test.z,
        pValue: test.pValue,
        regression: worse && test.pValue < alpha,
      });
    }
    previous = { index, estimate };
  }
  return checks;
}
