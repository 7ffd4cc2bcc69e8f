import { InvalidInputError } from "../errors/invalid-input-error.ts";

const MASK64 = (1n << 64n) - 1n;
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;

/**
 * SplitMix64 (Steele, Lea & Flood 2014; Vigna's reference `splitmix64.c`), on BigInt
 * modulo 2^64. Used only to expand a seed into generator state and to derive seeds for
 * parallel streams (replicate b of a bootstrap is seeded with output b of the master
 * seed), so BigInt's cost does not matter.
 *
 * Returns the first `count` outputs for `seed`. Vector: splitMix64(0, 1) = [0xE220A8397B1DCDAFn].
 */
export function splitMix64(seed: number | bigint, count: number): bigint[] {
  let x = seedToUint64(seed);
  const out: bigint[] = [];
  for (let k = 0; k < count; k++) {
    x = (x + GOLDEN_GAMMA) & MASK64;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    out.push(z ^ (z >> 31n));
  }
  return out;
}

/**
 * A seed is any safe integer or bigint, taken modulo 2^64 (so -1 and 2^64 − 1 are the
 * same seed, and 42 and 42n are the same seed). Fractions and non-finite numbers are refused
 * rather than silently truncated.
 */
export function seedToUint64(seed: number | bigint): bigint {
  if (typeof seed === "bigint") return BigInt.asUintN(64, seed);
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw new InvalidInputError(`seed must be a safe integer or a bigint, got ${String(seed)}`);
  }
  return BigInt.asUintN(64, BigInt(seed));
}
