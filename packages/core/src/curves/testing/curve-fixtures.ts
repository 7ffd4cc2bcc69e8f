import { createRng } from "../../random/create-rng.ts";

/** Seeded informative scores in (0, 1): positives shifted up, ~25% positives. */
export function noisyScores(n: number, seed: number): { labels: Float64Array; scores: Float64Array } {
  const rng = createRng(seed);
  const labels = new Float64Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const y = rng.nextFloat() < 0.25 ? 1 : 0;
    labels[i] = y;
    const z = 1.2 * y - 0.6 + 2 * (rng.nextFloat() + rng.nextFloat() - 1);
    scores[i] = 1 / (1 + Math.exp(-z));
  }
  return { labels, scores };
}

type Point = readonly [number, number];

/** The largest distance from a point of `full` to the polyline through `kept`. */
export function polylineDistance(full: readonly Point[], kept: readonly Point[]): number {
  let worst = 0;
  for (const [px, py] of full) {
    let best = Number.POSITIVE_INFINITY;
    for (let k = 1; k < kept.length; k++) {
      const [ax, ay] = kept[k - 1] as Point;
      const [bx, by] = kept[k] as Point;
      const dx = bx - ax;
      const dy = by - ay;
      const length2 = dx * dx + dy * dy;
      const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
      best = Math.min(best, Math.hypot(px - (ax + t * dx), py - (ay + t * dy)));
    }
    worst = Math.max(worst, best);
  }
  return worst;
}
