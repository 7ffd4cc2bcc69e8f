import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { createRng } from "../random/create-rng.ts";
import { uniformInt } from "../random/uniform-int.ts";
import { temporalSplit } from "../splits/temporal-split.ts";
import { type RollingOriginOptions, rollingOriginFolds } from "./rolling-origin-folds.ts";

const DAY = 86_400_000;
const ts = (values: number[]) => Float64Array.from(values);
const zeroToNine = ts([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

interface Expected {
  train: number[];
  test: number[];
  window: [number, number, number, number]; // trainStart, trainEnd, testStart, testEnd
}

describe("rollingOriginFolds: windows", () => {
  it.each<{ name: string; opts: RollingOriginOptions; folds: Expected[] }>([
    {
      name: "expanding, test {ms}: contiguous windows back from end = floor(max) + 1",
      opts: { timestamps: zeroToNine, folds: 3, testWindow: { ms: 2 } },
      folds: [
        { train: [0, 1, 2, 3], test: [4, 5], window: [0, 4, 4, 6] },
        { train: [0, 1, 2, 3, 4, 5], test: [6, 7], window: [0, 6, 6, 8] },
        { train: [0, 1, 2, 3, 4, 5, 6, 7], test: [8, 9], window: [0, 8, 8, 10] },
      ],
    },
    {
      name: "a row exactly at a cut is test of the later window, never train or the earlier window",
      opts: { timestamps: ts([0, 2, 2, 4]), folds: 2, testWindow: { ms: 2 }, end: 6 },
      folds: [
        { train: [0], test: [1, 2], window: [0, 2, 2, 4] },
        { train: [0, 1, 2], test: [3], window: [0, 4, 4, 6] },
      ],
    },
    {
      name: "gap: rows in [trainEnd, testStart) are in neither side",
      opts: { timestamps: zeroToNine, folds: 2, testWindow: { ms: 2 }, gap: { ms: 1 } },
      folds: [
        { train: [0, 1, 2, 3, 4], test: [6, 7], window: [0, 5, 6, 8] },
        { train: [0, 1, 2, 3, 4, 5, 6], test: [8, 9], window: [0, 7, 8, 10] },
      ],
    },
    {
      name: "sliding train window {ms}",
      opts: { timestamps: zeroToNine, folds: 2, trainWindow: { ms: 3 }, testWindow: { ms: 2 } },
      folds: [
        { train: [3, 4, 5], test: [6, 7], window: [3, 6, 6, 8] },
        { train: [5, 6, 7], test: [8, 9], window: [5, 8, 8, 10] },
      ],
    },
    {
      name: "sliding train window reaching before the first row holds fewer rows",
      opts: { timestamps: zeroToNine, folds: 2, trainWindow: { ms: 8 }, testWindow: { ms: 3 } },
      folds: [
        { train: [0, 1, 2, 3], test: [4, 5, 6], window: [-4, 4, 4, 7] },
        { train: [0, 1, 2, 3, 4, 5, 6], test: [7, 8, 9], window: [-1, 7, 7, 10] },
      ],
    },
    {
      name: "test {rows}: the last folds × rows rows, r per fold",
      opts: { timestamps: zeroToNine, folds: 3, testWindow: { rows: 3 } },
      folds: [
        { train: [0], test: [1, 2, 3], window: [0, 1, 1, 4] },
        { train: [0, 1, 2, 3], test: [4, 5, 6], window: [0, 4, 4, 7] },
        { train: [0, 1, 2, 3, 4, 5, 6], test: [7, 8, 9], window: [0, 7, 7, 10] },
      ],
    },
    {
      name: "test {rows}: ties at a cut all go to the later window (3 rows instead of 2)",
      opts: { timestamps: ts([0, 1, 2, 3, 3, 3, 4, 5]), folds: 2, testWindow: { rows: 2 } },
      folds: [
        { train: [0, 1, 2], test: [3, 4, 5], window: [0, 3, 3, 4] },
        { train: [0, 1, 2, 3, 4, 5], test: [6, 7], window: [0, 4, 4, 6] },
      ],
    },
    {
      name: "test {rows}: a tie straddling the first cut takes a row from train",
      opts: { timestamps: ts([0, 1, 1, 2]), folds: 2, testWindow: { rows: 1 } },
      folds: [
        { train: [0], test: [1, 2], window: [0, 1, 1, 2] },
        { train: [0, 1, 2], test: [3], window: [0, 2, 2, 3] },
      ],
    },
    {
      name: "unsorted timestamps with ties: indices ascending, ties never split",
      opts: { timestamps: ts([5, 1, 3, 3, 0, 4, 2, 5]), folds: 2, testWindow: { ms: 2 } },
      folds: [
        { train: [1, 4], test: [2, 3, 6], window: [0, 2, 2, 4] },
        { train: [1, 2, 3, 4, 6], test: [0, 5, 7], window: [0, 4, 4, 6] },
      ],
    },
    {
      name: "explicit end: rows at or after end are in no fold",
      opts: { timestamps: zeroToNine, folds: 2, testWindow: { rows: 2 }, end: 8 },
      folds: [
        { train: [0, 1, 2, 3], test: [4, 5], window: [0, 4, 4, 6] },
        { train: [0, 1, 2, 3, 4, 5], test: [6, 7], window: [0, 6, 6, 8] },
      ],
    },
    {
      name: "fractional timestamps: default end = floor(max) + 1 still tests the last row",
      opts: { timestamps: ts([0.5, 1.5, 2.5]), folds: 1, testWindow: { ms: 1 } },
      folds: [{ train: [0, 1], test: [2], window: [0.5, 2, 2, 3] }],
    },
    {
      name: "one fold, two rows",
      opts: { timestamps: ts([7, 8]), folds: 1, testWindow: { rows: 1 } },
      folds: [{ train: [0], test: [1], window: [7, 8, 8, 9] }],
    },
  ])("$name", ({ opts, folds }) => {
    const result = rollingOriginFolds(opts);
    expect(
      result.map((f) => ({
        train: Array.from(f.train),
        test: Array.from(f.test),
        window: [f.trainStart, f.trainEnd, f.testStart, f.testEnd],
      })),
    ).toEqual(folds);
    result.forEach((f, k) => {
      expect(f.fold).toBe(k);
      expect(f.train).toBeInstanceOf(Uint32Array);
      expect(f.test).toBeInstanceOf(Uint32Array);
    });
  });

  it("daily epoch-ms data: four 7-day folds test the last 28 days", () => {
    const start = Date.UTC(2024, 0, 1);
    const timestamps = Float64Array.from({ length: 100 }, (_, d) => start + d * DAY);
    const folds = rollingOriginFolds({ timestamps, folds: 4, testWindow: { ms: 7 * DAY } });
    expect(folds.map((f) => [f.test[0], f.test[f.test.length - 1], f.test.length, f.train.length])).toEqual([
      [72, 78, 7, 72],
      [79, 85, 7, 79],
      [86, 92, 7, 86],
      [93, 99, 7, 93],
    ]);
    expect(folds[3]?.testEnd).toBe(start + 99 * DAY + 1);
    expect(folds[0]?.testEnd).toBe(folds[1]?.testStart); // contiguous, exactly
  });
});

describe("rollingOriginFolds: no leakage (random data, 200 cases)", () => {
  it("every train row is earlier than every test row; expanding train equals temporalSplit", () => {
    const rng = createRng(11);
    let checked = 0;
    for (let c = 0; c < 200; c++) {
      const n = 20 + uniformInt(rng, 200);
      const timestamps = Float64Array.from({ length: n }, () => uniformInt(rng, 60)); // many ties
      const K = 1 + uniformInt(rng, 4);
      const testWindow = c % 2 === 0 ? { ms: 1 + uniformInt(rng, 10) } : { rows: 1 + uniformInt(rng, 10) };
      let folds: ReturnType<typeof rollingOriginFolds>;
      try {
        folds = rollingOriginFolds({ timestamps, folds: K, testWindow });
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidInputError); // the data could not hold these folds
        continue;
      }
      let previousTestEnd = Number.NEGATIVE_INFINITY;
      for (const f of folds) {
        const trainMax = Math.max(...Array.from(f.train, (i) => timestamps[i] as number));
        const testMin = Math.min(...Array.from(f.test, (i) => timestamps[i] as number));
        expect(trainMax).toBeLessThan(testMin);
        expect(f.testStart).toBeGreaterThanOrEqual(previousTestEnd); // folds in time order, disjoint tests
        previousTestEnd = f.testEnd;
        const reference = temporalSplit({ timestamps, cutoff: f.testStart });
        expect(f.train).toEqual(reference.train);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300); // most cases hold their folds, so the property is exercised
  });
});

describe("rollingOriginFolds: errors", () => {
  const base: RollingOriginOptions = { timestamps: zeroToNine, folds: 2, testWindow: { ms: 2 } };
  it.each<{ name: string; opts: Partial<RollingOriginOptions> & Record<string, unknown>; message: string | RegExp }>([
    {
      name: "NaN timestamps, with their count",
      opts: { timestamps: ts([1, Number.NaN, 3, Number.NaN]) },
      message: "rollingOriginFolds: 2 of 4 timestamps are missing (NaN), first at index 1",
    },
    {
      name: "infinite timestamps",
      opts: { timestamps: ts([1, Number.POSITIVE_INFINITY]) },
      message: "1 of 2 timestamps are infinite, first timestamps[1] = Infinity",
    },
    { name: "no rows", opts: { timestamps: ts([]) }, message: "there are no rows" },
    { name: "folds 0", opts: { folds: 0 }, message: "folds must be an integer ≥ 1, got 0" },
    { name: "fractional folds", opts: { folds: 1.5 }, message: "folds must be an integer ≥ 1, got 1.5" },
    { name: "testWindow ms 0", opts: { testWindow: { ms: 0 } }, message: "testWindow.ms must be a finite number > 0" },
    { name: "testWindow rows 0", opts: { testWindow: { rows: 0 } }, message: "testWindow.rows must be an integer ≥ 1" },
    {
      name: "testWindow with both",
      opts: { testWindow: { ms: 1, rows: 1 } as never },
      message: "testWindow must be { ms } or { rows }",
    },
    { name: "negative gap", opts: { gap: { ms: -1 } }, message: "gap.ms must be a finite number ≥ 0, got -1" },
    {
      name: "train window NaN",
      opts: { trainWindow: { ms: Number.NaN } },
      message: "trainWindow.ms must be a finite number > 0, got NaN",
    },
    { name: "end infinite", opts: { end: Number.POSITIVE_INFINITY }, message: "end must be a finite number" },
    {
      name: "too many folds for the span: fold 0 has no train rows",
      opts: { folds: 5 },
      message: "fold 0 of 5 has 0 train rows in [0, 0), needs at least 1; the first timestamp is 0",
    },
    {
      name: "too many row folds",
      opts: { folds: 4, testWindow: { rows: 3 } },
      message: "4 folds of 3 test rows need 12 rows before end = 10, the data has 10",
    },
    {
      name: "an empty test window (a hole in the data)",
      opts: { timestamps: ts([0, 1, 2, 3, 4, 5, 8, 9]), folds: 3, testWindow: { ms: 2 } },
      message: "fold 1 of 3 has 0 test rows in [6, 8), needs at least 1",
    },
    {
      name: "ties that empty a row window",
      opts: { timestamps: ts([0, 1, 1, 1]), folds: 2, testWindow: { rows: 1 } },
      message: "fold 0 of 2 has 0 test rows in [1, 1)",
    },
    {
      name: "minTrainRows",
      opts: { minTrainRows: 7 },
      message: "fold 0 of 2 has 6 train rows in [0, 6), needs at least 7",
    },
    {
      name: "minTestRows",
      opts: { minTestRows: 3 },
      message: "fold 0 of 2 has 2 test rows in [6, 8), needs at least 3",
    },
    { name: "end before every row", opts: { end: 0 }, message: "fold 0 of 2 has 0 test rows in [-4, -2)" },
  ])("$name", ({ opts, message }) => {
    const run = () => rollingOriginFolds({ ...base, ...opts } as RollingOriginOptions);
    expect(run).toThrow(InvalidInputError);
    expect(run).toThrow(message);
  });
});
