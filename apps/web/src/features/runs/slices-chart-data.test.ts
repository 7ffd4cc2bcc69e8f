import { describe, expect, it } from "vitest";
import type { SliceColumn } from "./run-results-view";
import { shortLabel, sliceCaption, sliceChartData, valueAxis } from "./slices-chart-data";

type Metric = { value: number | null; lower?: number | null; upper?: number | null };

function slice(name: string, n: number, m: Metric, insufficient = false) {
  return {
    slice: name,
    key: `origin=${name}`,
    n,
    positives: 1,
    missing: false,
    insufficient,
    metrics: [
      {
        metric: "accuracy",
        value: m.value,
        lower: m.lower ?? null,
        upper: m.upper ?? null,
        level: m.lower != null ? 0.95 : null,
        n,
      },
    ],
  };
}

const worstEntry = (slice: string | null, value: number | null) => ({
  metric: "accuracy",
  slice,
  key: slice === null ? null : `origin=${slice}`,
  value,
  n: slice === null ? null : 412,
  overall: 0.7,
  direction: "higher_is_better" as const,
  compared: 3,
});

const column = {
  column: "origin",
  slices: [
    slice("JFK", 900, { value: 0.75, lower: 0.72, upper: 0.78 }),
    slice("ORD", 412, { value: 0.61, lower: 0.55, upper: 0.67 }),
    slice("SFO", 10, { value: 0.2 }, true),
    slice("LAX", 300, { value: Number.NaN, lower: 0.1, upper: 0.2 }),
    slice("BOS", 500, { value: 0.68, lower: 0.7, upper: 0.6 }),
  ],
  worst: [worstEntry("ORD", 0.61)],
} as SliceColumn;

describe("sliceChartData", () => {
  const data = sliceChartData({ column, metric: "accuracy", overall: 0.7, minSliceSize: 30 });

  it("orders worst first, no-value then insufficient slices last", () => {
    expect(data.rows.map((r) => r.slice)).toEqual(["ORD", "BOS", "JFK", "LAX", "SFO"]);
  });

  it("marks the server's worst slice and insufficient slices in words", () => {
    expect(data.worst?.slice).toBe("ORD");
    expect(data.rows.filter((r) => r.worst).map((r) => r.slice)).toEqual(["ORD"]);
    expect(data.rows[0]?.label).toBe("ORD (worst)");
    expect(data.rows.find((r) => r.slice === "SFO")?.label).toBe("SFO (insufficient)");
  });

  it("turns an interval into error offsets that land exactly on its bounds", () => {
    const ord = data.rows[0];
    expect(ord?.error?.[0]).toBeCloseTo(0.06);
    expect(ord?.error?.[1]).toBeCloseTo(0.06);
    expect(ord?.delta).toBeCloseTo(-0.09);
  });

  it.each([
    ["NaN value: a gap, no error bar, said in words", "LAX", null, null, "LAX (no value)"],
    ["reversed interval: no error bar", "BOS", 0.68, null, "BOS"],
    ["insufficient slice without an interval", "SFO", 0.2, null, "SFO (insufficient)"],
  ])("%s", (_, name, value, error, label) => {
    const row = data.rows.find((r) => r.slice === name);
    expect(row?.value).toBe(value);
    expect(row?.error).toBe(error);
    expect(row?.label).toBe(label);
    expect(Number.isNaN(row?.value)).toBe(false);
  });

  it("names the interval with its level", () => {
    expect(data.intervalName).toBe("95% bootstrap CI");
    expect(data.domain).toEqual([0, 1]);
  });

  it("states the conclusion with numbers", () => {
    const caption = sliceCaption(data);
    expect(caption).toContain(
      "Worst slice: origin=ORD, accuracy 0.610 [0.550, 0.670], n = 412, 0.090 below the whole test set (0.700).",
    );
    expect(caption).toContain("1 with fewer than 30 rows is insufficient");
    expect(caption).toContain("1 without a defined accuracy (no bar)");
    expect(caption).toContain("Error bars: 95% bootstrap CI.");
  });

  it("caps the chart and says so", () => {
    const capped = sliceChartData({ column, metric: "accuracy", overall: 0.7, minSliceSize: 30, cap: 2 });
    expect(capped.rows).toHaveLength(2);
    expect(capped.total).toBe(5);
    expect(sliceCaption(capped)).toContain("The chart shows the first 2 of 5; the table lists all.");
  });

  it("says why there is no worst slice", () => {
    const none = sliceChartData({
      column: { ...column, slices: [slice("SFO", 10, { value: 0.2 }, true)], worst: [worstEntry(null, null)] },
      metric: "accuracy",
      overall: null,
      minSliceSize: 30,
    });
    expect(none.worst).toBeNull();
    expect(none.intervalName).toBeNull();
    expect(sliceCaption(none)).toContain("No slice of origin has enough rows (30) and a defined accuracy");
  });

  it("handles an empty column", () => {
    const empty = sliceChartData({
      column: { column: "c", slices: [], worst: [] },
      metric: "accuracy",
      overall: 0.7,
      minSliceSize: 30,
    });
    expect(empty.rows).toEqual([]);
    expect(empty.domain).toEqual([0, 1]);
  });
});

describe("valueAxis", () => {
  it.each([
    [[0.2, 0.9], true, [0, 1]],
    [[0.2, 1.4], false, [0, 1.5]],
    [[-0.3, 0.5], false, [-0.4, 0.6]],
    [[], false, [0, 1]],
    [[2, 3], true, [0, 3]],
  ] as const)("valueAxis(%j, %s) spans %j", (values, unit, domain) => {
    const axis = valueAxis(values, unit);
    expect(axis.domain).toEqual(domain);
    expect(axis.ticks[0]).toBe(domain[0]);
    expect(axis.ticks[axis.ticks.length - 1]).toBe(domain[1]);
  });
});

describe("shortLabel", () => {
  it("keeps short labels and ellipsises long ones", () => {
    expect(shortLabel("ORD")).toBe("ORD");
    expect(shortLabel("a".repeat(40))).toBe(`${"a".repeat(27)}…`);
  });
});

describe("sliceCaption for a lower-is-better metric", () => {
  it("reads the worst slice as above the whole test set", () => {
    const ece = {
      column: "plan",
      slices: [
        {
          slice: "free",
          key: "plan=free",
          n: 80,
          positives: 5,
          missing: false,
          insufficient: false,
          metrics: [{ metric: "ece", value: 0.12, lower: 0.08, upper: 0.16, level: 0.9, n: 80 }],
        },
      ],
      worst: [
        {
          metric: "ece",
          slice: "free",
          key: "plan=free",
          value: 0.12,
          n: 80,
          overall: 0.05,
          direction: "lower_is_better" as const,
          compared: 1,
        },
      ],
    } as SliceColumn;
    const data = sliceChartData({ column: ece, metric: "ece", overall: 0.05, minSliceSize: 30 });
    const caption = sliceCaption(data);
    expect(caption).toContain("ece 0.120 [0.080, 0.160], n = 80, 0.070 above the whole test set (0.050).");
    expect(caption).toContain("(lower ece is better)");
    expect(caption).toContain("Error bars: 90% bootstrap CI.");
  });
});
