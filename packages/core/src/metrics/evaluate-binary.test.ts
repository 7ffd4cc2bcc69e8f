import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { binaryEvaluation } from "./binary-evaluation.ts";
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
    {
      name: "unknown metric",
      metrics: ["roc_auc_ovr"],
      message: /unknown binary metric "roc_auc_ovr"; known: roc_auc, average_precision, log_loss, .*, mcc$/,
    },
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

  it("lists the eleven metrics of DESIGN.md in its order", () => {
    expect(BINARY_METRICS).toEqual([
      "roc_auc",
      "average_precision",
      "log_loss",
      "brier_score",
      "ece",
      "accuracy",
      "precision",
      "recall",
      "f1",
      "balanced_accuracy",
      "mcc",
    ]);
  });

  it("equals binaryEvaluation for every metric", () => {
    const suite = binaryEvaluation(labels, scores, { threshold: 0.5 });
    for (const { metric, value } of evaluateBinary({ labels, scores, threshold: 0.5, metrics: BINARY_METRICS })) {
      expect(value, metric).toBe(suite.metrics[metric]);
    }
  });

  it.each([
    {
      metric: "log_loss",
      scores: [0.1, 0.6, 1.5, 0.8, 0.5],
      message: /log_loss: .*1 row outside, first scores\[2\] = 1.5/,
    },
    { metric: "brier_score", scores: [0.1, -0.2, 0.35, -1, 0.5], message: /2 rows outside, first scores\[1\] = -0.2/ },
    { metric: "ece", scores: [0.1, 0.6, 0.35, 0.8, 1.0000000000000002], message: /first scores\[4\]/ },
  ] as const)("rejects $metric on scores outside [0, 1], naming the row", ({ metric, scores: s, message }) => {
    const run = () => evaluateBinary({ labels, scores: Float64Array.from(s), threshold: 0.5, metrics: [metric] });
    expect(run).toThrow(InvalidInputError);
    expect(run).toThrow(message);
  });

  it("computes ranking and threshold metrics on scores outside [0, 1]", () => {
    const logits = Float64Array.from([-2, 0.4, -0.6, 1.4, 0]);
    const result = evaluateBinary({ labels, scores: logits, threshold: 0, metrics: ["roc_auc", "accuracy", "mcc"] });
    expect(result.map((r) => r.value)).toEqual([4 / 6, 3 / 5, 1 / 6]);
  });

  it.each([
    { metric: "roc_auc", labels: [1, 1], defined: false },
    { metric: "average_precision", labels: [0, 0], defined: true },
    { metric: "log_loss", labels: [1, 1], defined: true },
    { metric: "mcc", labels: [0, 0], defined: true },
  ] as const)("one class present: $metric defined = $defined", ({ metric, labels: y, defined }) => {
    const run = () =>
      evaluateBinary({
        labels: Float64Array.from(y),
        scores: Float64Array.from([0.2, 0.9]),
        threshold: 0.5,
        metrics: [metric],
      });
    if (defined) expect(run()[0]?.value).toBeTypeOf("number");
    else expect(run).toThrow(MetricUndefinedError);
  });

  it.each([...BINARY_METRICS])("%s is undefined on zero rows", (metric) => {
    const empty = new Float64Array(0);
    expect(() => evaluateBinary({ labels: empty, scores: empty, threshold: 0.5, metrics: [metric] })).toThrow(
      MetricUndefinedError,
    );
  });

  it("throws MetricUndefinedError instead of returning NaN", () => {
    const oneClass = Float64Array.from([1, 1]);
    expect(() =>
      evaluateBinary({ labels: oneClass, scores: Float64Array.from([0.2, 0.9]), threshold: 0.5, metrics: ["roc_auc"] }),
    ).toThrow(MetricUndefinedError);
  });
});
