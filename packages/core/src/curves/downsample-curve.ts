import { InvalidInputError } from "../errors/invalid-input-error.ts";
import type { ThresholdSweep } from "./threshold-sweep.ts";

/** Points a chart curve keeps by default: enough for a smooth line, small enough to ship. */
export const DEFAULT_CURVE_POINTS = 200;

export interface CurveOptions {
  /** At most this many points (an integer ≥ 2, default 200); Infinity keeps every point. */
  maxPoints?: number;
}

export function resolveMaxPoints(options: CurveOptions | undefined): number {
  const maxPoints = options?.maxPoints ?? DEFAULT_CURVE_POINTS;
  if (maxPoints === Number.POSITIVE_INFINITY) return maxPoints;
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new InvalidInputError(`maxPoints must be an integer ≥ 2 or Infinity, got ${String(maxPoints)}`);
  }
  return maxPoints;
}

/**
 * Which curve of the sweep: point 0 is the origin (threshold above every score), point
 * i ≥ 1 is sweep threshold i − 1. ROC: (fp/N, tp/P), origin (0, 0). PR: (tp/P,
 * tp/(tp + fp)), origin (0, 1) as sklearn.
 */
export type SweepCurveKind = "roc" | "pr";

/**
 * Indices (ascending) of at most `maxPoints` points of a sweep curve that keep its shape;
 * the first and last point are always kept, and every point is kept when there are few
 * enough (count = thresholds + 1).
 *
 * Method: Largest-Triangle-Three-Buckets (Steinarsson, 2013) with buckets of equal *arc
 * length* instead of equal index ranges. ROC/PR sweeps crowd their points unevenly (10^6
 * thresholds may sit on a stretch a chart draws as a few pixels, while one jump between
 * two thresholds spans half the plot), so equal index buckets would waste the budget;
 * equal arc length spends it evenly along the drawn line, and a long segment simply
 * leaves its buckets empty. In each bucket LTTB keeps the point forming the largest
 * triangle with the previously kept point and the next bucket's centroid — the point
 * where the curve turns most — so corners (e.g. a perfect classifier's (0, 1)) survive,
 * where plain arc-length sampling would cut them. Arc length is measured as |Δx| + |Δy|
 * (for the monotone ROC curve simply Δfpr + Δtpr): the same spacing a chart needs, without
 * a square root per point. Three O(m) passes that compute the
 * coordinates from the counts on the fly, so a 10^7-threshold sweep allocates nothing of
 * its size. (The geometry here uses reciprocals; the points returned are recomputed
 * exactly by `Coordinates`.)
 */
