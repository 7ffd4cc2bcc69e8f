import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { sortScoresByClass, splitScoresByClass } from "../metrics/split-scores-by-class.ts";
import type { CostMatrix } from "./cost-matrix.ts";
import { CostOptimumTracker } from "./cost-optimum-tracker.ts";
import type { DecisionCost } from "./decision-cost.ts";
import { DistinctThresholdCursor } from "./distinct-threshold-cursor.ts";
import { exactCostPerDecision } from "./exact-cost.ts";
import { validateDecisionInputs } from "./validate-decision-inputs.ts";

export const DEFAULT_COST_CURVE_POINTS = 200;

export interface CostCurveOptions {
  labels: Float64Array;
  scores: Float64Array;
  costs: CostMatrix;
  /** Most points to return, at least 3; default 200. */
  maxPoints?: number;
}

export interface CostCurve {
  /**
   * Expected cost per decision at each kept threshold, by ascending threshold. The first
   * point is the lowest score (every row predicted positive), the last is `Infinity`
   * (every row predicted negative) — a chart should clamp or label it.
   */
  points: DecisionCost[];
  /** Index in `points` of the cost-optimal threshold; the same one `costOptimalThreshold` returns. */
  optimalIndex: number;
  /** Thresholds on the full curve before downsampling: distinct scores + 1 (for +∞). */
  thresholdCount: number;
}

/**
 * Expected cost per decision as a function of the threshold, for charts. The full curve has
 * one point per distinct score plus +∞; when that is more than `maxPoints`, it keeps both
 * ends, the cost-optimal point, and the cheapest and dearest point of each of
 * ⌊(maxPoints − 3)/2⌋ buckets of consecutive thresholds (equal numbers of thresholds per
 * bucket), so peaks and dips survive the downsampling. Every kept point's cost is exact.
 */
export function costCurve(opts: CostCurveOptions): CostCurve {
  const { labels, scores, maxPoints = DEFAULT_COST_CURVE_POINTS } = opts;
  const costs = validateDecisionInputs(labels, scores, opts.costs);
  if (!Number.isInteger(maxPoints) || maxPoints < 3) {
    throw new InvalidInputError(`maxPoints must be an integer of at least 3, got ${String(maxPoints)}`);
  }
  const { positives, negatives } = sortScoresByClass(splitScoresByClass(labels, scores));
  const tracker = new CostOptimumTracker(costs, positives.length, negatives.length);

  let distinct = 0;
  for (const counter = new DistinctThresholdCursor(positives, negatives); counter.next(); ) distinct++;
  const thresholdCount = distinct + 1;

  // Index k walks the full curve from +∞ (k = 0) down to the lowest score (k = distinct).
  const kept = new Map<number, CurveRow>();
  kept.set(0, { threshold: Number.POSITIVE_INFINITY, tp: 0, fp: 0 });
  const keepAll = thresholdCount <= maxPoints;
  const buckets = keepAll ? 0 : Math.floor((maxPoints - 3) / 2);
  const interior = distinct - 1; // indices 1 … distinct − 1
  const extremes = new BucketExtremes(buckets);
  const cursor = new DistinctThresholdCursor(positives, negatives);
  for (let k = 1; cursor.next(); k++) {
    const { threshold, tp, fp } = cursor;
    const delta = tracker.delta(tp, fp);
    tracker.offer(k, threshold, tp, fp, delta);
    if (keepAll || k === distinct) kept.set(k, { threshold, tp, fp });
    else if (buckets > 0) extremes.offer(Math.floor(((k - 1) * buckets) / interior), k, threshold, tp, fp, delta);
  }
  extremes.keepInto(kept);
  kept.set(tracker.bestIndex, { threshold: tracker.bestThreshold, tp: tracker.bestTp, fp: tracker.bestFp });

  const order = [...kept.keys()].sort((x, y) => y - x); // ascending threshold
  const points = order.map((k) => {
    const { threshold, tp, fp } = kept.get(k) as CurveRow;
    const counts = tracker.countsAt(tp, fp);
    return { threshold, expectedCost: exactCostPerDecision(counts, tracker.exact), counts };
  });
  return { points, optimalIndex: order.indexOf(tracker.bestIndex), thresholdCount };
}

interface CurveRow {
  threshold: number;
  tp: number;
  fp: number;
}

/** The cheapest and dearest threshold seen in each bucket (by float cost delta). */
class BucketExtremes {
  // Per bucket and extreme: [k, threshold, tp, fp]; k = -1 while the bucket is empty.
  private readonly cheapest: Float64Array;
  private readonly dearest: Float64Array;
  private readonly minDelta: Float64Array;
  private readonly maxDelta: Float64Array;

  constructor(private readonly count: number) {
    this.cheapest = new Float64Array(4 * count).fill(-1);
    this.dearest = new Float64Array(4 * count).fill(-1);
    this.minDelta = new Float64Array(count).fill(Number.POSITIVE_INFINITY);
    this.maxDelta = new Float64Array(count).fill(Number.NEGATIVE_INFINITY);
  }

  offer(bucket: number, k: number, threshold: number, tp: number, fp: number, delta: number): void {
    if (delta < (this.minDelta[bucket] as number)) {
      this.minDelta[bucket] = delta;
      store(this.cheapest, 4 * bucket, k, threshold, tp, fp);
    }
    if (delta > (this.maxDelta[bucket] as number)) {
      this.maxDelta[bucket] = delta;
      store(this.dearest, 4 * bucket, k, threshold, tp, fp);
    }
  }

  keepInto(kept: Map<number, CurveRow>): void {
    for (const rows of [this.cheapest, this.dearest]) {
      for (let b = 0; b < this.count; b++) {
        const k = rows[4 * b] as number;
        if (k < 0) continue;
        kept.set(k, {
          threshold: rows[4 * b + 1] as number,
          tp: rows[4 * b + 2] as number,
          fp: rows[4 * b + 3] as number,
        });
      }
    }
  }
}

function store(rows: Float64Array, at: number, k: number, threshold: number, tp: number, fp: number): void {
  rows[at] = k;
  rows[at + 1] = threshold;
  rows[at + 2] = tp;
  rows[at + 3] = fp;
}
