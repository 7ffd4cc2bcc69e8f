import { describe, expect, it } from "vitest";
import { applyBenchmarkProtocolPatch } from "./benchmark-protocol-patch.ts";
import { benchmarkProtocolSchema } from "./benchmark-protocol-schema.ts";

const base = benchmarkProtocolSchema.parse({
  split: { kind: "temporal", cutoff: "2024-02-01" },
  metrics: ["roc_auc", "accuracy"],
  threshold: 0.3,
  sliceColumns: ["region"],
  costs: { fp: 1, fn: 4 },
  stress: [{ name: "noise", perturbations: [{ kind: "gaussian_noise", factor: 0.2 }] }],
  confidence: { level: 0.9, resamples: 400 },
  holdout: { fraction: 0.2, queryBudget: 50 },
  seed: 9,
});

const revise = (patch: Parameters<typeof applyBenchmarkProtocolPatch>[1]) =>
  benchmarkProtocolSchema.parse(applyBenchmarkProtocolPatch(base, patch));

describe("applyBenchmarkProtocolPatch", () => {
  it("carries every field the patch leaves out", () => {
    expect(revise({})).toEqual(base);
  });

  it("replaces the fields the patch gives, whole", () => {
    expect(revise({ threshold: 0.6, confidence: { level: 0.99 } })).toEqual({
      ...base,
      threshold: 0.6,
      confidence: { level: 0.99, resamples: 1000 },
    });
    expect(revise({ split: { kind: "random", testFraction: 0.3 }, sliceColumns: [] })).toMatchObject({
      split: { kind: "random", testFraction: 0.3 },
      sliceColumns: [],
      seed: 9,
    });
  });

  it("removes costs and the holdout given null; a null threshold is the default again", () => {
    const revised = revise({ costs: null, holdout: null, threshold: null });
    expect(revised.costs).toBeUndefined();
    expect(revised.holdout).toBeUndefined();
    expect(revised.threshold).toBe(0.5);
    expect("costs" in revised).toBe(false);
  });

  it("does not carry metrics, threshold or costs into another task", () => {
    const revised = revise({ task: "regression" });
    expect(revised).toMatchObject({
      task: "regression",
      metrics: ["mae", "rmse", "r2", "mape"],
      sliceColumns: ["region"],
    });
    expect(revised.threshold).toBeUndefined();
    expect(revised.costs).toBeUndefined();
  });

  it("leaves the checks to the schema (a regression task with a threshold is refused there)", () => {
    const result = benchmarkProtocolSchema.safeParse(
      applyBenchmarkProtocolPatch(base, { task: "regression", threshold: 0.4 }),
    );
    expect(result.error?.issues[0]?.path).toEqual(["threshold"]);
  });
});
