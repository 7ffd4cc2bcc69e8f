import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { createRng } from "../random/create-rng.ts";
import { binaryEvaluation } from "./binary-evaluation.ts";
import { BINARY_METRICS } from "./binary-metric-names.ts";

const f64 = (values: number[]) => Float64Array.from(values);

describe("binaryEvaluation", () => {
  const labels = f64([0, 0, 1, 1]);
  const scores = f64([0.1, 0.4, 0.35, 0.8]);

  it("returns every metric, the confusion matrix, both curves, the bins and the sweep", () => {
    const result = binaryEvaluation(labels, scores);
    expect(Object.keys(result.metrics)).toEqual([...BINARY_METRICS]);
    expect(result).toMatchObject({ n: 4, positives: 2, negatives: 2, threshold: 0.5, problems: {} });
    expect(result.metrics.roc_auc).toBe(0.75);
    expect(result.metrics.average_precision).toBeCloseTo(5 / 6, 15);
    expect(result.confusion).toEqual({ threshold: 0.5, tp: 1, fp: 0, tn: 2, fn: 1 });
    expect(result.rocCurve?.map((p) => [p.fpr, p.tpr])).toEqual([
      [0, 0],
      [0, 0.5],
      [0.5, 0.5],
      [0.5, 1],
      [1, 1],
    ]);
    expect(result.precisionRecallCurve?.[0]).toEqual({ recall: 0, precision: 1, threshold: 1.8 });
    expect(result.reliability).toHaveLength(15);
    expect(Array.from(result.sweep.thresholds)).toEqual([0.8, 0.4, 0.35, 0.1]);
  });

  it("uses the stated threshold", () => {
    expect(binaryEvaluation(labels, scores, { threshold: 0.35 }).confusion).toEqual({
      threshold: 0.35,
      tp: 2,
      fp: 1,
      tn: 1,
      fn: 0,
    });
  });

  it("reports undefined metrics as null with the reason instead of throwing", () => {
    const result = binaryEvaluation(f64([1, 1, 1]), f64([0.2, 0.6, 0.9]));
    expect(result.metrics.roc_auc).toBeNull();
    expect(result.problems.roc_auc).toEqual({
      kind: "undefined",
      message: "roc_auc is undefined: only one class present in labels (all 3 labels are 1)",
    });
    expect(result.metrics.average_precision).toBe(1);
    expect(result.metrics.log_loss).toBeTypeOf("number");
    expect(result.rocCurve).toBeNull();
    expect(result.precisionRecallCurve).not.toBeNull();
  });

  it("with no positives: AP 0, recall 0, no curves", () => {
    const result = binaryEvaluation(f64([0, 0]), f64([0.2, 0.6]));
    expect(result.metrics).toMatchObject({ average_precision: 0, recall: 0, precision: 0, mcc: 0 });
    expect(result.rocCurve).toBeNull();
    expect(result.precisionRecallCurve).toBeNull();
  });

  it("marks probability metrics invalid on decision scores, keeping the rest", () => {
    const result = binaryEvaluation(f64([0, 1, 0, 1]), f64([-2, 3, 0.5, 1]), { threshold: 0 });
    for (const metric of ["log_loss", "brier_score", "ece"] as const) {
      expect(result.metrics[metric]).toBeNull();
      expect(result.problems[metric]?.kind).toBe("invalid_input");
      expect(result.problems[metric]?.message).toMatch(/2 rows outside, first scores\[0\] = -2/);
    }
    expect(result.reliability).toBeNull();
    expect(result.metrics.roc_auc).toBe(1);
    expect(result.metrics.accuracy).toBe(0.75);
  });

  it("on zero rows every metric is undefined", () => {
    const result = binaryEvaluation(f64([]), f64([]));
    for (const metric of BINARY_METRICS) {
      expect(result.metrics[metric], metric).toBeNull();
      expect(result.problems[metric]?.kind, metric).toBe("undefined");
    }
    expect(result.confusion).toEqual({ threshold: 0.5, tp: 0, fp: 0, tn: 0, fn: 0 });
  });

  it("bounds both curves by maxCurvePoints, keeping the end points", () => {
    const rng = createRng(5);
    const n = 50_000;
    const y = new Float64Array(n);
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = rng.nextFloat() < 0.2 ? 1 : 0;
      s[i] = Math.min(1, rng.nextFloat() * 0.8 + (y[i] as number) * 0.3);
    }
    for (const maxCurvePoints of [2, 3, 50, 200]) {
      const { rocCurve, precisionRecallCurve } = binaryEvaluation(y, s, { maxCurvePoints });
      expect(rocCurve?.length).toBeLessThanOrEqual(maxCurvePoints);
      expect(precisionRecallCurve?.length).toBeLessThanOrEqual(maxCurvePoints);
      expect(rocCurve?.[0]).toMatchObject({ fpr: 0, tpr: 0 });
      expect(rocCurve?.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
      expect(precisionRecallCurve?.at(-1)?.recall).toBe(1);
    }
  });

  it.each([
    { name: "NaN threshold", options: { threshold: Number.NaN }, message: /threshold must be a finite number/ },
    { name: "maxCurvePoints 1", options: { maxCurvePoints: 1 }, message: /maxPoints must be an integer ≥ 2/ },
    { name: "maxCurvePoints 2.5", options: { maxCurvePoints: 2.5 }, message: /maxPoints must be an integer ≥ 2/ },
  ])("rejects $name", ({ options, message }) => {
    const run = () => binaryEvaluation(labels, scores, options);
    expect(run).toThrow(InvalidInputError);
    expect(run).toThrow(message);
  });

  it("rejects bad columns before computing anything", () => {
    expect(() => binaryEvaluation(f64([0, 1]), f64([0.5]))).toThrow(/differ in length/);
    expect(() => binaryEvaluation(f64([0, 3]), f64([0.5, 0.5]))).toThrow(/labels must be 0 or 1/);
  });
});
