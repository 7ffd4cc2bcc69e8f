import { describe, expect, it } from "vitest";
import { BINARY_METRICS } from "../metrics/binary-metric-names.ts";
import { MULTICLASS_METRICS } from "../metrics/multiclass/multiclass-metric-names.ts";
import { REGRESSION_METRICS } from "../metrics/regression/regression-metric-names.ts";
import { isWorse, METRIC_DIRECTION, type MetricName } from "./metric-direction.ts";

describe("METRIC_DIRECTION", () => {
  it("covers every metric name of every task, and nothing else", () => {
    const names = new Set<string>([...BINARY_METRICS, ...MULTICLASS_METRICS, ...REGRESSION_METRICS]);
    expect(new Set(Object.keys(METRIC_DIRECTION))).toEqual(names);
  });

  it.each<{ metric: MetricName; a: number; b: number; worse: boolean }>([
    { metric: "roc_auc", a: 0.6, b: 0.7, worse: true },
    { metric: "roc_auc", a: 0.7, b: 0.7, worse: false }, // a tie is not worse
    { metric: "mcc", a: -0.2, b: 0, worse: true },
    { metric: "log_loss", a: 0.7, b: 0.6, worse: true },
    { metric: "brier_score", a: 0.1, b: 0.2, worse: false },
    { metric: "ece", a: 0.05, b: 0.01, worse: true },
    { metric: "rmse", a: 2, b: 1, worse: true },
    { metric: "r2", a: -1, b: 0.5, worse: true },
  ])("$metric: $a worse than $b is $worse", ({ metric, a, b, worse }) => {
    expect(isWorse(metric, a, b)).toBe(worse);
  });
});
