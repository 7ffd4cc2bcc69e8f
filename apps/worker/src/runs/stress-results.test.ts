import { fnv1a64, seedToUint64 } from "@fieldtest/core";
import { describe, expect, it } from "vitest";
import { mergeChanges, perturbScenario, scenarioSeed, stressResults } from "./stress-results.ts";

describe("perturbScenario", () => {
  const features = [
    { name: "x", type: "number" as const, values: Float64Array.from({ length: 20 }, (_, i) => i) },
    { name: "c", type: "string" as const, values: Array.from({ length: 20 }, (_, i) => (i % 2 ? "a" : "b")) },
  ];
  const scenario = { name: "noisy", perturbations: [{ kind: "gaussian_noise" as const, factor: 1 }] };

  it("perturbs with a seed of the run and the scenario name, the same every time", () => {
    const a = perturbScenario(features, scenario, 7);
    expect(Array.from(a.features[0]?.values as Float64Array)).toEqual(
      Array.from(perturbScenario(features, scenario, 7).features[0]?.values as Float64Array),
    );
    expect(a.features[0]?.values).not.toEqual(features[0]?.values);
    expect(a.features[1]).toEqual(features[1]);
    expect(a.changes).toMatchObject([{ step: 0, kind: "gaussian_noise", column: "x", present: 20, changed: 20 }]);
    expect(scenarioSeed(7, "noisy")).toBe(seedToUint64(7) ^ fnv1a64("stress:noisy"));
    const other = perturbScenario(features, { ...scenario, name: "other" }, 7);
    expect(other.features[0]?.values).not.toEqual(a.features[0]?.values);
  });
});

describe("mergeChanges", () => {
  it("sums what each fold's perturbation changed, per step and column", () => {
    const fold = (present: number, changed: number) => [
      { step: 0, kind: "missing_values" as const, column: "x", present, changed },
    ];
    expect(mergeChanges([fold(10, 2), fold(20, 5)])).toEqual(fold(30, 7));
    expect(mergeChanges([fold(10, 2)])).toEqual(fold(10, 2));
  });
});

describe("stressResults", () => {
  it("reports stressed − clean per metric and whether that is worse", () => {
    const labels = Float64Array.of(0, 0, 1, 1);
    const result = stressResults({
      labels,
      baseline: Float64Array.of(0.1, 0.2, 0.8, 0.9),
      scenarios: [
        {
          scenario: { name: "flip", perturbations: [{ kind: "gaussian_noise", factor: 1 }] },
          changes: [],
          scores: Float64Array.of(0.9, 0.2, 0.8, 0.1),
        },
      ],
      protocol: {
        threshold: 0.5,
        metrics: ["accuracy", "brier_score"],
        confidence: { level: 0.95, resamples: 0 },
        seed: 1,
      },
    });
    expect(result.n).toBe(4);
    const [accuracy, brier] = result.scenarios[0]?.metrics ?? [];
    expect(accuracy).toEqual({ metric: "accuracy", baseline: 1, stressed: 0.5, delta: -0.5, worse: true });
    expect(brier?.worse).toBe(true);
    expect(brier?.delta).toBeCloseTo((0.81 + 0.04 + 0.04 + 0.81) / 4 - (0.01 + 0.04 + 0.04 + 0.01) / 4, 12);
  });
});
