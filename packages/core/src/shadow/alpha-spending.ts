import { InvalidInputError } from "../errors/invalid-input-error.ts";

/**
 * The miss probability spent at look k: α_k = α·6/(π²k²). Σ_{k≥1} 1/k² = π²/6, so the
 * α_k sum to α over the whole (unbounded) sequence of looks, and by the union bound the
 * intervals computed at level 1 − α_k cover at every look at once with probability
 * ≥ 1 − α, however many snapshots are taken and whatever is decided after each.
 */
export function alphaSpentAtLook(alpha: number, look: number): number {
  if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1)) {
    throw new InvalidInputError(`alpha must be strictly between 0 and 1, got ${String(alpha)}`);
  }
  if (!Number.isInteger(look) || look < 1)
    throw new InvalidInputError(`look must be an integer ≥ 1, got ${String(look)}`);
  return (alpha * 6) / (Math.PI * Math.PI * look * look);
}
