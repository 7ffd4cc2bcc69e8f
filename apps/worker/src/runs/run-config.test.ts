import { describe, expect, it } from "vitest";
import { parseBenchmarkRunConfig } from "./run-config.ts";

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
