import { InvalidInputError } from "../errors/invalid-input-error.ts";
import type { ResolvedCostMatrix } from "./cost-matrix.ts";
import type { ConfusionCounts, DecisionCost } from "./decision-cost.ts";
import { type ExactCosts, exactCostPerDecision, toDyadic, toExactCosts } from "./exact-cost.ts";

const UNIT_ROUNDOFF = 2 ** -53;

/**
 * Finds the cheapest threshold among those offered, exactly, while doing float work only.
 *
 * With P positives and N negatives, moving from threshold +∞ (all predicted negative) to
 * one where `tp` positives and `fp` negatives are predicted positive changes the total
 * cost by `tp·(c_tp − c_fn) + fp·(c_fp − c_tn)`. The tracker compares these deltas in
 * floats and settles only near-ties (within a proven bound on the rounding error)
 * exactly, so its order is the exact order of the true costs.
 *
 * Ties: among thresholds of exactly equal cost, the first offered wins. The sweeps offer
 * thresholds from the highest down, so that is the highest threshold — the one that
 * flags the fewest rows positive.
 */
export class CostOptimumTracker {
  /** c_tp − c_fn and c_fp − c_tn, rounded to doubles. */
  readonly tpSlope: number;
  readonly fpSlope: number;
  readonly exact: ExactCosts;
  /** Float deltas closer than this may be ordered wrongly and are settled exactly; 0 when floats are exact. */
  private readonly margin: number;
  private readonly tpSlopeUnits: bigint;
  private readonly fpSlopeUnits: bigint;
  private readonly tpSlopeSign: number;
  private readonly fpSlopeSign: number;

  bestIndex = 0;
  bestThreshold = Number.POSITIVE_INFINITY;
  bestTp = 0;
  bestFp = 0;
  bestDelta = 0;

  constructor(
    costs: ResolvedCostMatrix,
    private readonly nPos: number,
    private readonly nNeg: number,
  ) {
    this.exact = toExactCosts(costs);
    this.tpSlope = costs.tp - costs.fn;
    this.fpSlope = costs.fp - costs.tn;
    this.tpSlopeUnits = this.exact.tp - this.exact.fn;
    this.fpSlopeUnits = this.exact.fp - this.exact.tn;
    this.tpSlopeSign = sign(this.tpSlopeUnits);
    this.fpSlopeSign = sign(this.fpSlopeUnits);

    const scale = nPos * Math.abs(this.tpSlope) + nNeg * Math.abs(this.fpSlope);
    if (!Number.isFinite(2 * scale)) {
      throw new InvalidInputError(`costs are too large to total over ${nPos + nNeg} rows without overflow`);
    }
    const floatsAreExact =
      equalsUnits(this.tpSlope, this.tpSlopeUnits, this.exact.exponent) &&
      equalsUnits(this.fpSlope, this.fpSlopeUnits, this.exact.exponent) &&
      BigInt(nPos) * abs(this.tpSlopeUnits) + BigInt(nNeg) * abs(this.fpSlopeUnits) <= 2n ** 53n;
    // Each delta is 3 rounded operations on the exactly-rounded slopes: error ≤ ~3.01u·scale
    // (plus a few subnormal half-ulps); two deltas are compared, so 16u·scale is generous.
    this.margin = floatsAreExact ? 0 : 16 * UNIT_ROUNDOFF * scale + 16 * Number.MIN_VALUE;
  }

  /** Cost of the counts minus the cost at threshold +∞ (a total, not per row), in floats. */
  delta(tp: number, fp: number): number {
    return tp * this.tpSlope + fp * this.fpSlope;
  }

  /** Considers one threshold; `delta` must be `this.delta(tp, fp)`. */
  offer(index: number, threshold: number, tp: number, fp: number, delta: number): void {
    if (
      delta < this.bestDelta - this.margin ||
      (this.margin > 0 && delta <= this.bestDelta + this.margin && this.exactlyCheaper(tp, fp))
    ) {
      this.bestIndex = index;
      this.bestThreshold = threshold;
      this.bestTp = tp;
      this.bestFp = fp;
      this.bestDelta = delta;
    }
  }

  best(): DecisionCost {
    const counts = this.countsAt(this.bestTp, this.bestFp);
    return { threshold: this.bestThreshold, expectedCost: exactCostPerDecision(counts, this.exact), counts };
  }

  countsAt(tp: number, fp: number): ConfusionCounts {
    return { tp, fp, tn: this.nNeg - fp, fn: this.nPos - tp };
  }

  /** Is (tp, fp) strictly cheaper than the best so far, in exact arithmetic? */
  private exactlyCheaper(tp: number, fp: number): boolean {
    const dTp = tp - this.bestTp;
    const dFp = fp - this.bestFp;
    // Sign of dTp·tpSlope + dFp·fpSlope; BigInt only when the two terms pull apart.
    const s1 = Math.sign(dTp) * this.tpSlopeSign;
    const s2 = Math.sign(dFp) * this.fpSlopeSign;
    if (s1 >= 0 && s2 >= 0) return false;
    if (s1 <= 0 && s2 <= 0) return true;
    return BigInt(dTp) * this.tpSlopeUnits + BigInt(dFp) * this.fpSlopeUnits < 0n;
  }
}

function sign(x: bigint): number {
  return x > 0n ? 1 : x < 0n ? -1 : 0;
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

/** Is the double x exactly units × 2^exponent? */
function equalsUnits(x: number, units: bigint, exponent: number): boolean {
  const d = toDyadic(x);
  if (units === 0n || d.mantissa === 0n) return units === d.mantissa;
  return d.exponent >= exponent && d.mantissa << BigInt(d.exponent - exponent) === units;
}
