import { describe, expect, it } from "vitest";
import { evaluateMulticlass } from "../metrics/multiclass/evaluate-multiclass.ts";
import { evaluateRegression } from "../metrics/regression/evaluate-regression.ts";
import { createRng } from "../random/create-rng.ts";
import { ConfidenceSequence } from "../uncertainty/confidence-sequence.ts";
import { mcnemarExactPValue } from "../uncertainty/mcnemar-test.ts";
import { PairedConfidenceSequence } from "../uncertainty/paired-confidence-sequence.ts";
import { alphaSpentAtLook } from "./alpha-spending.ts";
import {
  MIN_BOOTSTRAP_ROWS,
  type MulticlassShadowInput,
  type RegressionShadowInput,
  type ShadowVersionInput,
  scoreShadowSnapshot,
} from "./index.ts";
import { normal } from "./testing/simulate-shadow.ts";

const K = 3;

function multiclassInput(n: number): MulticlassShadowInput {
  const rng = createRng(31);
  const logits = Array.from({ length: n }, () => Array.from({ length: K }, () => normal(rng)));
  const softmax = (row: number[]) => {
    const e = row.map(Math.exp);
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / s);
  };
  const labels = Int32Array.from(logits, (row) => {
    if (rng.nextFloat() < 0.3) return -1;
    const p = softmax(row);
    const u = rng.nextFloat();
    return u < (p[0] as number) ? 0 : u < (p[0] as number) + (p[1] as number) ? 1 : 2;
  });
  const version = (j: number): ShadowVersionInput<Int32Array> => {
    const predictions = new Float64Array(n * K);
    logits.forEach((row, i) => {
      softmax(row.map((x) => x + (j === 0 ? 1.2 : 0.4) * normal(rng))).forEach((p, c) => {
        predictions[i * K + c] = p;
      });
    });
    return {
      modelVersionId: j === 0 ? "m-champion" : "m-challenger",
      role: j === 0 ? "champion" : "challenger",
      predictions,
      status: Uint8Array.from({ length: n }, () => (rng.nextFloat() < 0.03 ? 2 : 1)),
      latencyMs: Float64Array.from({ length: n }, () => 10 + rng.nextFloat()),
    };
  };
  return {
    task: "multiclass_classification",
    classes: ["cat", "dog", "eel"],
    look: 3,
    seed: 5,
    resamples: 200,
    nowMs: n * 1000,
    eventTimeMs: Float64Array.from({ length: n }, (_, i) => i * 1000),
    labels,
    versions: [version(0), version(1)],
  };
}

