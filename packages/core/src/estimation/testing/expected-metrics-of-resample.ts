import { type CbpeRows, type LabelFreeThresholdMetricName, thresholdMetricsOf } from "../cbpe-metrics.ts";

// The interval estimatePerformance gave before it drew labels (rows resampled, expected
// metrics read off each resample): kept only so the coverage test can show it under-covers.

/**
 * Sums for a bootstrap replicate: TP and FN as plain sums of p (FP and TN from the counts),
 * accurate to ~1e-12 relative, which percentiles do not notice; the reported estimate
 * uses the compensated `expectedConfusion`.
 */
export function expectedThresholdMetricsOfResample(
  rows: CbpeRows,
  indices: ArrayLike<number>,
): Record<LabelFreeThresholdMetricName, number> {
  const { probabilities, predicted } = rows;
  let positiveP = 0;
  let negativeP = 0;
  let predictedPositive = 0;
  for (let k = 0; k < indices.length; k++) {
    const row = indices[k] as number;
    const p = probabilities[row] as number;
    if (predicted[row] === 1) {
      positiveP += p;
      predictedPositive++;
    } else {
      negativeP += p;
    }
  }
  return thresholdMetricsOf({
    truePositives: positiveP,
    falsePositives: predictedPositive - positiveP,
    falseNegatives: negativeP,
    trueNegatives: indices.length - predictedPositive - negativeP,
  });
}
