import { describe, expect, it } from "vitest";
import {
  formatDelta,
  formatThreshold,
  niceAxis,
  reliabilityPoints,
  type SliceColumn,
  type Stress,
  slicesWorstFirst,
  stressScenariosWorstFirst,
  toCsv,
} from "./run-results-view";

describe("reliabilityPoints", () => {
  it("omits empty bins instead of drawing them as 0", () => {
    const bin = (k: number, count: number) => ({
      bin: k,
      lower: k / 15,
      upper: (k + 1) / 15,
      count,
      positives: count > 0 ? 1 : 0,
      meanPredicted: count > 0 ? k / 15 + 0.01 : null,
      observedRate: count > 0 ? 1 / count : null,
      empty: count === 0,
    });
    expect(reliabilityPoints([bin(0, 2), bin(1, 0), bin(2, 4)])).toEqual([
      { bin: 0, predicted: 0.01, observed: 0.5, count: 2 },
      { bin: 2, predicted: 2 / 15 + 0.01, observed: 0.25, count: 4 },
    ]);
  });
});

describe("slicesWorstFirst", () => {
  const slice = (name: string, value: number | null, n: number, insufficient = false) => ({
    slice: name,
    key: `c=${name}`,
    n,
    positives: 1,
    missing: false,
    insufficient,
    metrics: [
      { metric: "roc_auc", value, lower: null, upper: null, level: null, n },
      { metric: "ece", value, lower: null, upper: null, level: null, n },
    ],
  });
  const column = {
    column: "c",
    slices: [
      slice("a", 0.8, 40),
      slice("b", 0.6, 50),
      slice("tiny", 0.1, 3, true),
      slice("none", null, 40),
      slice("c", 0.6, 90),
    ],
    worst: [],
  } as SliceColumn;

  it.each([
    ["roc_auc", ["c", "b", "a", "none", "tiny"]],
    ["ece", ["a", "c", "b", "none", "tiny"]],
  ])("orders by %s: worst first, ties to the larger slice, undefined then insufficient last", (metric, order) => {
    expect(slicesWorstFirst(column, metric).map((s) => s.slice)).toEqual(order);
  });
});

describe("stressScenariosWorstFirst", () => {
  it("puts scenarios with a worse metric first, keeping the others' order", () => {
    const scenario = (name: string, worse: boolean | null) => ({
      name,
      perturbations: [],
      changes: [],
      metrics: [{ metric: "accuracy", baseline: 0.9, stressed: 0.8, delta: -0.1, worse }],
    });
    const stress = {
      seeding: "",
      n: 10,
      scenarios: [scenario("calm", false), scenario("bad", true), scenario("none", null)],
    } as Stress;
    expect(stressScenariosWorstFirst(stress).map((s) => s.name)).toEqual(["bad", "calm", "none"]);
  });
});

describe("formatting", () => {
  it.each([
    [0.01234, "+0.012"],
    [-0.5, "−0.500"],
    [0.00001, "0.000"],
    [null, "—"],
    [Number.NaN, "—"],
  ])("formatDelta(%s) = %s", (delta, text) => {
    expect(formatDelta(delta)).toBe(text);
  });

  it("shows the +∞ threshold in words", () => {
    expect(formatThreshold(null)).toBe("+∞ (all negative)");
    expect(formatThreshold(0.4)).toBe("0.400");
  });

  it("quotes CSV cells that need it", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["x,y", null],
          ['say "hi"', 2],
        ],
      ),
    ).toBe('a,b\n"x,y",\n"say ""hi""",2');
  });
});

describe("niceAxis", () => {
  it.each([
    [-0.184, 0.054, [-0.2, -0.1, 0, 0.1]],
    [0, 0.46, [0, 0.2, 0.4, 0.6]],
    [0, 0.012, [0, 0.005, 0.01, 0.015]],
    [0, 1.4, [0, 0.5, 1, 1.5]],
    [0, 0.3, [0, 0.1, 0.2, 0.3]],
    [1, 1, [0, 0.25, 0.5, 0.75, 1]],
    [Number.NaN, 1, [0, 0.25, 0.5, 0.75, 1]],
  ])("niceAxis(%s, %s) ticks %j", (lo, hi, ticks) => {
    const axis = niceAxis(lo, hi);
    expect(axis.ticks).toEqual(ticks);
    expect(axis.domain).toEqual([ticks[0], ticks[ticks.length - 1]]);
  });
});
