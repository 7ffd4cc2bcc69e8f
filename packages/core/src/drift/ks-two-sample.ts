import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { kolmogorovSf } from "./kolmogorov-sf.ts";
import { gcd, ksExactPValue } from "./ks-exact.ts";
import { ksStatisticSorted } from "./merge-sorted-samples.ts";
import { requireNonEmpty, type SideCounts, sortedSample } from "./numeric-sample.ts";

/** scipy's `ks_2samp(method=…)`: "auto" is exact when max(n1, n2) ≤ 10,000. */
export type KsMethodOption = "auto" | "exact" | "asymp";
export type KsMethod = "exact" | "asymp";

export const KS_EXACT_MAX_N = 10_000;
const INT32_MAX = 2 ** 31 - 1;

export interface KsTwoSampleOptions {
  /** Default "auto", as scipy. */
  method?: KsMethodOption;
}

export interface KsPValue {
  /** D; in exact mode rounded to the lattice h/lcm(n1, n2), as scipy reports it. */
  statistic: number;
  pValue: number;
  /** The method that produced the p-value. */
  method: KsMethod;
}

export interface KsTwoSampleResult extends KsPValue {
  /** Non-missing values used, per side. */
  n: SideCounts;
  /** NaN values left out, per side. */
  missing: SideCounts;
}

/**
 * Two-sided two-sample Kolmogorov–Smirnov test, as scipy 1.10.1
 * `ks_2samp(reference, current)` (STATISTICS.md §2). NaN is missing: left out and counted
 * in the result, never silently. Either side empty after that → InvalidInputError.
 */
export function ksTwoSample(
  reference: Float64Array,
  current: Float64Array,
  options: KsTwoSampleOptions = {},
): KsTwoSampleResult {
  const ref = sortedSample(reference, "reference");
  const cur = sortedSample(current, "current");
  requireNonEmpty(ref.values.length, ref.missing, "reference");
  requireNonEmpty(cur.values.length, cur.missing, "current");
  const statistic = ksStatisticSorted(ref.values, cur.values);
  const test = ksPValue({ statistic, n1: ref.values.length, n2: cur.values.length, method: options.method });
  return {
    ...test,
    n: { reference: ref.values.length, current: cur.values.length },
    missing: { reference: ref.missing, current: cur.missing },
  };
}

export interface KsPValueOptions {
  /** max |F1 − F2| as computed from the samples. */
  statistic: number;
  n1: number;
  n2: number;
  method?: KsMethodOption | undefined;
}

/** The p-value half of `ks_2samp` for a statistic already computed from samples of sizes n1, n2. */
export function ksPValue(options: KsPValueOptions): KsPValue {
  const { n1, n2 } = options;
  let statistic = options.statistic;
  const requested = options.method ?? "auto";
  if (!Number.isSafeInteger(n1) || !Number.isSafeInteger(n2) || n1 < 1 || n2 < 1) {
    throw new InvalidInputError(`KS sample sizes must be positive integers, got ${n1} and ${n2}`);
  }
  if (!(statistic >= 0 && statistic <= 1))
    throw new InvalidInputError(`KS statistic must be in [0, 1], got ${statistic}`);
  if (requested !== "auto" && requested !== "exact" && requested !== "asymp") {
    throw new InvalidInputError(`KS method must be auto, exact or asymp, got ${String(requested)}`);
  }
  const g = gcd(n1, n2);
  let method: KsMethod;
  if (requested === "auto") method = Math.max(n1, n2) <= KS_EXACT_MAX_N ? "exact" : "asymp";
  else if (requested === "exact") method = n1 / g >= INT32_MAX / (n2 / g) ? "asymp" : "exact";
  else method = "asymp";

  if (method === "exact") {
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(statistic * lcm);
    statistic = h / lcm;
    if (h === 0) return { statistic, pValue: 1, method };
    const p = ksExactPValue(n1, n2, h);
    if (p >= 0 && p <= 1) return { statistic, pValue: p, method };
    method = "asymp"; // scipy's fallback on a failed exact computation (never seen here)
  }
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const effectiveN = roundHalfEven((m * n) / (m + n));
  return { statistic, pValue: Math.min(1, Math.max(0, kolmogorovSf(statistic, effectiveN))), method };
}

/** numpy's `np.round`: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
