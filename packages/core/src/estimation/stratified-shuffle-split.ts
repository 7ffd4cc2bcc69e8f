import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { createRng, type Rng } from "../random/create-rng.ts";
import { uniformInt } from "../random/uniform-int.ts";

export interface StratifiedShuffleSplitOptions {
  /** Binary labels (0/1), already validated. */
  labels: Float64Array;
  splits: number;
  /** Share of rows in each test fold, strictly between 0 and 1. */
  testFraction: number;
  seed: number | bigint;
}

export interface StratifiedFold {
  /** Training rows, ascending. */
  train: Uint32Array;
  /** Test rows in shuffled order (the order decides ties in the equal-count ECE). */
  test: Uint32Array;
}

/** Why stratified folds cannot be drawn (sklearn raises ValueError in the same cases). */
export type StratifiedSplitProblem = { message: string } | null;

/**
 * Fold sizes of sklearn's `StratifiedShuffleSplit(test_size=f)` on n rows:
 * nTest = ⌈f·n⌉ (in floating point, as sklearn: f = 0.1, n = 30 gives 4), nTrain = n − nTest.
 * Returns a problem when sklearn would refuse: a class with fewer than 2 rows, or fewer
 * train or test rows than classes.
 */
export function describeStratifiedSplitProblem(
  classCounts: readonly number[],
  testFraction: number,
): StratifiedSplitProblem {
  const n = classCounts.reduce((a, b) => a + b, 0);
  const nTest = Math.ceil(testFraction * n);
  const nTrain = n - nTest;
  const smallest = Math.min(...classCounts);
  const classes = classCounts.length;
  if (smallest < 2) return { message: `the smallest class has ${smallest} row(s); stratified folds need at least 2` };
  if (nTrain < classes || nTest < classes) {
    return {
      message: `${n} rows give ${nTrain} training and ${nTest} test rows per fold; each needs at least one row per class (${classes})`,
    };
  }
  return null;
}

/**
 * Seeded stratified shuffle splits with the steps of scikit-learn 1.2.1's
 * `StratifiedShuffleSplit`, drawn from Fieldtest's PRNG instead of numpy's (NannyML seeds
 * sklearn's generator with 42; fold membership therefore differs from NannyML's, while
 * the fold sizes per class are the same). With one `createRng(seed)` for all folds, per fold:
 * 1. trainPerClass = approximateMode(classCounts, nTrain); testPerClass =
 *    approximateMode(classCounts − trainPerClass, nTest) (sklearn's `_approximate_mode`:
 *    floor(c/Σc·draws), the remainder handed out by largest fractional part, ties broken
 *    by a draw);
 * 2. for class 0 then 1: Fisher–Yates shuffle of the class's rows (ascending), i from the
 *    top, j = uniformInt(rng, i + 1); the first trainPerClass rows train, the next
 *    testPerClass rows test;
 * 3. the test rows are shuffled the same way (sklearn also permutes them); training rows
 *    are returned ascending (their order does not matter to an isotonic fit).
 */
export function stratifiedShuffleSplits(options: StratifiedShuffleSplitOptions): StratifiedFold[] {
  const { labels, splits, testFraction, seed } = options;
  if (!Number.isInteger(splits) || splits < 1) {
    throw new InvalidInputError(`splits must be a positive integer, got ${String(splits)}`);
  }
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new InvalidInputError(`testFraction must be strictly between 0 and 1, got ${String(testFraction)}`);
  }
  const classRows: [number[], number[]] = [[], []];
  for (let i = 0; i < labels.length; i++) classRows[labels[i] === 1 ? 1 : 0].push(i);
  const classCounts = [classRows[0].length, classRows[1].length];
  const problem = describeStratifiedSplitProblem(classCounts, testFraction);
  if (problem !== null) throw new InvalidInputError(`stratified split impossible: ${problem.message}`);
  const n = labels.length;
  const nTest = Math.ceil(testFraction * n);
  const nTrain = n - nTest;

  const rng = createRng(seed);
  const folds: StratifiedFold[] = [];
  for (let s = 0; s < splits; s++) {
    const trainPerClass = approximateMode(classCounts, nTrain, rng);
    const remaining = classCounts.map((c, k) => c - (trainPerClass[k] as number));
    const testPerClass = approximateMode(remaining, nTest, rng);
    const inTrain = new Uint8Array(n);
    const test: number[] = [];
    for (let k = 0; k < 2; k++) {
      const rows = classRows[k as 0 | 1].slice();
      shuffle(rows, rng);
      const nk = trainPerClass[k] as number;
      const tk = testPerClass[k] as number;
      for (let r = 0; r < nk; r++) inTrain[rows[r] as number] = 1;
      for (let r = nk; r < nk + tk; r++) test.push(rows[r] as number);
    }
    shuffle(test, rng);
    const train = new Uint32Array(nTrain);
    for (let i = 0, a = 0; i < n; i++) if (inTrain[i] === 1) train[a++] = i;
    folds.push({ train, test: Uint32Array.from(test) });
  }
  return folds;
}

/**
 * sklearn's `_approximate_mode(class_counts, n_draws, rng)`: floor(c/Σc·draws) per class,
 * then one more for the classes with the largest fractional parts until `draws` are
 * handed out; among equal fractional parts the receivers are drawn uniformly.
 */
export function approximateMode(classCounts: readonly number[], draws: number, rng: Rng): number[] {
  const total = classCounts.reduce((a, b) => a + b, 0);
  const continuous = classCounts.map((c) => (c / total) * draws);
  const floored = continuous.map((v) => Math.floor(v));
  let needToAdd = draws - floored.reduce((a, b) => a + b, 0);
  if (needToAdd <= 0) return floored;
  const remainder = continuous.map((v, k) => v - (floored[k] as number));
  const values = [...new Set(remainder)].sort((a, b) => b - a);
  for (const value of values) {
    const tied: number[] = [];
    remainder.forEach((r, k) => {
      if (r === value) tied.push(k);
    });
    const addNow = Math.min(tied.length, needToAdd);
    // Choose addNow of the tied classes uniformly: a partial Fisher–Yates from the front.
    for (let a = 0; a < addNow; a++) {
      const j = a + uniformInt(rng, tied.length - a);
      const chosen = tied[j] as number;
      tied[j] = tied[a] as number;
      tied[a] = chosen;
      floored[chosen] = (floored[chosen] as number) + 1;
    }
    needToAdd -= addNow;
    if (needToAdd === 0) break;
  }
  return floored;
}

/** In-place Fisher–Yates from the top, as `randomSplit`: j = uniformInt(rng, i + 1). */
function shuffle(values: number[], rng: Rng): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = uniformInt(rng, i + 1);
    const tmp = values[i] as number;
    values[i] = values[j] as number;
    values[j] = tmp;
  }
}
