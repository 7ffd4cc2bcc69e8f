import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { lowerBound } from "../numerics/lower-bound.ts";
import type { SplitIndices } from "../splits/split-indices.ts";

/** `"expanding"`: every row since the first; `{ ms }`: a sliding window of that length. */
export type TrainWindow = "expanding" | { ms: number };
/** `{ ms }`: a window of that duration; `{ rows }`: that many rows (ties permitting, see below). */
export type TestWindow = { ms: number } | { rows: number };

export interface RollingOriginOptions {
  /** One timestamp per row, epoch milliseconds; any order, ties allowed, no NaN. */
  timestamps: Float64Array;
  /** Number of folds, an integer ≥ 1. */
  folds: number;
  /** Default `"expanding"`. */
  trainWindow?: TrainWindow;
  testWindow: TestWindow;
  /** Time left out between the end of train and the start of test (embargo); default 0. */
  gap?: { ms: number };
  /**
   * Exclusive end of the last test window. Default: `floor(max timestamp) + 1`, the
   * millisecond after the last row, so the last row is tested. Rows at or after `end` are
   * in no fold.
   */
  end?: number;
  /** A fold with fewer train rows is an error; default 1. */
  minTrainRows?: number;
  /** A fold with fewer test rows is an error; default 1. */
  minTestRows?: number;
}

/** One fold: train and test row indices (each ascending) and the windows that chose them. */
export interface BacktestFold extends SplitIndices {
  /** 0 for the earliest fold. */
  fold: number;
  /** Train rows have trainStart ≤ t < trainEnd. */
  trainStart: number;
  trainEnd: number;
  /** Test rows have testStart ≤ t < testEnd. */
  testStart: number;
  testEnd: number;
}

/**
 * Rolling-origin backtest (Tashman 2000): K folds whose test windows tile the time line
 * back from `end`, earliest fold first, each trained only on rows before it.
 *
 * Every window is half-open, [start, end) — the convention of temporalSplit, where a row
 * at the cutoff is test. For fold k of K (k = 0 … K−1):
 * - `testWindow: { ms: w }`: testEnd = end − (K−1−k)·w, testStart = end − (K−k)·w, so the
 *   test windows are contiguous (testEnd of fold k is testStart of fold k+1 exactly) and a
 *   row exactly at a cut belongs to the later fold.
 * - `testWindow: { rows: r }`: sort the rows before `end` by time (m of them); the cuts sit
 *   at positions p_k = m − (K−k)·r, testStart = t(p_k), testEnd = t(p_{k+1}) (or `end` for
 *   the last fold). A cut is a time, not a position, so rows sharing a timestamp are never
 *   split between folds: ties at a cut all go to the later window, which can then hold
 *   more than r rows and the earlier one fewer.
 * - trainEnd = testStart − gap; trainStart = trainEnd − train.ms for a sliding window, or
 *   the first timestamp for an expanding one. Rows in [trainEnd, testStart) are in neither
 *   side. Since gap ≥ 0, every train row is strictly earlier than every test row of its
 *   fold: no future row leaks into train.
 *
 * Errors (InvalidInputError), never a silently smaller backtest: NaN timestamps (with their
 * count and first index) or infinite ones; bad options; a fold whose train or test window
 * holds fewer than minTrainRows / minTestRows rows, naming the fold and its window. A
 * sliding train window that reaches back before the first row is allowed; its row count
 * tells. Cost: one sort, then O(n) per fold.
 */
export function rollingOriginFolds(opts: RollingOriginOptions): BacktestFold[] {
  const { timestamps } = opts;
  const K = opts.folds;
  const trainWindow = opts.trainWindow ?? "expanding";
  const gap = opts.gap?.ms ?? 0;
  const minTrainRows = opts.minTrainRows ?? 1;
  const minTestRows = opts.minTestRows ?? 1;
  validateOptions(opts, trainWindow, gap, minTrainRows, minTestRows);
  const sorted = sortedFiniteTimestamps(timestamps);
  const first = sorted[0] as number;
  const end = opts.end ?? Math.floor(sorted[sorted.length - 1] as number) + 1;
  if (!Number.isFinite(end)) throw new InvalidInputError(`${NAME}: end must be a finite number, got ${String(end)}`);

  const cuts = testCuts(sorted, K, opts.testWindow, end);
  const folds: BacktestFold[] = [];
  for (let k = 0; k < K; k++) {
    const testStart = cuts[k] as number;
    const testEnd = cuts[k + 1] as number;
    const trainEnd = testStart - gap;
    const trainStart = trainWindow === "expanding" ? first : trainEnd - trainWindow.ms;
    const nTrain = countIn(sorted, trainStart, trainEnd);
    const nTest = countIn(sorted, testStart, testEnd);
    const where = `fold ${k} of ${K}`;
    if (nTest < minTestRows) {
      throw new InvalidInputError(
        `${NAME}: ${where} has ${nTest} test rows in [${testStart}, ${testEnd}), needs at least ${minTestRows}; use fewer folds or a wider test window`,
      );
    }
    if (nTrain < minTrainRows) {
      throw new InvalidInputError(
        `${NAME}: ${where} has ${nTrain} train rows in [${trainStart}, ${trainEnd}), needs at least ${minTrainRows}; the first timestamp is ${first}: use fewer folds, a shorter test window or gap, or a longer train window`,
      );
    }
    folds.push({
      fold: k,
      ...collect(timestamps, { trainStart, trainEnd, nTrain, testStart, testEnd, nTest }),
      trainStart,
      trainEnd,
      testStart,
      testEnd,
    });
  }
  return folds;
}

