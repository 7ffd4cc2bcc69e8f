import { describe, expect, it } from "vitest";
import type { Stress } from "./run-results-view";
import { deltaAxis, stressCaption, stressChartData } from "./stress-chart-data";

const scenario = (name: string, metric: string, baseline: number | null, stressed: number | null) => ({
  name,
  perturbations: [{ kind: "gaussian_noise" }],
  changes: [],
  metrics: [
    {
      metric,
      baseline,
      stressed,
      delta: baseline !== null && stressed !== null ? stressed - baseline : null,
      worse: null,
    },
  ],
});

const stress = (scenarios: ReturnType<typeof scenario>[]) => ({ seeding: "", n: 1000, scenarios }) as unknown as Stress;

describe("stressChartData", () => {
  it("puts the largest degradation first for a higher-is-better metric, gaps last", () => {
    const data = stressChartData(
      stress([
        scenario("mild", "accuracy", 0.85, 0.84),
        scenario("none", "accuracy", 0.85, null),
        scenario("heavy", "accuracy", 0.85, 0.7),
        scenario("better", "accuracy", 0.85, 0.86),
      ]),
    );
    expect(data.rows.map((r) => r.scenario)).toEqual(["heavy", "mild", "better", "none"]);
    expect(data.rows.map((r) => r.label)).toEqual(["heavy (worst)", "mild", "better", "none (no value)"]);
    expect(data.worse).toBe(2);
    expect(data.clean).toBe(0.85);
    expect(data.rows[3]?.delta).toBeNull();
    expect(stressCaption(data)).toContain(
      "Largest degradation: heavy, accuracy 0.700 against 0.850 on clean rows (Δ −0.150).",
    );
    expect(stressCaption(data)).toContain("2 of 4 scenarios worse than clean, on 1,000 test rows");
  });

  it("reads a rise as worse for a lower-is-better metric", () => {
    const data = stressChartData(
      stress([
        scenario("a", "log_loss", 0.3, 0.31),
        scenario("b", "log_loss", 0.3, 0.5),
        scenario("c", "log_loss", 0.3, 0.2),
      ]),
    );
    expect(data.rows.map((r) => r.scenario)).toEqual(["b", "a", "c"]);
    expect(data.worst?.scenario).toBe("b");
  });

  it("calls no scenario worst when none degrades", () => {
    const data = stressChartData(stress([scenario("a", "accuracy", 0.8, 0.8), scenario("b", "accuracy", 0.8, 0.82)]));
    expect(data.worst).toBeNull();
    expect(stressCaption(data)).toContain("No scenario makes accuracy worse than on clean rows (0.800).");
  });

  it("never draws NaN", () => {
    const bad = scenario("nan", "accuracy", 0.8, 0.7);
    bad.metrics[0] = { ...bad.metrics[0], delta: Number.NaN } as (typeof bad.metrics)[number];
    const data = stressChartData(stress([bad]));
    expect(data.rows[0]?.delta).toBeNull();
    expect(data.domain).toEqual([-0.01, 0.01]);
    expect(data.ticks.every(Number.isFinite)).toBe(true);
  });

  it("handles no scenarios", () => {
    const data = stressChartData(stress([]));
    expect(data.rows).toEqual([]);
    expect(data.metric).toBe("");
  });
});

describe("deltaAxis", () => {
  it.each([
    [
      [-0.1, 0.05],
      [-0.2, 0.1],
    ],
    [[-0.1], [-0.15, 0]],
    [[0.1], [0, 0.15]],
    [[], [-0.01, 0.01]],
  ] as const)("deltaAxis(%j) spans %j, zero included", (deltas, domain) => {
    const axis = deltaAxis(deltas);
    expect(axis.domain).toEqual(domain);
    expect(axis.ticks).toContain(0);
  });
});
