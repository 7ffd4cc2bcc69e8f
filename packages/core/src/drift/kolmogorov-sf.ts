import { durbinCdf } from "./durbin-cdf.ts";
import { pelzGoodCdf } from "./pelz-good-cdf.ts";
import { smirnovSf } from "./smirnov-sf.ts";

// biome-ignore-start lint/correctness/noPrecisionLoss: scipy's Stirling coefficients, kept digit for digit
// B_{2j}/(2j)/(2j−1) for j = 8…1 (scipy `_ksstats._STIRLING_COEFFS`).
const STIRLING = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
  -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
] as const;
// biome-ignore-end lint/correctness/noPrecisionLoss: end of the Stirling coefficients
const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Survival function of the exact one-sample Kolmogorov distribution, P(D_n ≥ x): scipy
 * 1.10.1 `kstwo.sf(x, n)` with its Simard–L'Ecuyer branch table (`_ksstats._kolmogn`,
 * STATISTICS.md §2):
 * - x ≥ 1 → 0; x ≤ 0 or nx ≤ ½ → 1;
 * - nx ≤ 1 (Ruben–Gambino) → 1 − (n!/n^n)(2nx − 1)^n; nx ≥ n − 1 → 2(1 − x)^n;
 * - x ≥ ½ → 2·smirnov(n, x);
 * - n ≤ 140: nx² ≤ 4 → 1 − Durbin (scipy uses Pomeranz above nx² = 0.754693; both are
 *   exact), else 2·smirnov;
 * - n > 140: nx² ≥ 370 → 0; nx² ≥ 2.2 → 2·smirnov; n ≤ 10^5 and n·x^1.5 ≤ 1.4 → 1 − Durbin;
 *   otherwise 1 − Pelz–Good.
 * `n` must be a positive integer.
 */
export function kolmogorovSf(x: number, n: number): number {
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    return clip(1 - rubenGambinoCdf(n, t));
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 4) return clip(1 - durbinCdf(n, x));
    return clip(2 * smirnovSf(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clip(2 * smirnovSf(n, x));
  const cdf = n <= 100_000 && n * x ** 1.5 <= 1.4 ? durbinCdf(n, x) : pelzGoodCdf(n, x);
  return clip(1 - cdf);
}

/** P(D_n ≤ t/n) = (n!/n^n)(2t − 1)^n for ½ < t ≤ 1. */
function rubenGambinoCdf(n: number, t: number): number {
  if (n <= 140) {
    let product = 1;
    for (let i = 1; i <= n; i++) product *= i * (1 / n) * (2 * t - 1);
    return product;
  }
  return Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
}

/** ln(n!/n^n) by Stirling's series with n ln n removed up front (scipy `_log_nfactorial_div_n_pow_n`). */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  let series = 0;
  for (const c of STIRLING) series = series * (rn / n) + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * series;
}

function clip(p: number): number {
  return Math.min(1, Math.max(0, p));
}
