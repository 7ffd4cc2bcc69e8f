import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { createRng } from "../random/create-rng.ts";
import { uniformInt } from "../random/uniform-int.ts";
import type { SplitIndices } from "./split-indices.ts";

export interface RandomSplitOptions {
  /** Number of rows, at least 2. */
  n: number;
  /** Share of rows in the test set, strictly between 0 and 1. */
  testFraction: number;
  seed: number | bigint;
}

/**
 * Seeded random train/test split of rows 0…n−1. Reproducible anywhere from (n,
 * testFraction, seed) with these steps:
 * 1. nTest = round(testFraction · n) (halves up), clamped to [1, n − 1] so neither side is empty.
 * 2. perm = [0, 1, …, n−1]; Fisher–Yates with `createRng(seed)`: for i = n−1 down to 1,
 *    j = uniformInt(rng, i + 1), swap perm[i] and perm[j].
 * 3. test = perm[0 … nTest), train = the rest; both returned in ascending order.
 */
export function randomSplit(opts: RandomSplitOptions): SplitIndices {
  const { n, testFraction, seed } = opts;
  if (!Number.isInteger(n) || n < 2 || n > 0xffffffff) {
    throw new InvalidInputError(`randomSplit: n must be an integer in [2, 2^32 − 1], got ${n}`);
  }
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new InvalidInputError(`randomSplit: testFraction must be strictly between 0 and 1, got ${testFraction}`);
  }
  const nTest = Math.min(n - 1, Math.max(1, Math.round(testFraction * n)));

  const rng = createRng(seed);
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = uniformInt(rng, i + 1);
    const tmp = perm[i] as number;
    perm[i] = perm[j] as number;
    perm[j] = tmp;
  }

  // Mark, then sweep: ascending output in O(n) without sorting.
  const inTest = new Uint8Array(n);
  for (let k = 0; k < nTest; k++) inTest[perm[k] as number] = 1;
  const test = new Uint32Array(nTest);
  const train = new Uint32Array(n - nTest);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (inTest[i] === 1) test[a++] = i;
    else train[b++] = i;
  }
  return { train, test };
}
