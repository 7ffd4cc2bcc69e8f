import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { validateBinaryInputs } from "../metrics/validate-binary-inputs.ts";
import { delongComponents, shiftedVariance } from "./delong-test.ts";
import { normalQuantile } from "./special-functions.ts";

/** Test size and power of a planned two-sided comparison. */
export interface PowerSettings {
  /** Two-sided significance level (default 0.05). */
  alpha?: number;
  /** Probability of detecting the difference when it is real (default 0.8). */
  power?: number;
}

export interface McnemarSampleSizeOptions extends PowerSettings {
  /** P(A wrong, B right) per row. */
  p01: number;
  /** P(A right, B wrong) per row. */
  p10: number;
}

export interface SampleSize {
  /** Rows (pairs) needed, rounded up. */
  n: number;
  /** The formula's value before rounding. */
  unrounded: number;
}

/**
 * Labelled rows needed to detect a paired accuracy difference with McNemar's test
 * (Connor 1987; STATISTICS.md §11): ψ = p10 + p01, δ = p10 − p01,
 * n = ⌈(z_{1−α/2}√ψ + z_{1−β}√(ψ − δ²))² / δ²⌉. Vector: p01 = .45, p10 = .05 → 22.01 → 23.
 */
export function mcnemarSampleSize(options: McnemarSampleSizeOptions): SampleSize {
  const { p01, p10 } = options;
  const { zAlpha, zBeta } = zValues(options);
  for (const [name, p] of [
    ["p01", p01],
    ["p10", p10],
  ] as const) {
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
      throw new InvalidInputError(`${name} must be a probability in [0, 1], got ${String(p)}`);
    }
  }
  if (p01 + p10 > 1) throw new InvalidInputError(`p01 + p10 must be at most 1, got ${p01 + p10}`);
  if (p01 === p10) throw new InvalidInputError("p01 equals p10: there is no accuracy difference to detect");
  const psi = p10 + p01;
  const delta = p10 - p01;
  const root = zAlpha * Math.sqrt(psi) + zBeta * Math.sqrt(psi - delta * delta);
  const unrounded = (root * root) / (delta * delta);
  return { n: Math.ceil(unrounded), unrounded };
}

export interface HanleyMcNeilOptions {
  auc: number;
  nPositive: number;
  nNegative: number;
}

/**
 * Hanley & McNeil (1982) variance of an AUC estimate: Q₁ = A/(2−A), Q₂ = 2A²/(1+A),
 * Var = [A(1−A) + (n⁺−1)(Q₁−A²) + (n⁻−1)(Q₂−A²)]/(n⁺n⁻).
 */
export function hanleyMcNeilVariance(options: HanleyMcNeilOptions): number {
  const { auc: a, nPositive, nNegative } = options;
  if (typeof a !== "number" || !(a >= 0 && a <= 1))
    throw new InvalidInputError(`auc must be in [0, 1], got ${String(a)}`);
  for (const [name, v] of [
    ["nPositive", nPositive],
    ["nNegative", nNegative],
  ] as const) {
    if (!(v >= 1) || !Number.isFinite(v)) throw new InvalidInputError(`${name} must be at least 1, got ${String(v)}`);
  }
  const q1 = a / (2 - a);
  const q2 = (2 * a * a) / (1 + a);
  return (a * (1 - a) + (nPositive - 1) * (q1 - a * a) + (nNegative - 1) * (q2 - a * a)) / (nPositive * nNegative);
}

/** √ of `hanleyMcNeilVariance`. Vector: A = .8, n⁺ = n⁻ = 50 → 0.044502. */
export function hanleyMcNeilStandardError(options: HanleyMcNeilOptions): number {
  return Math.sqrt(hanleyMcNeilVariance(options));
}

export interface AucDifferenceSampleSizeOptions extends PowerSettings {
  aucA: number;
  aucB: number;
  /** Correlation of the two AUC estimates (same rows); 0, the default, is conservative. */
  correlation?: number;
  /** κ = n⁻/n⁺ (default 1). */
  negativesPerPositive?: number;
}

export interface AucSampleSize {
  nPositive: number;
  nNegative: number;
}

const MAX_POSITIVES = 2 ** 40;

/**
 * Smallest n⁺ (with n⁻ = ⌈κn⁺⌉, both at least 2, as the DeLong test needs) such that
 * (z_{1−α/2} + z_{1−β})·√Var(Δ) ≤ |Δ|, with Var(Δ) = V₁ + V₂ − 2r√(V₁V₂) from
 * Hanley–McNeil variances; found by doubling, then bisection (STATISTICS.md §11).
 */
