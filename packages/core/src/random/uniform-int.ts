import { InvalidInputError } from "../errors/invalid-input-error.ts";
import type { Rng } from "./create-rng.ts";

const TWO_POW_32 = 4294967296;

/**
 * Uniform integer in [0, n) for 1 <= n <= 2^32, without modulo bias: draw r from
 * `nextUint32`, reject r >= 2^32 − (2^32 mod n), return r mod n (STATISTICS.md §6).
 */
export function uniformInt(rng: Rng, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
    throw new InvalidInputError(`uniformInt: n must be an integer in [1, 2^32], got ${n}`);
  }
  const limit = TWO_POW_32 - (TWO_POW_32 % n);
  for (;;) {
    const r = rng.nextUint32();
    if (r < limit) return r % n;
  }
}
