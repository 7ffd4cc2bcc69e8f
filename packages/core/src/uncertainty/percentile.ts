import { InvalidInputError } from "../errors/invalid-input-error.ts";

/**
 * Quantile of an ascending-sorted sample with numpy's default 'linear' method:
 * h = (n − 1)q, v[⌊h⌋] + (h − ⌊h⌋)(v[⌊h⌋+1] − v[⌊h⌋]) (STATISTICS.md §6).
 */
export function linearQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new InvalidInputError("quantile of an empty sample");
  if (!(q >= 0 && q <= 1)) throw new InvalidInputError(`quantile level must be in [0, 1], got ${q}`);
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const below = sorted[lo] as number;
  if (lo + 1 >= n) return below;
  const above = sorted[lo + 1] as number;
  // numpy's _lerp: a + t(b − a), switched to b − (1 − t)(b − a) for t ≥ ½ so that t = 1 gives b exactly.
  const t = h - lo;
  const diff = above - below;
  return t >= 0.5 ? above - diff * (1 - t) : below + diff * t;
}

/** Percentile interval [quantile(α/2), quantile(1 − α/2)] of an ascending-sorted sample, α = 1 − level. */
export function percentileInterval(sorted: ArrayLike<number>, level: number): [number, number] {
  validateLevel(level);
  const alpha = 1 - level;
  return [linearQuantile(sorted, alpha / 2), linearQuantile(sorted, 1 - alpha / 2)];
}

export function validateLevel(level: number): void {
  if (typeof level !== "number" || !(level > 0 && level < 1)) {
    throw new InvalidInputError(`level must be a number strictly between 0 and 1, got ${String(level)}`);
  }
}
