import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../errors/invalid-input-error.ts";
import { MetricUndefinedError } from "../metric-undefined-error.ts";
import { evaluateMulticlass } from "./evaluate-multiclass.ts";
import { macroF1 } from "./macro-f1.ts";
import { multiclassAccuracy } from "./multiclass-accuracy.ts";
import { multiclassBrierScore } from "./multiclass-brier-score.ts";
import { eceBin, multiclassEce } from "./multiclass-ece.ts";
import { LOG_LOSS_EPS, multiclassLogLoss } from "./multiclass-log-loss.ts";
import { MULTICLASS_METRICS, type MulticlassMetricName } from "./multiclass-metric-names.ts";
import { rocAucOvr } from "./roc-auc-ovr.ts";

const f = (...values: number[]) => Float64Array.from(values);
const labels = f(0, 1, 2, 2, 1);
const probabilities = [f(0.6, 0.2, 0.1, 0.3, 0.5), f(0.3, 0.5, 0.3, 0.3, 0.2), f(0.1, 0.3, 0.6, 0.4, 0.3)];

describe("evaluateMulticlass", () => {
  it("computes the requested metrics in the order asked, with n", () => {
    expect(evaluateMulticlass({ labels, probabilities, metrics: ["brier_score", "accuracy"] })).toEqual([
      { metric: "brier_score", value: multiclassBrierScore(labels, probabilities), n: 5 },
      { metric: "accuracy", value: 4 / 5, n: 5 },
    ]);
  });

  it("knows every name in MULTICLASS_METRICS", () => {
    const result = evaluateMulticlass({ labels, probabilities, metrics: MULTICLASS_METRICS });
    expect(result.map((r) => r.metric)).toEqual([...MULTICLASS_METRICS]);
  });

  it("returns nothing for no metrics, after validating", () => {
    expect(evaluateMulticlass({ labels, probabilities, metrics: [] })).toEqual([]);
    expect(() => evaluateMulticlass({ labels: f(0, 3), probabilities: [f(1, 1), f(0, 0)], metrics: [] })).toThrow(
      /labels\[1\] = 3/,
    );
  });

  it.each([
    { name: "unknown metric", metrics: ["f1"], message: /unknown multiclass metric "f1"; known: accuracy, macro_f1/ },
    { name: "binary name", metrics: ["roc_auc"], message: /unknown multiclass metric "roc_auc"/ },
    { name: "duplicate metric", metrics: ["ece", "ece"], message: /requested twice/ },
  ])("rejects $name", ({ metrics, message }) => {
    const run = () => evaluateMulticlass({ labels, probabilities, metrics: metrics as MulticlassMetricName[] });
    expect(run).toThrow(InvalidInputError);
    expect(run).toThrow(message);
  });

  it("throws MetricUndefinedError instead of returning NaN", () => {
    expect(() =>
      evaluateMulticlass({ labels: f(0, 0), probabilities: [f(0.6, 0.7), f(0.4, 0.3)], metrics: ["roc_auc_ovr"] }),
    ).toThrow(MetricUndefinedError);
  });
});

describe("multiclass metric rules", () => {
  it("argmax ties go to the lowest class index", () => {
    const tied = [f(0.4, 0.25), f(0.4, 0.25), f(0.2, 0.25), f(0, 0.25)];
    expect(multiclassAccuracy(f(0, 0), tied)).toBe(1);
    expect(multiclassAccuracy(f(1, 3), tied)).toBe(0);
  });

  it("macro_f1 averages over classes in labels ∪ predictions only", () => {
    // Class 2 is neither a label nor predicted: average over {0, 1} = (1 + 1) / 2.
    expect(macroF1(f(0, 1), [f(0.9, 0.1), f(0.1, 0.8), f(0, 0.1)])).toBe(1);
    // Class 1 is a label never predicted: F1 0 and counted → (2/3 + 0) / 2.
    expect(macroF1(f(0, 1), [f(0.9, 0.6), f(0.1, 0.4)])).toBeCloseTo(1 / 3, 15);
  });

  it("log_loss clips at 2.220446049250313e-16 and renormalises rows", () => {
    expect(LOG_LOSS_EPS).toBe(2.220446049250313e-16);
    // True class at 0 → eps / (eps + 1 − eps) on the clipped row.
    expect(multiclassLogLoss(f(0), [f(0), f(1)])).toBe(-Math.log(LOG_LOSS_EPS / (LOG_LOSS_EPS + (1 - LOG_LOSS_EPS))));
    // A row summing to 0.5 is rescaled: [0.1, 0.4] → [0.2, 0.8].
    expect(multiclassLogLoss(f(1), [f(0.1), f(0.4)])).toBe(-Math.log(0.4 / 0.5));
  });

  it("brier_score is Σ_k (p_k − 1[y = k])² averaged over rows", () => {
    expect(multiclassBrierScore(f(0, 2), [f(1, 0.5), f(0, 0.5), f(0, 0)])).toBe((0 + (0.25 + 0.25 + 1)) / 2);
  });

  it("ece bins are (k/15, (k+1)/15] with 0 in bin 0", () => {
    expect(eceBin(0)).toBe(0);
    expect(eceBin(5e-324)).toBe(0);
    expect(eceBin(1 / 15)).toBe(0);
    expect(eceBin(1 / 15 + 2 ** -56)).toBe(1);
    for (let k = 1; k <= 15; k++) {
      expect(eceBin(k / 15), `edge ${k}/15`).toBe(k - 1);
      if (k < 15) expect(eceBin(k / 15 + Number.EPSILON), `just above ${k}/15`).toBe(k);
    }
    expect(eceBin(1)).toBe(14);
  });

  it("ece of a perfectly calibrated bin is 0, of a confident miss is its confidence", () => {
    expect(multiclassEce(f(0, 1), [f(1, 0), f(0, 1)])).toBe(0);
    expect(multiclassEce(f(1), [f(0.9), f(0.1)])).toBe(0.9);
  });

  it("roc_auc_ovr scores ties between a positive and a negative as ½", () => {
    expect(rocAucOvr(f(0, 1, 2), [f(0.5, 0.5, 0), f(0.5, 0.5, 0), f(0, 0, 1)])).toBeCloseTo((0.75 + 0.75 + 1) / 3, 15);
  });
});
