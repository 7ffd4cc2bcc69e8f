import { describe, expect, it } from "vitest";
import { type BenchmarkTrend, intervalLegend, regressionsOf, trendSeries } from "./trend-view";

const point = (over: Partial<BenchmarkTrend["points"][number]>): BenchmarkTrend["points"][number] => ({
  runId: "r",
  modelVersionId: "v1",
  finishedAt: new Date("2026-01-01T00:00:00Z"),
  metric: "roc_auc",
  value: 0.8,
  lower: 0.78,
  upper: 0.83,
  level: 0.95,
  n: 100,
  regression: null,
  ...over,
});

const trend: BenchmarkTrend = {
  benchmark: { id: "b", name: "bench", version: 1 },
  metrics: ["roc_auc", "log_loss"],
  modelVersionIds: ["v1", "v2"],
  points: [
    point({
      runId: "r2",
      finishedAt: new Date("2026-01-02T00:00:00Z"),
      value: 0.7,
      regression: { previousRunId: "r1", difference: -0.1, pValue: 0.001 },
    }),
    point({ runId: "r1" }),
    point({ runId: "r3", modelVersionId: "v2", lower: null, upper: null, level: null }),
    point({ runId: "r1", metric: "log_loss", value: 0.3 }),
  ],
};
const versions = [
  { id: "v1", version: "1.0" },
  { id: "v2", version: "2.0" },
];

describe("trendSeries", () => {
  it("makes one time-ordered series per version with error bars from the interval", () => {
    const series = trendSeries(trend, "roc_auc", versions);
    expect(series.map((s) => [s.label, s.points.map((p) => p.runId)])).toEqual([
      ["1.0", ["r1", "r2"]],
      ["2.0", ["r3"]],
    ]);
    expect(series[0]?.points[0]?.error?.[0]).toBeCloseTo(0.02, 12);
    expect(series[0]?.points[0]?.error?.[1]).toBeCloseTo(0.03, 12);
    expect(series[1]?.points[0]?.error).toBeNull();
    expect(series[0]?.stroke).not.toBe(series[1]?.stroke);
  });

  it("leaves out versions without a value of the metric (empty metric → no series)", () => {
    expect(trendSeries(trend, "log_loss", versions).map((s) => s.label)).toEqual(["1.0"]);
    expect(trendSeries(trend, "mae", versions)).toEqual([]);
  });
});

describe("regressionsOf / intervalLegend", () => {
  it("lists flagged points with their version", () => {
    expect(regressionsOf(trend, versions).map((r) => [r.runId, r.versionLabel, r.regression.pValue])).toEqual([
      ["r2", "1.0", 0.001],
    ]);
  });

  it("names the interval level, or null without intervals", () => {
    expect(intervalLegend(trendSeries(trend, "roc_auc", versions))).toBe("95% bootstrap CI (error bars)");
    expect(intervalLegend([])).toBeNull();
  });
});
