import { splitMix64 } from "../random/splitmix64.ts";

// One resample = n uniform row indices in [0, n), drawn by `uniformInt`'s rule from the
// replicate's own xoshiro128** stream (STATISTICS.md §6), here inlined for speed.

const TWO_POW_32 = 4294967296;

/**
 * The state [s₀, s₁, s₂, s₃] (int32 view) that `createRng(seed)` starts from:
 * SplitMix64's first two outputs z₀, z₁ as [lo z₀, hi z₀, lo z₁, hi z₁] (STATISTICS.md §6).
 * The draw loops below step xoshiro128** on it inline: calling `Rng.nextUint32` through a
 * closure and `uniformInt` per row costs several times the whole loop body, and these
 * loops are the entire cost of a bootstrap. Tests check that both loops draw exactly the
 * rows `createRng` + `uniformInt` would, draw for draw.
 */
export function xoshiroState(seed: bigint): Int32Array {
  const [z0, z1] = splitMix64(seed, 2) as [bigint, bigint];
  return Int32Array.of(
    Number(BigInt.asIntN(32, z0)),
    Number(BigInt.asIntN(32, z0 >> 32n)),
    Number(BigInt.asIntN(32, z1)),
    Number(BigInt.asIntN(32, z1 >> 32n)),
  );
}

/**
 * Adds one resample's multinomial counts to `counts` (indexed by row): n row indices, each
 * drawn by `uniformInt`'s rule (reject r ≥ 2^32 − 2^32 mod n, then r mod n) from the
 * xoshiro128** stream in `state`, which is advanced in place.
 *
 * r mod n is computed as r − ⌊r·(1/n)⌋·n plus one correction step, not with `%` (a
 * floating-point remainder call when n is not a compile-time constant, 2–3× slower here).
 * Exact: r·(1/n) is within 2^−20 of r/n for r < 2^32, so the floor is off by at most one,
 * and r − q·n is an exact integer below 2^53 that one step brings into [0, n).
 */
export function drawCounts(state: Int32Array, counts: Int32Array): void {
  const n = counts.length;
  const limit = TWO_POW_32 - (TWO_POW_32 % n);
  const inverse = 1 / n;
  let s0 = state[0] as number;
  let s1 = state[1] as number;
  let s2 = state[2] as number;
  let s3 = state[3] as number;
  for (let i = 0; i < n; ) {
    const x = Math.imul(s1, 5);
    const r = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    if (r < limit) {
      let row = r - Math.floor(r * inverse) * n;
      if (row < 0) row += n;
      else if (row >= n) row -= n;
      counts[row] = (counts[row] as number) + 1;
      i++;
    }
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}

/** Fills `indices` with one resample's row indices (the same draws as `drawCounts`), advancing `state`. */
export function drawIndices(state: Int32Array, indices: Uint32Array): void {
  const n = indices.length;
  const limit = TWO_POW_32 - (TWO_POW_32 % n);
  const inverse = 1 / n;
  let s0 = state[0] as number;
  let s1 = state[1] as number;
  let s2 = state[2] as number;
  let s3 = state[3] as number;
  for (let i = 0; i < n; ) {
    const x = Math.imul(s1, 5);
    const r = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    if (r < limit) {
      let row = r - Math.floor(r * inverse) * n;
      if (row < 0) row += n;
      else if (row >= n) row -= n;
      indices[i++] = row;
    }
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}

let drawCountsPrimed = false;

/**
 * Runs `drawCounts` a few times on 3 rows (microseconds, once per process), so that V8's
 * first compilation of its loop already has type feedback for the code after the loop;
 * see `primeLoops` in weighted-binary-suite.ts. The draws of real resamples are unaffected:
 * each replicate starts from its own state.
 */
export function primeDrawCounts(): void {
  if (drawCountsPrimed) return;
  drawCountsPrimed = true;
  for (let i = 0; i < 12; i++) drawCounts(Int32Array.of(1, 2, 3, 4), new Int32Array(3));
}
