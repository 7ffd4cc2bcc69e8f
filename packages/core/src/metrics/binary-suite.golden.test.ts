import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { confusionMatrix } from "../curves/confusion-matrix.ts";
import { precisionRecallCurve } from "../curves/precision-recall-curve.ts";
import { reliabilityDiagram } from "../curves/reliability-diagram.ts";
import { rocCurve } from "../curves/roc-curve.ts";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { averagePrecision } from "./average-precision.ts";
import { binaryEvaluation } from "./binary-evaluation.ts";
import {
  BINARY_METRICS,
  type BinaryMetricName,
  PROBABILITY_METRICS,
  THRESHOLD_METRICS,
} from "./binary-metric-names.ts";
import { evaluateBinary } from "./evaluate-binary.ts";
import { MetricUndefinedError } from "./metric-undefined-error.ts";
import { brierScore, ece, logLoss } from "./probability-metrics.ts";
import { rocAuc } from "./roc-auc.ts";
import { balancedAccuracy, f1, mcc, precision, recall } from "./threshold-metrics.ts";

// Produced by test/golden/generate_binary_suite.py with Debian 12's scikit-learn 1.2.1 (the
// reference named in DESIGN.md); ECE and reliability bins by the script's numpy reference.
// Regenerate with: /usr/bin/python3 packages/core/test/golden/generate_binary_suite.py
type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];
interface GoldenCase {
  name: string;
  n: number;
  labels: number[];
  scores: number[];
  probabilities: boolean;
  thresholds: number[];
  threshold_metrics: Record<ThresholdMetric, number[]>;
  confusion: { tp: number; fp: number; tn: number; fn: number }[];
  roc_auc: number | null;
  roc_auc_error?: string;
  average_precision: number;
  log_loss: number | null;
  brier_score: number | null;
  ece: number | null;
  reliability: {
    count: number[];
    positives: number[];
    mean_predicted: (number | null)[];
    observed_rate: (number | null)[];
  } | null;
  roc_curve?: { fpr: number[]; tpr: number[]; thresholds: number[] };
  pr_curve?: { precision: number[]; recall: number[]; thresholds: number[] };
}
const golden = JSON.parse(readFileSync(new URL("../../test/golden/binary-suite.json", import.meta.url), "utf8")) as {
  reference: string;
  cases: GoldenCase[];
};

const RELATIVE_TOLERANCE = 1e-9;
const agreement = { comparisons: 0, maxRelativeError: 0, worst: "" };

/** Relative error; against an expected 0 the absolute error (so 1e-9 absolute there). */
function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

