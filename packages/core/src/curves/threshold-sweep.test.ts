import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { thresholdAboveAll, thresholdSweep } from "./threshold-sweep.ts";

const f64 = (values: number[]) => Float64Array.from(values);

describe("thresholdSweep", () => {
  it.each([
    {
      name: "distinct scores, descending with cumulative counts",
      labels: [0, 0, 1, 1],
      scores: [0.1, 0.4, 0.35, 0.8],
      thresholds: [0.8, 0.4, 0.35, 0.1],
      tp: [1, 1, 2, 2],
      fp: [0, 1, 1, 2],
    },
    {
      name: "ties form one threshold",
      labels: [1, 0, 1, 0, 1],
      scores: [0.5, 0.5, 0.9, 0.1, 0.5],
      thresholds: [0.9, 0.5, 0.1],
      tp: [1, 3, 3],
      fp: [0, 1, 2],
    },
    {
      name: "-0 and +0 are one score",
      labels: [1, 0, 0],
      scores: [-0, 0, -1],
      thresholds: [0, -1],
      tp: [1, 1],
      fp: [1, 2],
    },
    { name: "one class", labels: [1, 1], scores: [0.3, 0.3], thresholds: [0.3], tp: [2], fp: [0] },
    { name: "one row", labels: [0], scores: [7], thresholds: [7], tp: [0], fp: [1] },
    { name: "no rows", labels: [], scores: [], thresholds: [], tp: [], fp: [] },
  ])("$name", ({ labels, scores, thresholds, tp, fp }) => {
    const sweep = thresholdSweep(f64(labels), f64(scores));
    expect(Array.from(sweep.thresholds)).toEqual(thresholds);
    expect(Array.from(sweep.truePositives)).toEqual(tp);
    expect(Array.from(sweep.falsePositives)).toEqual(fp);
    expect(sweep.positives).toBe(labels.filter((y) => y === 1).length);
    expect(sweep.negatives).toBe(labels.filter((y) => y === 0).length);
  });

  it("validates the columns", () => {
    expect(() => thresholdSweep(f64([0, 1]), f64([0.1, Number.POSITIVE_INFINITY]))).toThrow(InvalidInputError);
  });
});

describe("thresholdAboveAll", () => {
  const sweepOf = (scores: number[]) => thresholdSweep(f64(scores.map(() => 0)), f64(scores));
  it.each([
    { name: "max + 1, as sklearn 1.2.1", scores: [0.2, 0.9], expected: 1.9 },
    { name: "negative max", scores: [-5, -3], expected: -2 },
    { name: "next float when + 1 is absorbed", scores: [1e300], expected: 1.0000000000000002e300 },
    { name: "next float toward zero for huge negatives", scores: [-1e300], expected: -9.999999999999999e299 },
  ])("$name", ({ scores, expected }) => {
    const above = thresholdAboveAll(sweepOf(scores));
    expect(above).toBe(expected);
    expect(above).toBeGreaterThan(Math.max(...scores));
  });
});
