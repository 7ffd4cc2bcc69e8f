import { describe, expect, it } from "vitest";
import { BINARY_METRICS } from "../metrics/binary-metric-names.ts";
import { benchmarkProtocolSchema } from "./benchmark-protocol-schema.ts";

const minimal = { split: { kind: "random", testFraction: 0.2 }, seed: 42 };

const full = {
  task: "binary_classification",
  split: {
    kind: "rolling",
    folds: 4,
    testWindow: { days: 7 },
    trainWindow: { days: 90 },
    gap: { days: 1 },
  },
  metrics: ["roc_auc", "accuracy"],
  threshold: 0.3,
  sliceColumns: ["region", "plan"],
  costs: { fp: 1, fn: 5, tp: -2 },
  stress: [
    { name: "noisy income", perturbations: [{ kind: "gaussian_noise", columns: ["income"], factor: 0.5 }] },
    {
      name: "missing and shifted",
      perturbations: [
        { kind: "missing_values", rate: 0.1 },
        { kind: "shift", columns: ["income"], operation: "multiply", amount: 1.2 },
      ],
    },
  ],
  confidence: { level: 0.9, resamples: 500 },
  seed: 7,
} as const;

describe("benchmarkProtocolSchema", () => {
  it("fills the defaults: binary task, every binary metric, threshold 0.5, 95% from 1000 resamples", () => {
    expect(benchmarkProtocolSchema.parse(minimal)).toEqual({
      task: "binary_classification",
      split: { kind: "random", testFraction: 0.2 },
      metrics: [...BINARY_METRICS],
      threshold: 0.5,
      sliceColumns: [],
      stress: [],
      confidence: { level: 0.95, resamples: 1000 },
      seed: 42,
    });
  });

  it.each([
    { kind: "random", testFraction: 0.25 },
    { kind: "temporal", cutoff: "2024-03-01" },
    { kind: "rolling", folds: 3, testWindow: { rows: 100 } },
    { kind: "rolling", folds: 1, testWindow: { days: 0.5 }, trainWindow: "expanding", gap: { days: 0 } },
  ])("accepts the split %o", (split) => {
    const parsed = benchmarkProtocolSchema.parse({ ...minimal, split });
    expect(parsed.split).toMatchObject(split);
  });

  it("gives a rolling split its defaults: expanding train window, no gap", () => {
    const parsed = benchmarkProtocolSchema.parse({
      ...minimal,
      split: { kind: "rolling", folds: 2, testWindow: { days: 30 } },
    });
    expect(parsed.split).toEqual({
      kind: "rolling",
      folds: 2,
      testWindow: { days: 30 },
      trainWindow: "expanding",
      gap: { days: 0 },
    });
  });

  it("keeps every field of a full protocol, and its output parses to itself (a frozen protocol re-checks)", () => {
    const parsed = benchmarkProtocolSchema.parse({
      ...full,
      holdout: undefined,
      split: { kind: "temporal", cutoff: "2024-01-01" },
    });
    expect(parsed).toMatchObject({ ...full, split: { kind: "temporal", cutoff: "2024-01-01" } });
    expect(benchmarkProtocolSchema.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
    const rolling = benchmarkProtocolSchema.parse(full);
    expect(benchmarkProtocolSchema.parse(JSON.parse(JSON.stringify(rolling)))).toEqual(rolling);
  });

  it("accepts a hidden holdout with a random or temporal split; the mechanism defaults to thresholdout", () => {
    const parsed = benchmarkProtocolSchema.parse({ ...minimal, holdout: { fraction: 0.5, queryBudget: 1 } });
    expect(parsed.holdout).toEqual({ fraction: 0.5, queryBudget: 1, mechanism: "thresholdout" });
    const ladder = benchmarkProtocolSchema.parse({
      ...minimal,
      split: { kind: "temporal", cutoff: "2024-01-01" },
      holdout: { fraction: 0.1, queryBudget: 20, mechanism: "ladder" },
    });
    expect(ladder.holdout?.mechanism).toBe("ladder");
  });

  it.each([
    {
      task: "multiclass_classification",
      metrics: ["accuracy", "macro_f1", "log_loss", "roc_auc_ovr", "ece", "brier_score"],
    },
    { task: "regression", metrics: ["mae", "rmse", "r2", "mape"] },
  ])("a $task protocol defaults to its task's metrics and has no threshold", ({ task, metrics }) => {
    const parsed = benchmarkProtocolSchema.parse({ ...minimal, task });
    expect(parsed.metrics).toEqual(metrics);
    expect("threshold" in parsed).toBe(false);
  });

  it("accepts resamples 0 (no intervals)", () => {
    expect(benchmarkProtocolSchema.parse({ ...minimal, confidence: { resamples: 0 } }).confidence).toEqual({
      level: 0.95,
      resamples: 0,
    });
  });

  it.each([
    // field values
    { name: "unknown task", change: { task: "ranking" }, path: ["task"] },
    { name: "no split", change: { split: undefined }, path: ["split"] },
    { name: "unknown split kind", change: { split: { kind: "kfold", folds: 5 } }, path: ["split", "kind"] },
    { name: "misspelt split key", change: { split: { kind: "random", testFraction: 0.2, seeed: 1 } }, path: ["split"] },
    {
      name: "rolling without folds",
      change: { split: { kind: "rolling", testWindow: { days: 7 } } },
      path: ["split", "folds"],
    },
    {
      name: "rolling with 0 folds",
      change: { split: { kind: "rolling", folds: 0, testWindow: { days: 7 } } },
      path: ["split", "folds"],
    },
    {
      name: "rolling with 2.5 folds",
      change: { split: { kind: "rolling", folds: 2.5, testWindow: { days: 7 } } },
      path: ["split", "folds"],
    },
    {
      name: "rolling test window of 0 days",
      change: { split: { kind: "rolling", folds: 2, testWindow: { days: 0 } } },
      path: ["split", "testWindow", "days"],
    },
    {
      name: "rolling test window of both",
      change: { split: { kind: "rolling", folds: 2, testWindow: { days: 1, rows: 5 } } },
      path: ["split", "testWindow"],
    },
    {
      name: "rolling test window missing",
      change: { split: { kind: "rolling", folds: 2 } },
      path: ["split", "testWindow"],
    },
    {
      name: "rolling train window 'sliding'",
      change: { split: { kind: "rolling", folds: 2, testWindow: { rows: 5 }, trainWindow: "sliding" } },
      path: ["split", "trainWindow"],
    },
    {
      name: "negative gap",
      change: { split: { kind: "rolling", folds: 2, testWindow: { rows: 5 }, gap: { days: -1 } } },
      path: ["split", "gap", "days"],
    },
    { name: "no metrics", change: { metrics: [] }, path: ["metrics"] },
    { name: "an unknown metric", change: { metrics: ["roc_auc", "f2"] }, path: ["metrics", 1] },
    { name: "threshold above 1", change: { threshold: 1.5 }, path: ["threshold"] },
    { name: "empty slice column", change: { sliceColumns: [" "] }, path: ["sliceColumns", 0] },
    {
      name: "11 slice columns",
      change: { sliceColumns: Array.from({ length: 11 }, (_, i) => `c${i}`) },
      path: ["sliceColumns"],
    },
    { name: "costs without fn", change: { costs: { fp: 1 } }, path: ["costs", "fn"] },
    { name: "a misspelt cost cell", change: { costs: { fp: 1, fn: 2, FN: 3 } }, path: ["costs"] },
    { name: "an infinite cost", change: { costs: { fp: 1, fn: Number.POSITIVE_INFINITY } }, path: ["costs", "fn"] },
    {
      name: "a scenario without a name",
      change: { stress: [{ name: " ", perturbations: [{ kind: "missing_values", rate: 0.1 }] }] },
      path: ["stress", 0, "name"],
    },
    {
      name: "a scenario without perturbations",
      change: { stress: [{ name: "empty", perturbations: [] }] },
      path: ["stress", 0, "perturbations"],
    },
    {
      name: "a bad perturbation",
      change: { stress: [{ name: "bad", perturbations: [{ kind: "missing_values", rate: 2 }] }] },
      path: ["stress", 0, "perturbations", 0, "rate"],
    },
    { name: "confidence level 1", change: { confidence: { level: 1 } }, path: ["confidence", "level"] },
    { name: "confidence level 0.3", change: { confidence: { level: 0.3 } }, path: ["confidence", "level"] },
    { name: "10 resamples", change: { confidence: { resamples: 10 } }, path: ["confidence", "resamples"] },
    { name: "negative resamples", change: { confidence: { resamples: -1 } }, path: ["confidence", "resamples"] },
    { name: "1.5 resamples", change: { confidence: { resamples: 1.5 } }, path: ["confidence", "resamples"] },
    { name: "holdout fraction 0", change: { holdout: { fraction: 0, queryBudget: 5 } }, path: ["holdout", "fraction"] },
    {
      name: "holdout fraction 0.6",
      change: { holdout: { fraction: 0.6, queryBudget: 5 } },
      path: ["holdout", "fraction"],
    },
    {
      name: "holdout budget 0",
      change: { holdout: { fraction: 0.2, queryBudget: 0 } },
      path: ["holdout", "queryBudget"],
    },
    {
      name: "holdout budget 2.5",
      change: { holdout: { fraction: 0.2, queryBudget: 2.5 } },
      path: ["holdout", "queryBudget"],
    },
    {
      name: "holdout mechanism",
      change: { holdout: { fraction: 0.2, queryBudget: 5, mechanism: "dp" } },
      path: ["holdout", "mechanism"],
    },
    { name: "a negative seed", change: { seed: -1 }, path: ["seed"] },
    { name: "no seed", change: { seed: undefined }, path: ["seed"] },
    { name: "an unknown field", change: { slices: ["region"] }, path: [] },
    // rules between fields
    { name: "a regression metric on a binary task", change: { metrics: ["roc_auc", "mae"] }, path: ["metrics", 1] },
    { name: "a metric listed twice", change: { metrics: ["roc_auc", "roc_auc"] }, path: ["metrics", 1] },
    {
      name: "a binary metric on a regression task",
      change: { task: "regression", metrics: ["roc_auc"] },
      path: ["metrics", 0],
    },
    { name: "a threshold on a regression task", change: { task: "regression", threshold: 0.5 }, path: ["threshold"] },
    {
      name: "costs on a multiclass task",
      change: { task: "multiclass_classification", costs: { fp: 1, fn: 2 } },
      path: ["costs"],
    },
    { name: "costs that are all equal", change: { costs: { fp: 0, fn: 0 } }, path: ["costs"] },
    { name: "a slice column listed twice", change: { sliceColumns: ["region", "region"] }, path: ["sliceColumns", 1] },
    {
      name: "two scenarios with one name",
      change: {
        stress: [
          { name: "same", perturbations: [{ kind: "missing_values", rate: 0.1 }] },
          { name: "same", perturbations: [{ kind: "missing_values", rate: 0.2 }] },
        ],
      },
      path: ["stress", 1, "name"],
    },
    {
      name: "a holdout with a rolling backtest",
      change: {
        split: { kind: "rolling", folds: 2, testWindow: { days: 7 } },
        holdout: { fraction: 0.2, queryBudget: 10 },
      },
      path: ["holdout"],
    },
  ])("refuses $name, naming $path", ({ change, path }) => {
    const result = benchmarkProtocolSchema.safeParse({ ...minimal, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(path);
    expect(result.error?.issues[0]?.message).not.toMatch(/^Invalid input$/);
  });

  it("names an unknown field and lists the known ones", () => {
    const result = benchmarkProtocolSchema.safeParse({ ...minimal, slices: ["region"] });
    expect(result.error?.issues[0]?.message).toBe(
      'Unknown field "slices" in the benchmark protocol; known: task, split, metrics, threshold, sliceColumns, costs, stress, confidence, holdout, seed',
    );
  });

  it("says which metrics a task has", () => {
    const result = benchmarkProtocolSchema.safeParse({ ...minimal, task: "regression", metrics: ["accuracy"] });
    expect(result.error?.issues[0]?.message).toBe(
      '"accuracy" is not a regression metric; choose from mae, rmse, r2, mape',
    );
  });
});
