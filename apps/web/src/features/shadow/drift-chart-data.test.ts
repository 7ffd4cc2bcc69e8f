import { describe, expect, it } from "vitest";
import type { DriftFeatureView } from "~/server/shadow/shadow-view-types";
import { driftCaption, driftChartData, driftTest, psiBand } from "./drift-chart-data";

const feature = (name: string, psi: number | null, kind: DriftFeatureView["kind"] = "numeric"): DriftFeatureView => ({
  feature: name,
  kind,
  statistic: 0.21,
  pValue: 0.00001,
  psi,
  js: 0.1,
  missing: 0,
});

describe("psiBand", () => {
  it.each([
    [0, "stable"],
    [0.0999, "stable"],
    [0.1, "moderate"],
    [0.2499, "moderate"],
    [0.25, "significant"],
    [3, "significant"],
    [null, null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
  ] as const)("psiBand(%s) = %s", (psi, band) => {
    expect(psiBand(psi)).toBe(band);
  });
});

describe("driftChartData", () => {
  const drift = [
    feature("age", 0.05),
    feature("income", 0.41),
    feature("region", 0.12, "categorical"),
    feature("broken", Number.NaN),
    feature("none", null),
  ];
  const data = driftChartData(drift);

  it("puts drifting features first, those without a PSI last as gaps", () => {
    expect(data.rows.map((r) => r.feature)).toEqual(["income", "region", "age", "broken", "none"]);
    expect(data.rows.map((r) => r.value)).toEqual([0.41, 0.12, 0.05, null, null]);
    expect(data.rows.map((r) => r.label)).toEqual([
      "income (drifting)",
      "region (moderate)",
      "age",
      "broken (no PSI)",
      "none (no PSI)",
    ]);
  });

  it("counts features per band and keeps both threshold lines on the axis", () => {
    expect(data.counts).toEqual({ significant: 1, moderate: 1, stable: 1, none: 2 });
    expect(data.domain[0]).toBe(0);
    expect(data.domain[1]).toBeGreaterThan(0.41);
    expect(driftChartData([feature("a", 0.01)]).domain[1]).toBeGreaterThan(0.25);
  });

  it("states the conclusion with numbers, the test in words", () => {
    const caption = driftCaption(data);
    expect(caption).toContain(
      "1 of 5 features drift (PSI ≥ 0.25), 1 shift moderately (0.1–0.25), 1 stay below 0.1, 2 without a PSI (no bar).",
    );
    expect(caption).toContain("Largest: income, PSI 0.410 (KS 0.210, p < 0.0001).");
  });

  it("caps the chart and says so", () => {
    const capped = driftChartData(drift, 2);
    expect(capped.rows).toHaveLength(2);
    expect(driftCaption(capped)).toContain("top 2 of 5 by PSI");
  });

  it("handles no features", () => {
    const empty = driftChartData([]);
    expect(empty.rows).toEqual([]);
    expect(driftCaption(empty)).toContain("0 of 0 features");
  });
});

describe("driftTest", () => {
  it.each([
    [{ kind: "numeric", statistic: 0.2, pValue: 0.034 }, "KS 0.200, p = 0.034"],
    [{ kind: "categorical", statistic: 12.5, pValue: null }, "χ² 12.500, no p-value"],
  ] as const)("%j → %s", (d, text) => {
    expect(driftTest(d)).toBe(text);
  });
});
