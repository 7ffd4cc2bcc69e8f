import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { createRng } from "../random/create-rng.ts";
import { equalCountBinEdges, equalCountEce } from "./equal-count-ece.ts";
import {
  approximateMode,
  describeStratifiedSplitProblem,
  stratifiedShuffleSplits,
} from "./stratified-shuffle-split.ts";

const labelsOf = (negatives: number, positives: number) =>
  Float64Array.from({ length: negatives + positives }, (_, i) => (i % (negatives + positives) < negatives ? 0 : 1));

describe("stratifiedShuffleSplits", () => {
  it("draws disjoint folds of sklearn's sizes, stratified, reproducibly", () => {
    const labels = labelsOf(600, 400);
    const folds = stratifiedShuffleSplits({ labels, splits: 10, testFraction: 0.1, seed: 1 });
    expect(folds).toHaveLength(10);
    for (const { train, test } of folds) {
      expect(test.length).toBe(100);
      expect(train.length).toBe(900);
      const inTrain = new Set(train);
      for (const row of test) expect(inTrain.has(row)).toBe(false);
      expect(new Set(test).size).toBe(100);
      expect(Array.from(test).filter((row) => labels[row] === 1)).toHaveLength(40);
    }
    expect(stratifiedShuffleSplits({ labels, splits: 10, testFraction: 0.1, seed: 1 })).toEqual(folds);
    expect(stratifiedShuffleSplits({ labels, splits: 10, testFraction: 0.1, seed: 2 })[0]?.test).not.toEqual(
      folds[0]?.test,
    );
  });

  it.each([
    { classes: [1, 50], problem: true, why: "a class with one row" },
    { classes: [5, 5], problem: true, why: "10 rows: one test row for two classes" },
    { classes: [6, 5], problem: false, why: "11 rows: ⌈1.1⌉ = 2 test rows" },
    { classes: [2, 2], problem: true, why: "4 rows" },
    { classes: [2, 98], problem: false, why: "smallest class of exactly 2" },
  ])("$classes: problem $problem ($why)", ({ classes, problem }) => {
    expect(describeStratifiedSplitProblem(classes, 0.1) !== null).toBe(problem);
    const labels = labelsOf(classes[0] as number, classes[1] as number);
    const draw = () => stratifiedShuffleSplits({ labels, splits: 2, testFraction: 0.1, seed: 0 });
    if (problem) expect(draw).toThrow(InvalidInputError);
    else expect(draw).not.toThrow();
  });

  it.each([0, 1, 1.5, Number.NaN])("refuses testFraction %s", (testFraction) => {
    expect(() => stratifiedShuffleSplits({ labels: labelsOf(50, 50), splits: 1, testFraction, seed: 0 })).toThrow(
      InvalidInputError,
    );
  });

  it("breaks remainder ties with a draw, as sklearn does (both classes get the extra row)", () => {
    const outcomes = new Set<string>();
    for (let seed = 0; seed < 40; seed++) outcomes.add(approximateMode([5, 5], 3, createRng(seed)).join(","));
    expect([...outcomes].sort()).toEqual(["1,2", "2,1"]);
  });
});

describe("equal-count bins and ECE (NannyML)", () => {
  it.each([
    {
      length: 4,
      bins: 10,
      edges: [
        [0, 2],
        [2, 4],
      ],
    },
    {
      length: 5,
      bins: 10,
      edges: [
        [0, 2],
        [2, 5],
      ],
    },
    {
      length: 21,
      bins: 10,
      edges: [
        [0, 2],
        [2, 4],
        [4, 6],
        [6, 8],
        [8, 10],
        [10, 12],
        [12, 14],
        [14, 16],
        [16, 18],
        [18, 21],
      ],
    },
  ])("$length rows → $edges", ({ length, bins, edges }) => {
    expect(equalCountBinEdges(length, bins)).toEqual(edges);
  });

  it.each([0, 1, 3])("refuses %s rows (fewer than 2 bins of 2)", (length) => {
    expect(() => equalCountBinEdges(length, 10)).toThrow(InvalidInputError);
  });

  it.each([
    { name: "perfect", y: [0, 0, 1, 1], p: [0, 0, 1, 1], ece: 0 },
    { name: "inverted", y: [1, 1, 0, 0], p: [0, 0, 1, 1], ece: 1 },
    { name: "constant ½ on balanced labels, sorted 0s first", y: [0, 0, 1, 1], p: [0.5, 0.5, 0.5, 0.5], ece: 0.5 },
    { name: "constant ½, alternating labels", y: [0, 1, 0, 1], p: [0.5, 0.5, 0.5, 0.5], ece: 0 },
  ])("ECE $name = $ece (ties keep their order)", ({ y, p, ece }) => {
    expect(equalCountEce(y, p, 10)).toBeCloseTo(ece, 15);
  });
});