const NAME = "rollingOriginFolds";

function validateOptions(
  opts: RollingOriginOptions,
  trainWindow: TrainWindow,
  gap: number,
  minTrainRows: number,
  minTestRows: number,
): void {
  if (!(opts.timestamps instanceof Float64Array))
    throw new InvalidInputError(`${NAME}: timestamps must be a Float64Array`);
  if (!Number.isSafeInteger(opts.folds) || opts.folds < 1) {
    throw new InvalidInputError(`${NAME}: folds must be an integer ≥ 1, got ${String(opts.folds)}`);
  }
  const test = opts.testWindow as Partial<{ ms: number; rows: number }> | undefined;
  if (test === undefined || (test.ms === undefined) === (test.rows === undefined)) {
    throw new InvalidInputError(`${NAME}: testWindow must be { ms } or { rows }`);
  }
  if (test.ms !== undefined) positiveDuration("testWindow.ms", test.ms);
  if (test.rows !== undefined && !(Number.isSafeInteger(test.rows) && test.rows >= 1)) {
    throw new InvalidInputError(`${NAME}: testWindow.rows must be an integer ≥ 1, got ${String(test.rows)}`);
  }
  if (trainWindow !== "expanding") {
    if (typeof trainWindow !== "object" || trainWindow === null) {
      throw new InvalidInputError(`${NAME}: trainWindow must be "expanding" or { ms }, got ${String(trainWindow)}`);
    }
    positiveDuration("trainWindow.ms", trainWindow.ms);
  }
  if (!(typeof gap === "number" && Number.isFinite(gap) && gap >= 0)) {
    throw new InvalidInputError(`${NAME}: gap.ms must be a finite number ≥ 0, got ${String(gap)}`);
  }
  for (const [name, value] of [
    ["minTrainRows", minTrainRows],
    ["minTestRows", minTestRows],
  ] as const) {
    if (!(Number.isSafeInteger(value) && value >= 1)) {
      throw new InvalidInputError(`${NAME}: ${name} must be an integer ≥ 1, got ${String(value)}`);
    }
  }
}

function positiveDuration(name: string, ms: unknown): void {
  if (!(typeof ms === "number" && Number.isFinite(ms) && ms > 0)) {
    throw new InvalidInputError(`${NAME}: ${name} must be a finite number > 0, got ${String(ms)}`);
  }
}

/** The timestamps sorted ascending, after refusing empty input, NaN and ±Infinity. */
function sortedFiniteTimestamps(timestamps: Float64Array): Float64Array {
  const n = timestamps.length;
  if (n === 0) throw new InvalidInputError(`${NAME}: there are no rows`);
  let missing = 0;
  let firstMissing = -1;
  let infinite = 0;
  let firstInfinite = -1;
  for (let i = 0; i < n; i++) {
    const t = timestamps[i] as number;
    if (Number.isNaN(t)) {
      if (missing++ === 0) firstMissing = i;
    } else if (!Number.isFinite(t)) {
      if (infinite++ === 0) firstInfinite = i;
    }
  }
  if (missing > 0) {
    throw new InvalidInputError(
      `${NAME}: ${missing} of ${n} timestamps are missing (NaN), first at index ${firstMissing}`,
    );
  }
  if (infinite > 0) {
    throw new InvalidInputError(
      `${NAME}: ${infinite} of ${n} timestamps are infinite, first timestamps[${firstInfinite}] = ${timestamps[firstInfinite]}`,
    );
  }
  return Float64Array.from(timestamps).sort();
}

/** K + 1 cut times: test window k is [cuts[k], cuts[k+1]). */
function testCuts(sorted: Float64Array, K: number, testWindow: TestWindow, end: number): Float64Array {
  const cuts = new Float64Array(K + 1);
  if ("ms" in testWindow) {
    for (let k = 0; k <= K; k++) cuts[k] = end - (K - k) * testWindow.ms;
    return cuts;
  }
  const m = lowerBound(sorted, end);
  const p0 = m - K * testWindow.rows;
  if (p0 < 0) {
    throw new InvalidInputError(
      `${NAME}: ${K} folds of ${testWindow.rows} test rows need ${K * testWindow.rows} rows before end = ${end}, the data has ${m}`,
    );
  }
  for (let k = 0; k < K; k++) cuts[k] = sorted[p0 + k * testWindow.rows] as number;
  cuts[K] = end;
  return cuts;
}

/** First position whose value is ≥ x (sorted.length when none is). */

function countIn(sorted: Float64Array, start: number, end: number): number {
  return start < end ? lowerBound(sorted, end) - lowerBound(sorted, start) : 0;
}

interface Windows {
  trainStart: number;
  trainEnd: number;
  nTrain: number;
  testStart: number;
  testEnd: number;
  nTest: number;
}

/** One pass in row order, so both index arrays come out ascending without a sort. */
function collect(timestamps: Float64Array, w: Windows): SplitIndices {
  const train = new Uint32Array(w.nTrain);
  const test = new Uint32Array(w.nTest);
  for (let i = 0, a = 0, b = 0; i < timestamps.length; i++) {
    const t = timestamps[i] as number;
    if (t >= w.testStart && t < w.testEnd) test[b++] = i;
    else if (t >= w.trainStart && t < w.trainEnd) train[a++] = i;
  }
  return { train, test };
}
