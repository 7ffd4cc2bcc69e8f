import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { validateBinaryInputs, validateThreshold } from "../metrics/validate-binary-inputs.ts";
import { NeumaierSum } from "../numerics/neumaier-sum.ts";

/**
 * McNemar's exact test (statsmodels `mcnemar(table, exact=True)`, STATISTICS.md §5): with
 * b and c the two discordant counts, p = min(1, 2·BinomCDF(min(b, c); b + c, ½)). No
 * discordant pairs → p = 1. O(min(b, c)).
 */
export function mcnemarExactPValue(b: number, c: number): number {
  for (const [name, v] of [
    ["b", b],
    ["c", c],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new InvalidInputError(`McNemar counts must be non-negative integers, got ${name} = ${String(v)}`);
    }
  }
  const total = b + c;
  if (total === 0) return 1;
  const k = Math.min(b, c);
  // t_k = C(N, k) / 2^N in logs (a sum of k logs is accurate to ~k·1e-16, better than
  // lgamma differences at large N), then t_{i−1} = t_i · i / (N − i + 1) downwards.
  const logTerm = new NeumaierSum();
  for (let i = 1; i <= k; i++) logTerm.add(Math.log((total - k + i) / i));
  logTerm.add(-total * Math.LN2);
  let term = Math.exp(logTerm.value());
  const cdf = new NeumaierSum();
  for (let i = k; i >= 0; i--) {
    cdf.add(term);
    if (term < cdf.value() * 1e-17) break;
    term *= i / (total - i + 1);
  }
  return Math.min(1, 2 * cdf.value());
}

export interface McnemarTestOptions {
  labels: Float64Array;
  scoresA: Float64Array;
  scoresB: Float64Array;
  /** Predicted positive when score >= threshold (both models). */
  threshold: number;
}

export interface McnemarTestResult {
  accuracyA: number;
  accuracyB: number;
  /** accuracyA − accuracyB = (onlyACorrect − onlyBCorrect)/n. */
  difference: number;
  bothCorrect: number;
  /** A right, B wrong (statsmodels table[0, 1] with rows = A correct/wrong, columns = B). */
  onlyACorrect: number;
  /** A wrong, B right (table[1, 0]). */
  onlyBCorrect: number;
  bothWrong: number;
  n: number;
  /** Exact two-sided p-value on the discordant pairs. */
  pValue: number;
}

/** McNemar's exact test of the accuracies of two models at one threshold, on the same rows. */
export function mcnemarTest(options: McnemarTestOptions): McnemarTestResult {
  const { labels, scoresA, scoresB, threshold } = options;
  validateBinaryInputs(labels, scoresA);
  validateBinaryInputs(labels, scoresB);
  validateThreshold(threshold);
  const n = labels.length;
  if (n === 0) throw new MetricUndefinedError("accuracy is undefined on zero rows", { metric: "accuracy" });
  let bothCorrect = 0;
  let onlyA = 0;
  let onlyB = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i] as number;
    const rightA = ((scoresA[i] as number) >= threshold ? 1 : 0) === y;
    const rightB = ((scoresB[i] as number) >= threshold ? 1 : 0) === y;
    if (rightA && rightB) bothCorrect++;
    else if (rightA) onlyA++;
    else if (rightB) onlyB++;
  }
  const correctA = bothCorrect + onlyA;
  const correctB = bothCorrect + onlyB;
  return {
    accuracyA: correctA / n,
    accuracyB: correctB / n,
    difference: (onlyA - onlyB) / n,
    bothCorrect,
    onlyACorrect: onlyA,
    onlyBCorrect: onlyB,
    bothWrong: n - bothCorrect - onlyA - onlyB,
    n,
    pValue: mcnemarExactPValue(onlyA, onlyB),
  };
}
