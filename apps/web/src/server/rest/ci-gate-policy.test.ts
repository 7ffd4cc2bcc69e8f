import { describe, expect, it } from "vitest";
import { ciGatePolicy, judgeBenchmarkRun, type RunMetricRow } from "./ci-gate-policy";

const row = (metric: string, value: number, lower: number, upper: number, n = 500): RunMetricRow => ({
  metric,
  value,
  lower,
  upper,
  level: 0.95,
  n,
});

const judge = (metrics: RunMetricRow[], task = "binary_classification" as const) =>
  judgeBenchmarkRun({ task, runId: "r", finishedAt: new Date(0), metrics, now: new Date(1_000) });

describe("CI gate policy", () => {
  it("has gates for every task", () => {
    expect(ciGatePolicy("binary_classification").gates.map((g) => g.id)).toEqual([
      "benchmark-roc-auc",
      "benchmark-ece",
    ]);
    expect(ciGatePolicy("multiclass_classification").gates).toHaveLength(2);
    expect(ciGatePolicy("regression").gates.map((g) => g.id)).toEqual(["benchmark-r2"]);
  });

  it.each([
    ["both intervals clear", [row("roc_auc", 0.85, 0.8, 0.9), row("ece", 0.03, 0.01, 0.05)], "pass"],
    ["roc_auc lower bound at 0.7 exactly", [row("roc_auc", 0.75, 0.7, 0.8), row("ece", 0.03, 0.01, 0.05)], "pass"],
    ["roc_auc interval below 0.7", [row("roc_auc", 0.6, 0.55, 0.65), row("ece", 0.03, 0.01, 0.05)], "fail"],
    ["ece too high", [row("roc_auc", 0.85, 0.8, 0.9), row("ece", 0.2, 0.15, 0.25)], "fail"],
    ["no ece", [row("roc_auc", 0.85, 0.8, 0.9)], "insufficient_evidence"],
    ["too few rows", [row("roc_auc", 0.85, 0.8, 0.9, 50), row("ece", 0.03, 0.01, 0.05, 50)], "insufficient_evidence"],
  ] as const)("%s → %s", (_, metrics, verdict) => {
    expect(judge([...metrics]).verdict).toBe(verdict);
  });
});
