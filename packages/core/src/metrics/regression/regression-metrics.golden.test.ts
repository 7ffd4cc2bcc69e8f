import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { MetricUndefinedError } from "../metric-undefined-error.ts";
import { evaluateRegression } from "./evaluate-regression.ts";
import { mae } from "./mae.ts";
import { mape } from "./mape.ts";
import { r2 } from "./r2.ts";
import { REGRESSION_METRICS, type RegressionMetricName } from "./regression-metric-names.ts";
import { rmse } from "./rmse.ts";

// Produced by test/golden/generate_multiclass_regression.py with Debian 12's scikit-learn
// 1.2.1 (DESIGN.md's reference). Regenerate with:
//   /usr/bin/python3 packages/core/test/golden/generate_multiclass_regression.py
interface GoldenCase {
  name: string;
  n: number;
  labels: number[];
  predictions: number[];
  expected: Record<RegressionMetricName, number | null>;
  errors?: Partial<Record<RegressionMetricName, string>>;
  /** Where Fieldtest deliberately differs from sklearn, with the reason. */
  deviations?: Partial<Record<RegressionMetricName, { sklearn: number; fieldtest: number; reason: string }>>;
}
const golden = JSON.parse(
  readFileSync(new URL("../../../test/golden/regression-metrics.json", import.meta.url), "utf8"),
) as { reference: string; cases: GoldenCase[] };

const RELATIVE_TOLERANCE = 1e-9;

const METRIC_FUNCTIONS: Record<RegressionMetricName, (y: Float64Array, p: Float64Array) => number> = {
  mae,
  rmse,
  r2,
  mape,
};

function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.abs(expected);
}

let maxRelativeError = 0;
let comparisons = 0;

describe(`regression metrics equal ${golden.reference}`, () => {
  afterAll(() => {
    console.info(`regression golden: ${comparisons} values, max relative error ${maxRelativeError.toExponential(2)}`);
  });

  it("has golden cases, including constant y and zero labels", () => {
    expect(golden.cases.length).toBeGreaterThanOrEqual(25);
    expect(golden.cases.some((c) => c.name.startsWith("constant_y"))).toBe(true);
    expect(golden.cases.some((c) => c.labels.includes(0))).toBe(true);
  });

  describe.each(golden.cases)("$name (n=$n)", (c) => {
    const labels = Float64Array.from(c.labels);
    const predictions = Float64Array.from(c.predictions);

    it.each(REGRESSION_METRICS.map((metric) => ({ metric })))("$metric", ({ metric }) => {
      const compute = () => METRIC_FUNCTIONS[metric](labels, predictions);
      const deviation = c.deviations?.[metric];
      if (deviation) {
        // Documented departure: the value is Fieldtest's rule, and sklearn's is recorded.
        expect(c.expected[metric]).toBe(deviation.sklearn);
        expect(compute()).toBe(deviation.fieldtest);
        return;
      }
      const expected = c.expected[metric];
      if (expected === null) {
        expect(c.errors?.[metric]).toMatch(/not well-defined with less than two samples/);
        expect(compute).toThrow(MetricUndefinedError);
        return;
      }
      const error = relativeError(compute(), expected);
      maxRelativeError = Math.max(maxRelativeError, error);
      comparisons++;
      expect(error).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
    });

    it("evaluateRegression gives the same values as the single-metric functions", () => {
      const defined = REGRESSION_METRICS.filter((m) => c.expected[m] !== null);
      const results = evaluateRegression({ labels, predictions, metrics: defined });
      for (const { metric, value, n } of results) {
        expect(n).toBe(c.n);
        expect(value).toBe(METRIC_FUNCTIONS[metric](labels, predictions));
      }
    });
  });
});