describe("multiclass snapshot", () => {
  const input = multiclassInput(1200);
  const r = scoreShadowSnapshot(input);
  const rows: number[] = [];
  for (let i = 0; i < 1200; i++) {
    if (input.labels[i] !== -1 && input.versions.every((v) => v.status[i] === 1)) rows.push(i);
  }
  const labels = Float64Array.from(rows, (i) => input.labels[i] as number);
  const columns = (j: number) =>
    Array.from({ length: K }, (_, c) =>
      Float64Array.from(rows, (i) => input.versions[j]?.predictions[i * K + c] as number),
    );

  it("metric values equal evaluateMulticlass on the labelled matched rows", () => {
    expect(r.counts.labelled).toBe(rows.length);
    for (const j of [0, 1]) {
      const expected = evaluateMulticlass({
        labels,
        probabilities: columns(j),
        metrics: ["accuracy", "macro_f1", "log_loss", "brier_score", "ece"],
      });
      for (const m of expected) expect(r.metrics[j]?.metrics[m.metric]?.value, m.metric).toBe(m.value);
    }
  });

  it("accuracy uses the confidence sequence; brier_score the sequence on per-row Brier / 2; the rest the spent bootstrap", () => {
    const probs = columns(1);
    const acc = new ConfidenceSequence({ alpha: alphaSpentAtLook(1 - 0.95, 3) });
    const brier = new ConfidenceSequence({ alpha: alphaSpentAtLook(1 - 0.95, 3) });
    for (let i = 0; i < labels.length; i++) {
      let best = 0;
      let sum = 0;
      for (let c = 0; c < K; c++) {
        const p = probs[c]?.[i] as number;
        if (p > (probs[best]?.[i] as number)) best = c;
        const d = p - (c === labels[i] ? 1 : 0);
        sum += d * d;
      }
      acc.update(best === labels[i] ? 1 : 0);
      brier.update(sum / 2);
    }
    const m = r.metrics[1]?.metrics;
    expect([m?.accuracy?.lower, m?.accuracy?.upper]).toEqual([acc.interval().lower, acc.interval().upper]);
    expect(m?.brier_score?.lower).toBeCloseTo(2 * brier.interval().lower, 14);
    expect(m?.brier_score?.upper).toBeCloseTo(2 * brier.interval().upper, 14);
    for (const name of ["macro_f1", "log_loss", "ece"]) {
      const x = m?.[name];
      expect(x?.method).toBe("bootstrap_alpha_spending");
      expect(x?.lower).toBeLessThan(x?.value as number);
      expect(x?.upper).toBeGreaterThan(x?.value as number);
    }
  });

  it("difference, McNemar on argmax correctness, agreement and top-label calibration", () => {
    const d = r.difference[0];
    const acc = d?.comparisons.find((c) => c.metric === "accuracy");
    expect(acc?.challengerMinusChampion).toBe(
      (r.metrics[1]?.metrics.accuracy?.value as number) - (r.metrics[0]?.metrics.accuracy?.value as number),
    );
    expect(acc?.challengerMinusChampion).toBeGreaterThan(0);
    expect(d?.mcnemar?.pValue).toBe(
      mcnemarExactPValue(d?.mcnemar?.onlyChampionCorrect as number, d?.mcnemar?.onlyChallengerCorrect as number),
    );
    expect(d?.comparisons.find((c) => c.metric === "brier_score")?.lossBound).toBe(2);
    expect(d?.delong).toBeNull();
    expect(r.agreement[0]?.decisionAgreement).toBeGreaterThan(0.3);
    expect(r.agreement[0]?.decisionAgreement).toBeLessThan(1);
    expect(r.calibration[1]?.ece).toBe(r.metrics[1]?.metrics.ece?.value);
    expect(r.calibration[1]?.bins.reduce((s, b) => s + b.count, 0)).toBe(rows.length);
    expect(r.labelFree[0]).toMatchObject({ status: "not_applicable" });
    expect(r.sampleSize[0]?.accuracy?.required).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("below MIN_BOOTSTRAP_ROWS labels, bootstrapped metrics keep their value and get no interval", () => {
    const small = multiclassInput(40);
    const s = scoreShadowSnapshot(small);
    expect(s.counts.labelled).toBeLessThan(MIN_BOOTSTRAP_ROWS);
    const f1 = s.metrics[0]?.metrics.macro_f1;
    expect(f1?.value).toBeTypeOf("number");
    expect(f1?.lower).toBeNull();
    expect(f1?.reason).toMatch(/bootstrap interval needs at least/);
    expect(s.metrics[0]?.metrics.accuracy?.lower).toBeTypeOf("number"); // the sequence is valid at any n
  });
});

function regressionInput(withReference: boolean): RegressionShadowInput {
  const n = 900;
  const rng = createRng(77);
  const x = Float64Array.from({ length: n }, () => normal(rng));
  const labels = Float64Array.from(x, (v) => (rng.nextFloat() < 0.4 ? Number.NaN : 2 * v + 5 + normal(rng)));
  const version = (j: number): ShadowVersionInput<Float64Array> => ({
    modelVersionId: j === 0 ? "r-champion" : "r-challenger",
    role: j === 0 ? "champion" : "challenger",
    predictions: Float64Array.from(x, (v) => 2 * v + 5 + (j === 0 ? 1.5 : 0.8) * normal(rng)),
    status: Uint8Array.from({ length: n }, () => (rng.nextFloat() < 0.02 ? 3 : 1)),
    latencyMs: Float64Array.from({ length: n }, () => 3),
    ...(withReference && j === 0
      ? {
          reference: {
            predictions: Float64Array.from({ length: 300 }, () => 5 + 2 * normal(rng)),
            labels: Float64Array.from({ length: 300 }, () => 5 + 2.2 * normal(rng)),
          },
        }
      : {}),
  });
  return {
    task: "regression",
    look: 1,
    seed: 8,
    resamples: 200,
    nowMs: n,
    eventTimeMs: Float64Array.from({ length: n }, (_, i) => i),
    labels,
    versions: [version(0), version(1)],
  };
}

describe("regression snapshot", () => {
  const input = regressionInput(true);
  const r = scoreShadowSnapshot(input);
  const rows: number[] = [];
  for (let i = 0; i < 900; i++) {
    if (!Number.isNaN(input.labels[i] as number) && input.versions.every((v) => v.status[i] === 1)) rows.push(i);
  }
  const labels = Float64Array.from(rows, (i) => input.labels[i] as number);
  const predictions = (j: number) => Float64Array.from(rows, (i) => input.versions[j]?.predictions[i] as number);

  it("mae, rmse and r2 equal evaluateRegression, each with a spent-bootstrap interval around it", () => {
    for (const j of [0, 1]) {
      const expected = evaluateRegression({ labels, predictions: predictions(j), metrics: ["mae", "rmse", "r2"] });
      for (const m of expected) {
        const got = r.metrics[j]?.metrics[m.metric];
        expect(got?.value, m.metric).toBe(m.value);
        expect(got?.method).toBe("bootstrap_alpha_spending");
        expect(got?.lower).toBeLessThan(m.value);
        expect(got?.upper).toBeGreaterThan(m.value);
      }
    }
  });

  it("paired absolute-error sequence bounded by the reference labels' range", () => {
    const ref = input.versions[0]?.reference?.labels as Float64Array;
    const bound = Math.max(...ref) - Math.min(...ref);
    const cs = new PairedConfidenceSequence({ alpha: alphaSpentAtLook(1 - 0.95, 1), lossBound: bound });
    const a = predictions(0);
    const b = predictions(1);
    for (let i = 0; i < labels.length; i++) {
      cs.update(Math.abs((labels[i] as number) - (a[i] as number)), Math.abs((labels[i] as number) - (b[i] as number)));
    }
    const mae = r.difference[0]?.comparisons[0];
    expect(mae?.metric).toBe("mae");
    expect(mae?.lossBound).toBe(bound);
    // challenger − champion MAE = −Δ, Δ = E[ℓ_champion − ℓ_challenger].
    expect(mae?.lower).toBe(-cs.interval().upper);
    expect(mae?.upper).toBe(-cs.interval().lower);
    expect(mae?.challengerMinusChampion).toBeLessThan(0);
    expect(mae?.decision).toBe("challenger_better");
    expect(r.agreement[0]?.meanAbsoluteDifference).toBeGreaterThan(0);
    expect(r.agreement[0]?.correlation).toBeGreaterThan(0.5);
  });

  it("without reference labels the absolute-error bound is unknown: null with the reason", () => {
    const s = scoreShadowSnapshot(regressionInput(false));
    expect(s.difference[0]?.comparisons[0]).toMatchObject({
      metric: "mae",
      lower: null,
      decision: "undecided",
      reason: expect.stringMatching(/not predictable/),
    });
    expect(s.sampleSize[0]?.accuracy).toBeNull();
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});
