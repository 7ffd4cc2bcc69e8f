import type { ResolvedCostMatrix } from "./cost-matrix.ts";
import type { ConfusionCounts } from "./decision-cost.ts";

/**
 * Exact arithmetic on cost matrices. Every double is an integer times a power of two, so
 * the four costs can be written as integers over one common power of two:
 * cost_cell = units_cell × 2^exponent, exactly. A total Σ count × cost is then an exact
 * BigInt, and a cost per decision is that integer over n, rounded once.
 *
 * Why not a (compensated) floating-point sum: with costs like fp = 0.1, fn = 0.3, three
 * false positives and one false negative cost exactly the same, yet 3 × 0.1 ≠ 0.3 in
 * doubles — a float sweep would pick a threshold by rounding noise, and a cost near 0
 * (benefits cancelling costs) would carry unbounded relative error. The sweeps stay in
 * floats and fall back to this only when two candidates are too close to call.
 */
export interface ExactCosts {
  tp: bigint;
  fp: bigint;
  tn: bigint;
  fn: bigint;
  exponent: number;
}

interface Dyadic {
  /** Odd integer, or 0. */
  mantissa: bigint;
  exponent: number;
}

const scratch = new DataView(new ArrayBuffer(8));

/** x = mantissa × 2^exponent exactly, with the mantissa odd (or 0). */
export function toDyadic(x: number): Dyadic {
  if (x === 0) return { mantissa: 0n, exponent: 0 };
  scratch.setFloat64(0, x);
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exponent = -1074; // subnormal
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  while ((mantissa & 1n) === 0n) {
    mantissa >>= 1n;
    exponent++;
  }
  return { mantissa: hi >>> 31 ? -mantissa : mantissa, exponent };
}

export function toExactCosts(costs: ResolvedCostMatrix): ExactCosts {
  const cells = { tp: toDyadic(costs.tp), fp: toDyadic(costs.fp), tn: toDyadic(costs.tn), fn: toDyadic(costs.fn) };
  let exponent = Number.POSITIVE_INFINITY;
  for (const d of Object.values(cells)) if (d.mantissa !== 0n) exponent = Math.min(exponent, d.exponent);
  if (exponent === Number.POSITIVE_INFINITY) exponent = 0; // every cost is 0
  const units = (d: Dyadic) => d.mantissa << BigInt(d.mantissa === 0n ? 0 : d.exponent - exponent);
  return { tp: units(cells.tp), fp: units(cells.fp), tn: units(cells.tn), fn: units(cells.fn), exponent };
}

/** Σ count × cost over the four cells, in units of 2^exact.exponent; exact. */
export function exactTotalUnits(counts: ConfusionCounts, exact: ExactCosts): bigint {
  return (
    BigInt(counts.tp) * exact.tp +
    BigInt(counts.fp) * exact.fp +
    BigInt(counts.tn) * exact.tn +
    BigInt(counts.fn) * exact.fn
  );
}

/** Expected cost per decision for the counts: exact total / n, rounded once to nearest. */
export function exactCostPerDecision(counts: ConfusionCounts, exact: ExactCosts): number {
  const n = counts.tp + counts.fp + counts.tn + counts.fn;
  return roundQuotient(exactTotalUnits(counts, exact), exact.exponent, BigInt(n));
}

/**
 * numerator × 2^exponent / denominator (denominator > 0), correctly rounded to the nearest
 * double, ties to even (except in the subnormal range, where it may round twice —
 * a cost per decision below 1e-308 is not a case worth more code).
 */
export function roundQuotient(numerator: bigint, exponent: number, denominator: bigint): number {
  if (numerator === 0n) return 0;
  const negative = numerator < 0n;
  const a = negative ? -numerator : numerator;
  // Scale so the integer quotient has at least 65 bits: 12 more than a double keeps, so a
  // sticky bit for the remainder sits far below the rounding position.
  const shift = 66 - (bitLength(a) - bitLength(denominator));
  const scaledA = shift >= 0 ? a << BigInt(shift) : a;
  const scaledD = shift >= 0 ? denominator : denominator << BigInt(-shift);
  let q = scaledA / scaledD;
  if (scaledA % scaledD !== 0n) q |= 1n;
  // Number(bigint) rounds to nearest, ties to even (ECMA-262 "the Number value for").
  const magnitude = timesPowerOfTwo(Number(q), exponent - shift);
  return negative ? -magnitude : magnitude;
}

function bitLength(x: bigint): number {
  return x.toString(2).length;
}

/** x × 2^k, in steps so that 2^k itself never overflows or underflows. */
function timesPowerOfTwo(x: number, k: number): number {
  let result = x;
  let rest = k;
  while (rest > 1000) {
    result *= 2 ** 1000;
    rest -= 1000;
  }
  while (rest < -1000) {
    result *= 2 ** -1000;
    rest += 1000;
  }
  return result * 2 ** rest;
}
