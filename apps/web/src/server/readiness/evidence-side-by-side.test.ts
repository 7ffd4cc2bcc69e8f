import { describe, expect, it } from "vitest";
import { evidenceSideBySide } from "./evidence-side-by-side";

const est = (value: number, lo: number, hi: number, n = 100) => ({
  value,
  interval: [lo, hi] as const,
  level: 0.95,
  intervalKind: "fixed_sample" as const,
  n,
});

describe("evidenceSideBySide", () => {
  it("pairs benchmark and shadow metrics with their gap, shared metrics first", () => {
    const view = evidenceSideBySide({
      benchmark: {
        asOf: "2026-11-01T00:00:00.000Z",
        runIds: ["run-1"],
        labelledCount: 100,
        metrics: { roc_auc: est(0.8, 0.75, 0.85), accuracy: est(0.7, 0.65, 0.75), log_loss: est(0.5, 0.45, 0.55) },
      },
      shadow: {
        asOf: "2026-11-20T00:00:00.000Z",
        runIds: ["shadow-1"],
        labelledCount: 400,
        metrics: {
          roc_auc: { ...est(0.6, 0.55, 0.65, 400), intervalKind: "anytime_valid" },
          brier_score: est(0.2, 0.1, 0.3, 400),
        },
      },
      gap: { asOf: "2026-11-20T00:00:00.000Z", metrics: { roc_auc: est(0.2, 0.1, 0.3) } },
    });
    expect(view.rows.map((r) => r.metric)).toEqual(["roc_auc", "accuracy", "brier_score", "log_loss"]);
    expect(view.rows[0]).toEqual({
      metric: "roc_auc",
      benchmark: { value: 0.8, interval: [0.75, 0.85], level: 0.95, n: 100 },
      shadow: { value: 0.6, interval: [0.55, 0.65], level: 0.95, n: 400 },
      gap: { value: 0.2, interval: [0.1, 0.3], level: 0.95, n: 100 },
    });
    expect(view.rows[2]).toMatchObject({ metric: "brier_score", benchmark: null, gap: null });
    expect(view).toMatchObject({ benchmarkRunIds: ["run-1"], shadowRunIds: ["shadow-1"] });
  });

  it("is empty without evidence", () => {
    expect(evidenceSideBySide({})).toEqual({
      benchmarkAsOf: null,
      shadowAsOf: null,
      benchmarkRunIds: [],
      shadowRunIds: [],
      rows: [],
    });
  });
});