export function aucDifferenceSampleSize(options: AucDifferenceSampleSizeOptions): AucSampleSize {
  const { aucA, aucB, correlation = 0, negativesPerPositive = 1 } = options;
  const { zAlpha, zBeta } = zValues(options);
  if (typeof correlation !== "number" || !(correlation >= -1 && correlation <= 1)) {
    throw new InvalidInputError(`correlation must be in [-1, 1], got ${String(correlation)}`);
  }
  const kappa = validateKappa(negativesPerPositive);
  const delta = Math.abs(aucA - aucB);
  if (!(delta > 0)) throw new InvalidInputError("aucA equals aucB: there is no difference to detect");
  const z = zAlpha + zBeta;
  const sizeFor = (nPositive: number): AucSampleSize => ({
    nPositive,
    nNegative: Math.max(2, Math.ceil(kappa * nPositive)),
  });
  const enough = (nPositive: number): boolean => {
    const { nNegative } = sizeFor(nPositive);
    const v1 = hanleyMcNeilVariance({ auc: aucA, nPositive, nNegative });
    const v2 = hanleyMcNeilVariance({ auc: aucB, nPositive, nNegative });
    const variance = Math.max(0, v1 + v2 - 2 * correlation * Math.sqrt(v1 * v2));
    return z * Math.sqrt(variance) <= delta;
  };
  let lo = 1; // fails (or is below the minimum of 2)
  let hi = 2;
  while (!enough(hi)) {
    lo = hi;
    hi *= 2;
    if (hi > MAX_POSITIVES)
      throw new InvalidInputError("the difference is too small to detect with any feasible sample");
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (enough(mid)) hi = mid;
    else lo = mid;
  }
  return sizeFor(hi);
}

export interface AucSampleSizeFromPilotOptions extends PowerSettings {
  /** Pilot rows scored by both models. */
  labels: Float64Array;
  scoresA: Float64Array;
  scoresB: Float64Array;
  /** AUC difference to detect; default: the pilot's own difference. */
  difference?: number;
  /** κ = n⁻/n⁺; default: the pilot's ratio. */
  negativesPerPositive?: number;
}

export interface AucSampleSizeFromPilot extends AucSampleSize {
  /** n⁺ before rounding. */
  unrounded: number;
  /** The AUC difference the size is planned for. */
  difference: number;
  /** aucA − aucB on the pilot. */
  pilotDifference: number;
}

/**
 * Sample size for a paired AUC comparison from pilot data (STATISTICS.md §11, preferred
 * form): with the DeLong components, s²₊ = var(V10_A − V10_B), s²₋ = var(V01_A − V01_B),
 * n⁺ = (z_{1−α/2} + z_{1−β})²(s²₊ + s²₋/κ)/Δ², n⁻ = ⌈κn⁺⌉ (both at least 2).
 */
export function aucSampleSizeFromPilot(options: AucSampleSizeFromPilotOptions): AucSampleSizeFromPilot {
  const { labels, scoresA, scoresB } = options;
  const { zAlpha, zBeta } = zValues(options);
  validateBinaryInputs(labels, scoresA);
  validateBinaryInputs(labels, scoresB);
  const a = delongComponents(labels, scoresA);
  const b = delongComponents(labels, scoresB);
  const m = a.positive.length;
  const n = a.negative.length;
  const pilotDifference = a.auc - b.auc;
  const difference = options.difference ?? pilotDifference;
  if (typeof difference !== "number" || !(Math.abs(difference) > 0) || !Number.isFinite(difference)) {
    throw new InvalidInputError(`the AUC difference to detect must be a non-zero number, got ${String(difference)}`);
  }
  const kappa = validateKappa(options.negativesPerPositive ?? n / m);
  const varPositive = shiftedVariance(m, (i) => (a.positive[i] as number) - (b.positive[i] as number));
  const varNegative = shiftedVariance(n, (j) => (a.negative[j] as number) - (b.negative[j] as number));
  const z = zAlpha + zBeta;
  const unrounded = (z * z * (varPositive + varNegative / kappa)) / (difference * difference);
  const nPositive = Math.max(2, Math.ceil(unrounded));
  return {
    nPositive,
    nNegative: Math.max(2, Math.ceil(kappa * nPositive)),
    unrounded,
    difference,
    pilotDifference,
  };
}

function zValues(settings: PowerSettings): { zAlpha: number; zBeta: number } {
  const { alpha = 0.05, power = 0.8 } = settings;
  if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1)) {
    throw new InvalidInputError(`alpha must be strictly between 0 and 1, got ${String(alpha)}`);
  }
  if (typeof power !== "number" || !(power > 0 && power < 1)) {
    throw new InvalidInputError(`power must be strictly between 0 and 1, got ${String(power)}`);
  }
  return { zAlpha: normalQuantile(1 - alpha / 2), zBeta: normalQuantile(power) };
}

function validateKappa(kappa: number): number {
  if (typeof kappa !== "number" || !(kappa > 0) || !Number.isFinite(kappa)) {
    throw new InvalidInputError(`negativesPerPositive must be a positive number, got ${String(kappa)}`);
  }
  return kappa;
}
