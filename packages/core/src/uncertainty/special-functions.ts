import { InvalidInputError } from "../errors/invalid-input-error.ts";

// STATISTICS.md §0. Kept inside uncertainty/ because numerics/ belongs to another area; the
// functions are exported so drift tests (chi-square, KS) can reuse them.

// biome-ignore-start lint/correctness/noPrecisionLoss: published coefficients, kept digit for digit; each literal still rounds to the intended double
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;
// biome-ignore-end lint/correctness/noPrecisionLoss: end of the Lanczos coefficients
const HALF_LN_TWO_PI = 0.9189385332046728;

/** ln Γ(x) for x > 0: Lanczos (g = 7, 9 coefficients), reflection below ½; ~1e-15 relative. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) a += (LANCZOS[i] as number) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LN_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPSILON = 1e-16;
const MAX_ITERATIONS = 100_000;
const TINY = 1e-300;

/**
 * Regularised upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a), a > 0, x ≥ 0. For x < a + 1
 * the series for P (Q = 1 − P); otherwise a modified-Lentz continued fraction for Q, both
 * stopped at 1e-16 relative. Matches scipy's `gammaincc` to ~1e-11 (scipy switches to a
 * Temme expansion near a ≈ x, so the two are not bit-equal).
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || !Number.isFinite(a) || !(x >= 0)) {
    throw new InvalidInputError(`regularizedGammaQ needs a > 0 and x >= 0, got a = ${a}, x = ${x}`);
  }
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const logPrefactor = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) return 1 - Math.exp(logPrefactor) * lowerSeries(a, x);
  return Math.exp(logPrefactor) * upperContinuedFraction(a, x);
}

/** Σ_{n≥0} xⁿ / (a(a+1)…(a+n)), so that P(a, x) = prefactor · series. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
  }
  return sum;
}

/** Modified Lentz evaluation of the continued fraction with Q(a, x) = prefactor · value. */
function upperContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return h;
}

/** Complementary error function: erfc(x) = Q(½, x²) for x ≥ 0, 2 − erfc(−x) below. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) throw new InvalidInputError("erfc of NaN");
  return x >= 0 ? regularizedGammaQ(0.5, x * x) : 2 - regularizedGammaQ(0.5, x * x);
}

/** Standard normal survival function P(Z > z) = ½ Q(½, z²/2) for z ≥ 0 (full relative precision in the tail). */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) throw new InvalidInputError("normalSf of NaN");
  const tail = 0.5 * regularizedGammaQ(0.5, (z * z) / 2);
  return z >= 0 ? tail : 1 - tail;
}

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  return normalSf(-z);
}

// biome-ignore-start lint/correctness/noPrecisionLoss: published coefficients, kept digit for digit; each literal still rounds to the intended double
// Wichura, "Algorithm AS 241: The percentage points of the normal distribution",
// Applied Statistics 37 (1988), PPND16 (about 1e-16 relative).
const A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457,
  67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
] as const;
const B = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061,
  28729.085735721942674, 5226.495278852854561,
] as const;
const C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258,
  0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
] as const;
const D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
] as const;
const E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093,
  0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
] as const;
const F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
  1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
] as const;
// biome-ignore-end lint/correctness/noPrecisionLoss: end of the AS241 coefficients

function horner(coefficients: readonly number[], r: number): number {
  let value = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) value = value * r + (coefficients[i] as number);
  return value;
}

/** Standard normal quantile Φ⁻¹(p) (Wichura AS241); ±Infinity at p = 0 or 1. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new InvalidInputError(`normalQuantile needs p in [0, 1], got ${p}`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * horner(A, r)) / horner(B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value = horner(C, r) / horner(D, r);
  } else {
    r -= 5;
    value = horner(E, r) / horner(F, r);
  }
  return q < 0 ? -value : value;
}
