import type { Rng } from "../random/create-rng.ts";
import { createRng } from "../random/create-rng.ts";
import { seedToUint64, splitMix64 } from "../random/splitmix64.ts";

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const utf8 = new TextEncoder();

/** FNV-1a, 64-bit, over the UTF-8 bytes of `text`. Vector: fnv1a64("a") = 0xaf63dc4c8601ec8c. */
export function fnv1a64(text: string): bigint {
  let hash = FNV_OFFSET;
  for (const byte of utf8.encode(text)) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * FNV_PRIME);
  return hash;
}

/**
 * The generator for one column in one step of a list of perturbations:
 * createRng(splitMix64(seed)[step] XOR fnv1a64(column)). Keyed by the column's name, not
 * its position, so a column's noise is the same whether or not other columns are
 * perturbed, and the same in every step order of the other columns.
 */
export function perturbationRng(seed: number | bigint, step: number, column: string): Rng {
  const stepSeed = splitMix64(seedToUint64(seed), step + 1)[step] as bigint;
  return createRng(stepSeed ^ fnv1a64(column));
}

/**
 * Standard normal draws by the Box–Muller transform: per pair of uniforms u₁ = 1 − nextFloat()
 * (in (0, 1], so ln u₁ is finite), u₂ = nextFloat(), r = √(−2 ln u₁), the draws are
 * r·cos(2πu₂) then r·sin(2πu₂). The uniforms are exact on any machine; Math.log, cos and
 * sin are V8's fdlibm ports, identical on every machine V8 runs on (another runtime's libm
 * could differ in the last bit).
 */
export function standardNormalSource(rng: Rng): () => number {
  let spare = Number.NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = Number.NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - rng.nextFloat()));
    const theta = 2 * Math.PI * rng.nextFloat();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}
