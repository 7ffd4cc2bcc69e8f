import { describe, expect, it } from "vitest";
import { executableBenchmarkRunConfig, parseBenchmarkRunConfig } from "./run-config.ts";

const valid = {
  benchmark: { id: "0b7f6f4e-2a7c-4f8e-9c39-3c1a52a1e9d1", name: "churn", version: 1 },
  datasetVersionId: "6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5",
  datasetSha256: "a".repeat(64),
  split: { kind: "random", testFraction: 0.25 },
  metrics: ["roc_auc", "accuracy"],
  threshold: 0.5,
  seed: 42,
  modelVersionId: "1a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d",
  endpointKind: "offline",
  predictionsSha256: "b".repeat(64),
};

describe("parseBenchmarkRunConfig", () => {
  it("reads the frozen protocol", () => {
    const config = parseBenchmarkRunConfig(valid);
    expect(config.split).toEqual({ kind: "random", testFraction: 0.25 });
    expect(config.metrics).toEqual(["roc_auc", "accuracy"]);
    expect(config.seed).toBe(42);
  });

  it("reads a temporal split", () => {
    const config = parseBenchmarkRunConfig({ ...valid, split: { kind: "temporal", cutoff: "2024-03-01" } });
    expect(config.split).toEqual({ kind: "temporal", cutoff: "2024-03-01" });
  });

  it.each([
    [{ metrics: ["roc_auc", "mystery"] }, "metrics.1"],
    [{ metrics: [] }, "metrics"],
    [{ split: { kind: "random", testFraction: 1 } }, "split.testFraction"],
    [{ split: { kind: "temporal", cutoff: "March" } }, "split.cutoff"],
    [{ threshold: "0.5" }, "threshold"],
  ])("names the field of a protocol it cannot execute: %j", (change, field) => {
    expect(() => parseBenchmarkRunConfig({ ...valid, ...change })).toThrow(
      new RegExp(`^The run's benchmark protocol cannot be executed \\(${field.replace(".", "\\.")}: `),
    );
  });
});

describe("configs frozen before benchmark protocols had more than split, metrics, threshold and seed", () => {
  it("parse with the protocol's defaults", () => {
    const config = parseBenchmarkRunConfig(valid);
    expect(config).toMatchObject({
      task: "binary_classification",
      threshold: 0.5,
      sliceColumns: [],
      stress: [],
      confidence: { level: 0.95, resamples: 1000 },
      predictionsSha256: "b".repeat(64),
    });
    expect(config.costs).toBeUndefined();
    expect(config.holdout).toBeUndefined();
    expect(executableBenchmarkRunConfig(config).split).toEqual({ kind: "random", testFraction: 0.25 });
  });
});

describe("a frozen protocol with the new fields", () => {
  const full = {
    ...valid,
    task: "binary_classification",
    sliceColumns: [],
    stress: [],
    confidence: { level: 0.9, resamples: 200 },
  };

  it("parses and is executable when it only uses what this worker runs", () => {
    const config = executableBenchmarkRunConfig(parseBenchmarkRunConfig(full));
    expect(config.confidence).toEqual({ level: 0.9, resamples: 200 });
    expect(config.threshold).toBe(0.5);
  });

  it("refuses a key it does not know instead of skipping it", () => {
    expect(() => parseBenchmarkRunConfig({ ...full, calibration: "isotonic" })).toThrow(
      /^The run's benchmark protocol cannot be executed \(config: Unknown field "calibration"/,
    );
  });

  it.each([
    [{ split: { kind: "rolling", folds: 4, testWindow: { days: 7 } } }],
    [{ sliceColumns: ["region", "plan"] }],
    [{ costs: { fp: 1, fn: 5 } }],
    [{ holdout: { fraction: 0.2, queryBudget: 10 } }],
    [
      {
        stress: [{ name: "noisy", perturbations: [{ kind: "gaussian_noise", factor: 0.5 }] }],
        endpoint: { kind: "builtin", algorithm: "logistic_regression" },
      },
    ],
  ])("executes every part of a binary protocol: %j", (change) => {
    const config = executableBenchmarkRunConfig(parseBenchmarkRunConfig({ ...full, ...change }));
    expect(config.metrics).toEqual(["roc_auc", "accuracy"]);
  });

  it("reads the frozen endpoint, and an offline one for configs frozen before endpoints", () => {
    expect(parseBenchmarkRunConfig(full).endpoint).toEqual({ kind: "offline" });
    const frozen = { kind: "http-json", url: "https://models.example/churn", batchSize: 64 };
    expect(parseBenchmarkRunConfig({ ...full, endpoint: frozen }).endpoint).toEqual(frozen);
    expect(() => parseBenchmarkRunConfig({ ...full, endpoint: { kind: "builtin", algorithm: "svm" } })).toThrow(
      /^The run's benchmark protocol cannot be executed \(endpoint\.algorithm: /,
    );
  });

  it.each([
    [
      { stress: [{ name: "noisy", perturbations: [{ kind: "gaussian_noise", factor: 0.5 }] }] },
      "stress",
      /^Benchmark churn v1 has stress scenarios \("noisy"\), which re-score perturbed test features: that needs a model Fieldtest can call\. The model version is offline/,
    ],
    [
      { task: "regression", metrics: ["mae"], threshold: undefined },
      "benchmarkId",
      /^Benchmark churn v1 is a regression benchmark; runs of regression benchmarks are not supported yet\. Nothing was scored\.$/,
    ],
  ])("refuses, as a backstop to run creation, what it cannot execute: %j", (change, field, message) => {
    const config = parseBenchmarkRunConfig({ ...full, ...change });
    const refuse = () => executableBenchmarkRunConfig(config);
    expect(refuse).toThrow(message);
    try {
      refuse();
    } catch (err) {
      expect((err as { field?: string }).field).toBe(field);
    }
  });
});
