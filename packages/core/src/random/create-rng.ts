import { splitMix64 } from "./splitmix64.ts";

/** A seeded source of uniform random numbers. Core never uses Math.random. */
export interface Rng {
  /** Uniform double in [0, 1) with 53 random bits (consumes two `nextUint32` outputs). */
  nextFloat(): number;
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
}

/**
 * Fieldtest's one PRNG: **xoshiro128\*\*** 1.1 (Blackman & Vigna, "Scrambled linear
 * pseudorandom number generators", 2018; reference `xoshiro128starstar.c` at
 * https://prng.di.unimi.it/), seeded with **SplitMix64**. It is defined on 32-bit
 * integers only, so JavaScript computes it exactly with `Math.imul` and `>>> 0`: the same
 * seed gives the same numbers on every machine and in every language that follows these
 * steps (test/golden/generate_rng.py is an independent Python implementation).
 *
 * - Seeding: the seed is taken modulo 2^64 (see `seedToUint64`); SplitMix64's first two
 *   outputs z₀, z₁ give the state s = [lo32(z₀), hi32(z₀), lo32(z₁), hi32(z₁)].
 * - Step: out = rotl(s₁·5, 7)·9; t = s₁ << 9; s₂ ^= s₀; s₃ ^= s₁; s₁ ^= s₂; s₀ ^= s₃;
 *   s₂ ^= t; s₃ = rotl(s₃, 11)  (all mod 2^32).
 * - nextFloat: two outputs a, b → ((a >>> 5)·2^26 + (b >>> 6)) / 2^53.
 *
 * Vector (STATISTICS.md §6): seed 42 → state [0x2feb6e95, 0xbdd73226, 0xb266f103,
 * 0x28efe333], first outputs 1776835114, 4165204688, 17111135, 2317295270.
 *
 * Not cryptographically secure; period 2^128 − 1.
 */
export function createRng(seed: number | bigint): Rng {
  const [z0, z1] = splitMix64(seed, 2) as [bigint, bigint];
  // Held as int32 (the `| 0` view); every output is converted back with `>>> 0`.
  let s0 = Number(BigInt.asIntN(32, z0));
  let s1 = Number(BigInt.asIntN(32, z0 >> 32n));
  let s2 = Number(BigInt.asIntN(32, z1));
  let s3 = Number(BigInt.asIntN(32, z1 >> 32n));

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };

  return {
    nextUint32,
    nextFloat() {
      const a = nextUint32() >>> 5; // 27 bits
      const b = nextUint32() >>> 6; // 26 bits
      return (a * 67108864 + b) / 9007199254740992; // (a·2^26 + b) / 2^53
    },
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
