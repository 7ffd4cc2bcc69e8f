import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { InvalidInputError } from "../../errors/invalid-input-error.ts";
import { MetricUndefinedError } from "../metric-undefined-error.ts";
import { evaluateMulticlass } from "./evaluate-multiclass.ts";
import { macroF1 } from "./macro-f1.ts";
import { multiclassAccuracy } from "./multiclass-accuracy.ts";
import { multiclassBrierScore } from "./multiclass-brier-score.ts";
import { multiclassEce } from "./multiclass-ece.ts";
import { multiclassLogLoss } from "./multiclass-log-loss.ts";
import { MULTICLASS_METRICS, type MulticlassMetricName } from "./multiclass-metric-names.ts";
import { rocAucOvr } from "./roc-auc-ovr.ts";

// Produced by test/golden/generate_multiclass_regression.py with Debian 12's scikit-learn
// 1.2.1 (DESIGN.md's reference). Regenerate with:
//   /usr/bin/python3 packages/core/test/golden/generate_multiclass_regression.py
interface GoldenCase {
  name: string;
  n: number;
  k: number;
  labels: number[];
  probabilities: number[][];
  expected: Record<MulticlassMetricName, number | null>;
  errors?: Partial<Record<MulticlassMetricName, string>>;
}
const golden = JSON.parse(
  readFileSync(new URL("../../../test/golden/multiclass-metrics.json", import.meta.url), "utf8"),
) as { reference: string; cases: GoldenCase[] };

const RELATIVE_TOLERANCE = 1e-9;

const METRIC_FUNCTIONS: Record<MulticlassMetricName, (y: Float64Array, p: readonly Float64Array[]) => number> = {
  accuracy: multiclassAccuracy,
  macro_f1: macroF1,
  log_loss: multiclassLogLoss,
  roc_auc_ovr: rocAucOvr,
  ece: multiclassEce,
  brier_score: multiclassBrierScore,
};

/** The error class Fieldtest throws for each message sklearn raises with. */
const SKLEARN_ERRORS: { message: RegExp; error: typeof InvalidInputError | typeof MetricUndefinedError }[] = [
  { message: /Target scores need to be probabilities/, error: InvalidInputError },
  { message: /Number of classes in y_true not equal to the number of columns/, error: MetricUndefinedError },
];

function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.abs(expected);
}

let maxRelativeError = 0;
let comparisons = 0;

describe(`multiclass metrics equal ${golden.reference}`, () => {
  afterAll(() => {
    console.info(`multiclass golden: ${comparisons} values, max relative error ${maxRelativeError.toExponential(2)}`);
  });

  it("has golden cases covering K = 2..6", () => {
    expect(golden.cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(golden.cases.map((c) => c.k))).toEqual(new Set([2, 3, 4, 5, 6]));
  });

  describe.each(golden.cases)("$name (n=$n, K=$k)", (c) => {
    const labels = Float64Array.from(c.labels);
    const probabilities = c.probabilities.map((column) => Float64Array.from(column));

    it.each(MULTICLASS_METRICS.map((metric) => ({ metric })))("$metric", ({ metric }) => {
      const expected = c.expected[metric];
      const compute = () => METRIC_FUNCTIONS[metric](labels, probabilities);
      if (expected === null) {
        const message = c.errors?.[metric] ?? "";
        const mapping = SKLEARN_ERRORS.find((e) => e.message.test(message));
        expect(mapping, `no Fieldtest error mapped for sklearn's "${message}"`).toBeDefined();
        expect(compute).toThrow(mapping?.error as typeof Error);
        return;
      }
      const error = relativeError(compute(), expected);
      maxRelativeError = Math.max(maxRelativeError, error);
      comparisons++;
      expect(error).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
    });

    it("evaluateMulticlass gives the same values as the single-metric functions", () => {
      const defined = MULTICLASS_METRICS.filter((m) => c.expected[m] !== null);
      const results = evaluateMulticlass({ labels, probabilities, metrics: defined });
      for (const { metric, value, n } of results) {
        expect(n).toBe(c.n);
        expect(value).toBe(METRIC_FUNCTIONS[metric](labels, probabilities));
      }
    });
  });
});

describe("STATISTICS.md spot vector", () => {
  it('log_loss(["spam","ham","ham","spam"], [[.1,.9],[.9,.1],[.8,.2],[.35,.65]]) = 0.21616…', () => {
    // Sorted classes ["ham", "spam"] → indices 0, 1; columns in that order.
    const classes = ["ham", "spam"];
    const labels = Float64Array.from(["spam", "ham", "ham", "spam"], (s) => classes.indexOf(s));
    const rows = [
      [0.1, 0.9],
      [0.9, 0.1],
      [0.8, 0.2],
      [0.35, 0.65],
    ];
    const probabilities = classes.map((_, k) => Float64Array.from(rows, (row) => row[k] as number));
    const value = multiclassLogLoss(labels, probabilities);
    expect(value).toBeCloseTo(0.21616, 5);
    expect(value).toBeCloseTo(-(Math.log(0.9) + Math.log(0.9) + Math.log(0.8) + Math.log(0.65)) / 4, 15);
  });
});
