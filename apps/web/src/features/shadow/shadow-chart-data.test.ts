import { describe, expect, it } from "vitest";
import type { ShadowSeriesPoint } from "~/server/shadow/shadow-view-types";
import { bandChartData, bandOf, driftByPsi, headlineMetric, metricNames, versionStyles } from "./shadow-chart-data";
import { decisionOf, formatDuration, formatWithInterval } from "./shadow-format";

const versions = [
  { modelVersionId: "champ", role: "champion" as const, label: "m v1" },
  { modelVersionId: "ch1", role: "challenger" as const, label: "m v2" },
  { modelVersionId: "ch2", role: "challenger" as const, label: "m v3" },
];

const point = (over: Partial<ShadowSeriesPoint>): ShadowSeriesPoint => ({
  sequence: 1,
  scoredAt: "2026-01-01T00:00:00Z",
  events: 100,
  labelled: 50,
  versions: [],
  gap: [],
  difference: [],
  ...over,
});

describe("versionStyles", () => {
  it("keeps one hue for the champion and one for challengers, dashing later challengers", () => {
    const styles = versionStyles(versions);
    expect(styles.map((s) => [s.stroke, s.dash])).toEqual([
      ["var(--chart-1)", undefined],
      ["var(--chart-2)", undefined],
      ["var(--chart-2)", "6 3"],
    ]);
  });
});

describe("bandOf", () => {
  it.each([
    [null, null],
    [
      [0.1, 0.2],
      [0.1, 0.2],
    ],
    [[0.3, 0.2], null],
    [[Number.NaN, 0.2], null],
    [[0, Number.POSITIVE_INFINITY], null],
  ] as const)("%j → %j", (interval, expected) => {
    expect(bandOf(interval as [number, number] | null)).toEqual(expected);
  });
});

describe("bandChartData", () => {
  const styles = versionStyles(versions);
  const series = [
    point({
      sequence: 2,
      scoredAt: "2026-01-01T02:00:00Z",
      versions: [
        { modelVersionId: "champ", metric: "roc_auc", value: 0.8, interval: [0.75, 0.85] },
        { modelVersionId: "ch1", metric: "roc_auc", value: null, interval: null },
      ],
    }),
    point({
      sequence: 1,
      scoredAt: "2026-01-01T01:00:00Z",
      versions: [{ modelVersionId: "champ", metric: "roc_auc", value: 0, interval: [0, 0.1] }],
    }),
  ];
  const { rows, series: drawn } = bandChartData(series, styles, (p) =>
    p.versions.map((v) => ({ id: v.modelVersionId, value: v.value, interval: v.interval })),
  );

  it("draws only versions that appear, in identity order", () => {
    expect(drawn.map((s) => s.modelVersionId)).toEqual(["champ", "ch1"]);
  });

  it("orders rows by time and keeps zero as zero, missing as null (a gap)", () => {
    expect(rows.map((r) => r.sequence)).toEqual([1, 2]);
    expect(rows[0]?.v0).toBe(0);
    expect(rows[0]?.v1).toBeNull();
    expect(rows[0]?.b1).toBeNull();
    expect(rows[1]?.b0).toEqual([0.75, 0.85]);
    expect(rows[1]?.v1).toBeNull();
  });
});

describe("headlineMetric", () => {
  it("takes the latest snapshot's metric, then the difference's", () => {
    expect(
      headlineMetric({
        series: [point({ versions: [{ modelVersionId: "champ", metric: "accuracy", value: 1, interval: null }] })],
        difference: [],
        gap: [],
      }),
    ).toBe("accuracy");
    expect(headlineMetric({ series: [], difference: [], gap: [] })).toBeNull();
  });
});

describe("driftByPsi", () => {
  it("sorts by PSI descending with missing PSI last", () => {
    const sorted = driftByPsi([
      { feature: "a", psi: null },
      { feature: "b", psi: 0.05 },
      { feature: "c", psi: 0.3 },
      { feature: "d", psi: 0 },
    ]);
    expect(sorted.map((d) => d.feature)).toEqual(["c", "b", "d", "a"]);
  });
});

describe("metricNames", () => {
  it("unions metrics and label-free estimates in first-seen order", () => {
    expect(
      metricNames([
        { metrics: { roc_auc: 0.8, accuracy: null }, labelFree: null },
        {
          metrics: { roc_auc: 0.7 },
          labelFree: { status: "ok", metrics: { brier_score: { estimate: 0.1, interval: null } } },
        },
      ]),
    ).toEqual(["roc_auc", "accuracy", "brier_score"]);
  });
});

describe("formatters", () => {
  it.each([
    [null, "—"],
    [12_000, "12 s"],
    [18 * 60_000, "18 min"],
    [3.5 * 3_600_000, "3.5 h"],
    [2 * 86_400_000, "2.0 d"],
  ] as const)("formatDuration(%j) = %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("writes a symmetric interval as ±, an asymmetric one as brackets", () => {
    expect(formatWithInterval(0.8, [0.78, 0.82])).toBe("0.800 ± 0.020");
    expect(formatWithInterval(0.8, [0.7, 0.82])).toBe("0.800 [0.700, 0.820]");
    expect(formatWithInterval(null, [0.7, 0.82])).toBe("—");
  });

  it("says undecided as insufficient evidence", () => {
    expect(decisionOf("undecided").words).toBe("undecided — insufficient evidence");
  });
});
