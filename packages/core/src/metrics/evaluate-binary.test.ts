import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { BINARY_METRICS, type BinaryMetricName } from "./binary-metric-names.ts";
import { evaluateBinary } from "./evaluate-binary.ts";
import { MetricUndefinedError } from "./metric-undefined-error.ts";

const labels = Float64Array.from([0, 0, 1, 1, 1]);
const scores = Float64Array.from([0.1, 0.6, 0.35, 0.8, 0.5]);

describe("evaluateBinary", () => {
  it("computes the requested metrics in the order asked, with n", () => {
    expect(evaluateBinary({ labels, scores, threshold: 0.5, metrics: ["roc_auc", "accuracy"] })).toEqual([
      { metric: "roc_auc", value: 4 / 6, n: 5 },
      { metric: "accuracy", value: 3 / 5, n: 5 },
    ]);
  });

  it("knows every name in BINARY_METRICS", () => {
    const result = evaluateBinary({ labels, scores, threshold: 0.5, metrics: BINARY_METRICS });
    expect(result.map((r) => r.metric)).toEqual([...BINARY_METRICS]);
  });

  it("returns nothing for no metrics", () => {
    expect(evaluateBinary({ labels, scores, threshold: 0.5, metrics: [] })).toEqual([]);
  });

  it.each([
    { name: "unknown metric", metrics: ["f1"], message: /unknown binary metric "f1"; known: accuracy, roc_auc/ },
    { name: "duplicate metric", metrics: ["accuracy", "accuracy"], message: /requested twice/ },
  ])("rejects $name", ({ metrics, message }) => {
    const run = () =>
      evaluateBinary({ labels, scores, threshold: 0.5, metrics: metrics as unknown as BinaryMetricName[] });
    expect(run).toThrow(InvalidInputError);
    expect(run).toThrow(message);
  });

  it("validates inputs even when only one metric needs them", () => {
    expect(() =>
      evaluateBinary({ labels, scores: Float64Array.from([0.1]), threshold: 0.5, metrics: ["accuracy"] }),
    ).toThrow(/differ in length/);
    expect(() => evaluateBinary({ labels, scores, threshold: Number.NaN, metrics: ["roc_auc"] })).toThrow(
      /threshold must be a finite number/,
    );
  });

  it("throws MetricUndefinedError instead of returning NaN", () => {
    const oneClass = Float64Array.from([1, 1]);
    expect(() =>
      evaluateBinary({ labels: oneClass, scores: Float64Array.from([0.2, 0.9]), threshold: 0.5, metrics: ["roc_auc"] }),
    ).toThrow(MetricUndefinedError);
  });
});
