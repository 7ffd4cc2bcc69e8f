import { NeumaierSum } from "../numerics/neumaier-sum.ts";

// cephes MINLOG = ln(2^−1022): below it scipy returns an exact 0.
const MIN_LOG = -708.3964185322641;
// scipy switches to an approximation above this n (SMIRNOV_MAX_COMPUTE_N).
const MAX_COMPUTE_N = 1_000_000;

/**
 * One-sided Smirnov survival function S(n, x) = P(D_n⁺ ≥ x), as `scipy.special.smirnov`
 * (cephes `kolmogorov.c`, scipy 1.10.1): the same special cases, then the Birnbaum–Tingey
 * sum x·Σ_{j < n(1−x)} C(n, j)(x + j/n)^(j−1)(1 − x − j/n)^(n−j), each term formed in
 * logs (scipy uses double-double arithmetic; agreement is ~1e-12 relative) and summed
 * until the remaining terms cannot matter (scipy's stopping rule).
 */
export function smirnovSf(n: number, x: number): number {
  if (n === 1) return 1 - x;
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  const nx = n * x;
  if (nx <= 1) return 1 - x * (1 + x) ** (n - 1);
  if (-2 * nx * x < MIN_LOG) return 0;
  if (nx >= n - 1) return (1 - x) ** n;
  if (n > MAX_COMPUTE_N) {
    // p ≈ exp(−(6nx + 1)²/(18n))
    const logP = -((6 * nx + 1) ** 2) / 18 / n;
    return logP < -Math.LN2 ? Math.exp(logP) : 1 + Math.expm1(logP);
  }
  const termCount = termsBelow(n, x);
  const sum = new NeumaierSum();
  let logBinomial = 0; // ln C(n, j)
  for (let j = 0; j < termCount; j++) {
    const u = x + j / n;
    const logTerm = logBinomial + (j - 1) * Math.log(u) + (n - j) * Math.log1p(-u);
    const term = Math.exp(logTerm);
    sum.add(term);
    if (term > 0 && 4 * (termCount - j) * term < Number.EPSILON * sum.value() && j !== termCount - 1) break;
    logBinomial += Math.log((n - j) / (j + 1));
  }
  return Math.min(1, Math.max(0, x * sum.value()));
}

/** Number of terms j = 0, 1, … with x + j/n < 1 (a term with x + j/n = 1 is zero). */
function termsBelow(n: number, x: number): number {
  let count = Math.floor(n * (1 - x)) + 1;
  while (count > 0 && x + (count - 1) / n >= 1) count--;
  while (x + count / n < 1) count++;
  return count;
}
