import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { reliabilityDiagram } from "./reliability-diagram.ts";

const f64 = (values: number[]) => Float64Array.from(values);

describe("reliabilityDiagram", () => {
  it("keeps all 15 bins, flagging the empty ones", () => {
    const bins = reliabilityDiagram(f64([0, 1, 1, 0, 1]), f64([0, 0.05, 0.5, 0.5, 1]));
    expect(bins).toHaveLength(15);
    expect(bins.map((b) => b.count)).toEqual([2, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 1]);
    expect(bins[0]).toEqual({
      bin: 0,
      lower: 0,
      upper: 1 / 15,
      count: 2,
      positives: 1,
      meanPredicted: 0.025,
      observedRate: 0.5,
      empty: false,
    });
    expect(bins[1]).toMatchObject({ count: 0, positives: 0, meanPredicted: null, observedRate: null, empty: true });
    expect(bins[14]).toMatchObject({ lower: 14 / 15, upper: 1, count: 1, meanPredicted: 1, observedRate: 1 });
  });

  it("with zero rows every bin is empty", () => {
    expect(reliabilityDiagram(f64([]), f64([])).every((b) => b.empty)).toBe(true);
  });

  it("refuses scores outside [0, 1]", () => {
    expect(() => reliabilityDiagram(f64([0, 1]), f64([0.5, 1.5]))).toThrow(InvalidInputError);
  });
});