export function downsampleSweepCurve(sweep: ThresholdSweep, kind: SweepCurveKind, maxPoints: number): Uint32Array {
  const count = sweep.thresholds.length + 1;
  if (count <= maxPoints) return Uint32Array.from({ length: count }, (_, i) => i);

  // Both curves as x = X·sx, y = Y / (α·Y + β·Z + γ) over sweep index k (point k + 1),
  // so the loops below are branch-free: ROC x = fp/N, y = tp/P; PR x = tp/P, y = tp/(tp + fp).
  const roc = kind === "roc";
  const X = roc ? sweep.falsePositives : sweep.truePositives;
  const Y = sweep.truePositives;
  const Z = sweep.falsePositives;
  const sx = 1 / (roc ? sweep.negatives : sweep.positives);
  const alpha = roc ? 0 : 1;
  const beta = roc ? 0 : 1;
  const gamma = roc ? sweep.positives : 0;
  const ox = 0;
  const oy = roc ? 0 : 1;
  const m = count - 1;

  // Pass 1: total arc length.
  let total = 0;
  let px = ox;
  let py = oy;
  for (let k = 0; k < m; k++) {
    const yk = Y[k] as number;
    const x = (X[k] as number) * sx;
    const y = yk / (alpha * yk + beta * (Z[k] as number) + gamma);
    total += Math.abs(x - px) + Math.abs(y - py);
    px = x;
    py = y;
  }
  if (!(total > 0)) return Uint32Array.of(0, count - 1);

  // Pass 2: interior points 1 … count−2 (k = 0 … m−2) go to `buckets` buckets by the arc
  // length at the point (summed exactly as in pass 1); bucket b is points [starts[b], starts[b + 1]).
  const buckets = maxPoints - 2;
  const starts = new Uint32Array(buckets + 1);
  const scale = buckets / total;
  let b = 0;
  starts[0] = 1;
  let length = 0;
  px = ox;
  py = oy;
  for (let k = 0; k < m - 1; k++) {
    const yk = Y[k] as number;
    const x = (X[k] as number) * sx;
    const y = yk / (alpha * yk + beta * (Z[k] as number) + gamma);
    length += Math.abs(x - px) + Math.abs(y - py);
    px = x;
    py = y;
    const bucket = Math.min(buckets - 1, Math.floor(length * scale));
    while (b < bucket) starts[++b] = k + 1;
  }
  while (b < buckets) starts[++b] = count - 1;

  // Pass 3: per non-empty bucket, the point of largest triangle with the last kept point
  // and the centroid of the next non-empty bucket (or the last point).
  const kept: number[] = [0];
  const last = m - 1;
  const lastY = Y[last] as number;
  const endX = (X[last] as number) * sx;
  const endY = lastY / (alpha * lastY + beta * (Z[last] as number) + gamma);
  let ax = ox;
  let ay = oy;
  for (b = 0; b < buckets; b++) {
    const lo = starts[b] as number;
    const hi = starts[b + 1] as number;
    if (lo === hi) continue;
    let next = b + 1;
    while (next < buckets && starts[next] === starts[next + 1]) next++;
    let cx = endX;
    let cy = endY;
    if (next < buckets) {
      const nlo = starts[next] as number;
      const nhi = starts[next + 1] as number;
      cx = 0;
      cy = 0;
      for (let k = nlo - 1; k < nhi - 1; k++) {
        const yk = Y[k] as number;
        cx += (X[k] as number) * sx;
        cy += yk / (alpha * yk + beta * (Z[k] as number) + gamma);
      }
      cx /= nhi - nlo;
      cy /= nhi - nlo;
    }
    let best = lo;
    let bestArea = -1;
    let bx = ax;
    let by = ay;
    for (let k = lo - 1; k < hi - 1; k++) {
      const yk = Y[k] as number;
      const x = (X[k] as number) * sx;
      const y = yk / (alpha * yk + beta * (Z[k] as number) + gamma);
      const area = Math.abs((x - ax) * (cy - ay) - (y - ay) * (cx - ax));
      if (area > bestArea) {
        bestArea = area;
        best = k + 1;
        bx = x;
        by = y;
      }
    }
    kept.push(best);
    ax = bx;
    ay = by;
  }
  kept.push(count - 1);
  return Uint32Array.from(kept);
}

/** Exact curve coordinates of point i (0 = origin, i = sweep threshold i − 1), as sklearn divides. */
export class Coordinates {
  private readonly tps: Uint32Array;
  private readonly fps: Uint32Array;
  private readonly positives: number;
  private readonly negatives: number;
  private readonly roc: boolean;

  constructor(sweep: ThresholdSweep, kind: SweepCurveKind) {
    this.tps = sweep.truePositives;
    this.fps = sweep.falsePositives;
    this.positives = sweep.positives;
    this.negatives = sweep.negatives;
    this.roc = kind === "roc";
  }

  x(i: number): number {
    if (i === 0) return 0;
    return this.roc ? (this.fps[i - 1] as number) / this.negatives : (this.tps[i - 1] as number) / this.positives;
  }

  y(i: number): number {
    if (i === 0) return this.roc ? 0 : 1;
    const tp = this.tps[i - 1] as number;
    return this.roc ? tp / this.positives : tp / (tp + (this.fps[i - 1] as number));
  }
}