function expectClose(actual: number | null | undefined, expected: number, what: string): void {
  expect(actual, what).toBeTypeOf("number");
  const error = relativeError(actual as number, expected);
  agreement.comparisons++;
  if (error > agreement.maxRelativeError) {
    agreement.maxRelativeError = error;
    agreement.worst = what;
  }
  expect(error, `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
}

function expectedValue(c: GoldenCase, metric: BinaryMetricName, k: number): number | null {
  if ((THRESHOLD_METRICS as readonly string[]).includes(metric)) {
    return c.threshold_metrics[metric as ThresholdMetric][k] as number;
  }
  return c[metric as "roc_auc" | "average_precision" | "log_loss" | "brier_score" | "ece"];
}

afterAll(() => {
  // The number the report quotes: every comparison against the reference, worst case named.
  console.info(
    `binary suite vs ${golden.reference}: ${golden.cases.length} cases, ${agreement.comparisons} comparisons, ` +
      `max relative error ${agreement.maxRelativeError.toExponential(2)} (${agreement.worst || "all exact"})`,
  );
});

describe(`binary suite equals ${golden.reference}`, () => {
  it("covers the boundaries the issue names", () => {
    const names = golden.cases.map((c) => c.name);
    for (const needed of ["one_row_positive", "two_rows_tied", "at_threshold", "zeros_and_ones", "all_negatives_n50"]) {
      expect(names).toContain(needed);
    }
    expect(Math.max(...golden.cases.map((c) => c.n))).toBeGreaterThanOrEqual(200_000);
  });

  describe.each(golden.cases)("$name (n=$n)", (c) => {
    const labels = Float64Array.from(c.labels);
    const scores = Float64Array.from(c.scores);

    it("binaryEvaluation: every metric and the confusion matrix at each threshold", () => {
      c.thresholds.forEach((threshold, k) => {
        const result = binaryEvaluation(labels, scores, { threshold, maxCurvePoints: 2 });
        expect(result.confusion).toEqual({ threshold, ...c.confusion[k] });
        for (const metric of BINARY_METRICS) {
          const expected = expectedValue(c, metric, k);
          if (expected === null) {
            expect(result.metrics[metric], metric).toBeNull();
            const kind = metric === "roc_auc" ? "undefined" : "invalid_input";
            expect(result.problems[metric]?.kind, metric).toBe(kind);
          } else {
            expectClose(result.metrics[metric], expected, `${c.name} ${metric} @${threshold}`);
            expect(result.problems[metric]).toBeUndefined();
          }
        }
      });
    });

    it("evaluateBinary agrees, one metric at a time (its own parts) and all at once", () => {
      const threshold = c.thresholds[0] as number;
      const defined = BINARY_METRICS.filter((m) => expectedValue(c, m, 0) !== null);
      const all = evaluateBinary({ labels, scores, threshold, metrics: defined });
      for (const { metric, value, n } of all) {
        expect(n).toBe(c.n);
        expectClose(value, expectedValue(c, metric, 0) as number, `${c.name} evaluateBinary ${metric}`);
        const [alone] = evaluateBinary({ labels, scores, threshold, metrics: [metric] });
        expect(alone?.value).toBe(value);
      }
      if (c.roc_auc === null) {
        expect(() => evaluateBinary({ labels, scores, threshold, metrics: ["roc_auc"] })).toThrow(MetricUndefinedError);
      }
      if (!c.probabilities) {
        for (const metric of PROBABILITY_METRICS) {
          expect(() => evaluateBinary({ labels, scores, threshold, metrics: [metric] })).toThrow(InvalidInputError);
        }
      }
    });

    it("standalone functions agree", () => {
      if (c.roc_auc === null) {
        expect(c.roc_auc_error).toMatch(/Only one class present/);
        expect(() => rocAuc(labels, scores)).toThrow(MetricUndefinedError);
      } else {
        expectClose(rocAuc(labels, scores), c.roc_auc, `${c.name} rocAuc`);
      }
      expectClose(averagePrecision(labels, scores), c.average_precision, `${c.name} averagePrecision`);
      const probability = [
        [logLoss, c.log_loss],
        [brierScore, c.brier_score],
        [ece, c.ece],
      ] as const;
      for (const [fn, expected] of probability) {
        if (expected === null) expect(() => fn(labels, scores)).toThrow(/scores must be probabilities in \[0, 1\]/);
        else expectClose(fn(labels, scores), expected, `${c.name} ${fn.name}`);
      }
      const threshold = c.thresholds.at(-1) as number;
      const k = c.thresholds.length - 1;
      const fns = { precision, recall, f1, balanced_accuracy: balancedAccuracy, mcc } as const;
      for (const [metric, fn] of Object.entries(fns)) {
        const expected = c.threshold_metrics[metric as ThresholdMetric][k] as number;
        expectClose(fn(labels, scores, threshold), expected, `${c.name} ${metric}() @${threshold}`);
      }
      expect(confusionMatrix(labels, scores, threshold)).toEqual({ threshold, ...c.confusion[k] });
    });

    it("reliability bins", () => {
      const bins = binaryEvaluation(labels, scores).reliability;
      if (c.reliability === null) {
        expect(bins).toBeNull();
        expect(() => reliabilityDiagram(labels, scores)).toThrow(InvalidInputError);
        return;
      }
      expect(reliabilityDiagram(labels, scores)).toEqual(bins);
      const expected = c.reliability;
      expect(bins?.map((b) => b.count)).toEqual(expected.count);
      expect(bins?.map((b) => b.positives)).toEqual(expected.positives);
      bins?.forEach((bin, k) => {
        const mean = expected.mean_predicted[k] ?? null;
        const observed = expected.observed_rate[k] ?? null;
        expect(bin.empty).toBe(mean === null);
        if (mean === null || observed === null) {
          expect(bin.meanPredicted).toBeNull();
          expect(bin.observedRate).toBeNull();
        } else {
          expectClose(bin.meanPredicted, mean, `${c.name} bin ${k} mean predicted`);
          expectClose(bin.observedRate, observed, `${c.name} bin ${k} observed rate`);
        }
      });
    });

    if (c.roc_curve !== undefined) {
      it("full ROC curve = roc_curve(drop_intermediate=False)", () => {
        const expected = c.roc_curve as NonNullable<GoldenCase["roc_curve"]>;
        const points = rocCurve(labels, scores, { maxPoints: Number.POSITIVE_INFINITY });
        expect(points.length).toBe(expected.fpr.length);
        points.forEach((p, i) => {
          expectClose(p.fpr, expected.fpr[i] as number, `${c.name} roc fpr[${i}]`);
          expectClose(p.tpr, expected.tpr[i] as number, `${c.name} roc tpr[${i}]`);
        });
        // Thresholds are the scores themselves (equal as floats); the first is sklearn 1.2.1's
        // max + 1, except where + 1 is absorbed (|max| ≥ 2^53): there we take the next float up.
        const max = scores.reduce((a, b) => Math.max(a, b));
        points.slice(1).forEach((p, i) => {
          expect(p.threshold).toBe(expected.thresholds[i + 1]);
        });
        if ((expected.thresholds[0] as number) > max) expect(points[0]?.threshold).toBe(expected.thresholds[0]);
        else expect(points[0]?.threshold).toBeGreaterThan(max);
      });
    }

    if (c.pr_curve !== undefined) {
      it("full PR curve = precision_recall_curve, reversed", () => {
        const expected = c.pr_curve as NonNullable<GoldenCase["pr_curve"]>;
        const points = precisionRecallCurve(labels, scores, { maxPoints: Number.POSITIVE_INFINITY }).reverse();
        expect(points.length).toBe(expected.precision.length);
        points.forEach((p, i) => {
          expectClose(p.precision, expected.precision[i] as number, `${c.name} pr precision[${i}]`);
          expectClose(p.recall, expected.recall[i] as number, `${c.name} pr recall[${i}]`);
        });
        expect(points.slice(0, -1).map((p) => p.threshold)).toEqual(expected.thresholds);
      });
    }
  });
});
