import { describe, expect, it } from "vitest";
import { reliabilityDiagram } from "../curves/reliability-diagram.ts";
import { expectedCost } from "../decisions/expected-cost.ts";
import { driftReport } from "../drift/drift-report.ts";
import { numericDrift } from "../drift/numeric-drift.ts";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { estimatePerformance } from "../estimation/estimate-performance.ts";
import { fitLabelFreeEstimator } from "../estimation/fit-label-free-estimator.ts";
import { binaryEvaluation } from "../metrics/binary-evaluation.ts";
import { ece } from "../metrics/probability-metrics.ts";
import { createRng } from "../random/create-rng.ts";
import { bootstrapBinarySuite } from "../uncertainty/bootstrap-binary-suite.ts";
import { ConfidenceSequence } from "../uncertainty/confidence-sequence.ts";
import { delongTest } from "../uncertainty/delong-test.ts";
import { mcnemarTest } from "../uncertainty/mcnemar-test.ts";
import { PairedConfidenceSequence } from "../uncertainty/paired-confidence-sequence.ts";
import { mcnemarSampleSize } from "../uncertainty/sample-size.ts";
import { normalQuantile } from "../uncertainty/special-functions.ts";
import { alphaSpentAtLook, type BinaryShadowInput, type ShadowSnapshotResult, scoreShadowSnapshot } from "./index.ts";
import { simulateBinaryShadow } from "./testing/simulate-shadow.ts";

/** Deep JSON round trip equals the value, and no number is NaN or ±Infinity anywhere. */
function expectJsonSafe(value: unknown): void {
  expect(JSON.parse(JSON.stringify(value))).toEqual(value);
  const walk = (v: unknown, path: string): void => {
    if (typeof v === "number") expect(Number.isFinite(v), path).toBe(true);
    else if (ArrayBuffer.isView(v)) throw new Error(`typed array at ${path}`);
    else if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, `${path}[${i}]`);
    } else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    else expect(v === undefined, `${path} is undefined`).toBe(false);
  };
  walk(value, "result");
}

/** The labelled matched rows of a binary input, selected independently of the module. */
function labelledRows(input: BinaryShadowInput) {
  const rows: number[] = [];
  for (let i = 0; i < input.labels.length; i++) {
    const matched = input.versions.every((v) => v.status[i] === 1);
    if (matched && !Number.isNaN(input.labels[i] as number)) rows.push(i);
  }
  return {
    labels: Float64Array.from(rows, (i) => input.labels[i] as number),
    scores: input.versions.map((v) => Float64Array.from(rows, (i) => v.predictions[i] as number)),
  };
}

function matchedScores(input: BinaryShadowInput, j: number): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < input.labels.length; i++) {
    if (input.versions.every((v) => v.status[i] === 1)) out.push(input.versions[j]?.predictions[i] as number);
  }
  return Float64Array.from(out);
}

describe("alphaSpentAtLook", () => {
  it("spends α·6/(π²k²), summing to α over all looks", () => {
    expect(alphaSpentAtLook(0.05, 1)).toBeCloseTo((0.05 * 6) / Math.PI ** 2, 15);
    expect(alphaSpentAtLook(0.05, 3)).toBeCloseTo(alphaSpentAtLook(0.05, 1) / 9, 15);
    let sum = 0;
    for (let k = 1; k <= 200_000; k++) sum += alphaSpentAtLook(0.05, k);
    expect(sum).toBeLessThan(0.05);
    expect(sum).toBeGreaterThan(0.05 - 1e-6);
    expect(() => alphaSpentAtLook(0.05, 0)).toThrow(InvalidInputError);
    expect(() => alphaSpentAtLook(1, 1)).toThrow(InvalidInputError);
  });
});

describe("counts, matching, status codes, latency", () => {
  const base: BinaryShadowInput = {
    task: "binary_classification",
    look: 1,
    seed: 1,
    nowMs: 10_000_000,
    eventTimeMs: Float64Array.of(0, 1, 2, 3, 4, 5),
    labels: Float64Array.of(1, 0, Number.NaN, 1, 0, 1),
    versions: [
      {
        modelVersionId: "a",
        role: "champion",
        // NaN where the call failed: never read.
        predictions: Float64Array.of(0.9, 0.2, 0.6, Number.NaN, 0.7, Number.NaN),
        status: Uint8Array.of(1, 1, 1, 2, 1, 0),
        latencyMs: Float64Array.of(10, 20, 30, Number.NaN, Number.NaN, 99),
      },
      {
        modelVersionId: "b",
        role: "challenger",
        predictions: Float64Array.of(0.8, Number.NaN, 0.4, 0.3, 0.2, 0.9),
        status: Uint8Array.of(1, 3, 1, 1, 1, 1),
        latencyMs: Float64Array.of(5, 1000, 6, 7, 8, 9),
      },
    ],
  };
  const r = scoreShadowSnapshot(base);

  it("counts events, matched (every version ok), labelled matched, and statuses per version", () => {
    expect(r.counts).toEqual({
      events: 6,
      matched: 3,
      labelled: 2,
      labelledEvents: 5,
      versions: [
        { modelVersionId: "a", role: "champion", ok: 4, error: 1, timeout: 0, missing: 1 },
        { modelVersionId: "b", role: "challenger", ok: 5, error: 0, timeout: 1, missing: 0 },
      ],
    });
    // matched events 0, 2, 4; labelled matched 0 (y=1) and 4 (y=0).
    const acc = r.metrics[0]?.metrics.accuracy;
    expect(acc?.n).toBe(2);
    expect(acc?.value).toBe(0.5); // champion: 0.9→1 right, 0.7→1 wrong
    expect(r.metrics[1]?.metrics.accuracy?.value).toBe(1); // challenger: 0.8→1 right, 0.2→0 right
    expect(r.agreement[0]).toMatchObject({ n: 3, decisionAgreement: 1 / 3 });
  });

  it("latency: linear quantiles over ok calls with a known latency, rates over calls made", () => {
    expect(r.latency[0]).toEqual({
      modelVersionId: "a",
      role: "champion",
      n: 3,
      p50: 20,
      p95: 29,
      p99: 29.8,
      mean: 20,
      calls: 5,
      errorRate: 0.2,
      timeoutRate: 0,
    });
    expect(r.latency[1]).toMatchObject({ n: 5, calls: 6, errorRate: 0, timeoutRate: 1 / 6, p50: 7 });
  });

  it("is JSON-safe, with few_labels and reasons instead of NaN", () => {
    expectJsonSafe(r);
    expect(r.warnings.map((w) => w.code)).toContain("few_labels");
    expect(r.metrics[0]?.metrics.roc_auc).toMatchObject({ value: 1, method: "bootstrap_alpha_spending" });
  });

  it("with no labels at all every metric is null with a reason", () => {
    const none = scoreShadowSnapshot({ ...base, labels: new Float64Array(6).fill(Number.NaN) });
    expectJsonSafe(none);
    for (const m of Object.values(none.metrics[0]?.metrics ?? {})) {
      expect(m.value).toBeNull();
      expect(m.reason).toMatch(/no labelled/);
    }
    expect(none.difference[0]?.comparisons[0]).toMatchObject({ challengerMinusChampion: null, decision: "undecided" });
    expect(none.sampleSize[0]?.accuracy).toBeNull();
    expect(none.labelMaturity.shareLabelled).toBe(0);
  });

  it("refuses bad input with the field named", () => {
    const [a, b] = base.versions as [BinaryShadowInput["versions"][0], BinaryShadowInput["versions"][0]];
    const bad = (patch: Partial<BinaryShadowInput>) => () => scoreShadowSnapshot({ ...base, ...patch });
    expect(bad({ versions: [a, { ...b, role: "champion" }] })).toThrow(/exactly one champion/);
    expect(bad({ eventTimeMs: Float64Array.of(0, 1, 2, 1, 4, 5) })).toThrow(/non-decreasing/);
    expect(bad({ versions: [a, { ...b, status: Uint8Array.of(1, 1, 1, 1, 1, 4) }] })).toThrow(/status\[5\]/);
    expect(bad({ versions: [a, { ...b, predictions: Float64Array.of(1.5, 0, 0, 0, 0, 0) }] })).toThrow(/\[0, 1\]/);
    expect(bad({ labels: Float64Array.of(1, 0, 2, 1, 0, 1) })).toThrow(/labels\[2\]/);
    expect(bad({ look: 0 })).toThrow(/look/);
  });
});

describe("binary snapshot: every number equals the core function on the same rows", () => {
  const input: BinaryShadowInput = {
    ...simulateBinaryShadow({ seed: 11, events: 3000, labelRate: 0.5 }),
    look: 2,
    costMatrix: { fp: 1, fn: 4 },
    resamples: 400,
  };
  const r = scoreShadowSnapshot(input);
  const { labels, scores } = labelledRows(input);
  const alphaK = alphaSpentAtLook(1 - 0.95, 2); // the module's α is 1 − level (0.05000000000000004)

  it("selects the labelled matched rows", () => {
    expect(r.counts.labelled).toBe(labels.length);
    expect(r.counts.labelled).toBeGreaterThan(1000);
    expect(r.counts.matched).toBeLessThan(3000);
  });

  it("metric values equal binaryEvaluation", () => {
    scores.forEach((s, j) => {
      const e = binaryEvaluation(labels, s, { threshold: 0.5 });
      for (const [name, m] of Object.entries(r.metrics[j]?.metrics ?? {})) {
        expect(m.value, name).toBe(e.metrics[name as keyof typeof e.metrics]);
        expect(m.n).toBe(labels.length);
      }
    });
  });

  it("bootstrap intervals: estimate ± z(1 − α_k/2) × the SD of bootstrapBinarySuite's replicates, within the metric's range", () => {
    const metrics = ["roc_auc", "average_precision", "precision", "recall", "f1", "log_loss", "ece"] as const;
    const z = normalQuantile(1 - alphaK / 2);
    scores.forEach((s, j) => {
      const suite = bootstrapBinarySuite({
        labels,
        scores: s,
        metrics,
        seed: 11,
        resamples: 400,
        keepReplicates: true,
      });
      for (const name of metrics) {
        const m = r.metrics[j]?.metrics[name];
        const replicates = suite[name].replicates as Float64Array;
        const mean = replicates.reduce((a, b) => a + b, 0) / replicates.length;
        const sd = Math.sqrt(replicates.reduce((a, b) => a + (b - mean) ** 2, 0) / (replicates.length - 1));
        const estimate = suite[name].estimate;
        const upperBound = name === "log_loss" ? Number.POSITIVE_INFINITY : 1;
        expect(m?.method).toBe("bootstrap_alpha_spending");
        expect(m?.intervalLevel).toBeCloseTo(1 - alphaK, 15);
        expect(m?.level).toBe(0.95);
        expect(m?.lower).toBeCloseTo(Math.max(0, estimate - z * sd), 12);
        expect(m?.upper).toBeCloseTo(Math.min(upperBound, estimate + z * sd), 12);
      }
    });
  });

  it("accuracy and brier_score intervals are the confidence sequence over the rows at the spent α_k", () => {
    scores.forEach((s, j) => {
      const acc = new ConfidenceSequence({ alpha: alphaK });
      const brier = new ConfidenceSequence({ alpha: alphaK });
      for (let i = 0; i < labels.length; i++) {
        acc.update(((s[i] as number) >= 0.5 ? 1 : 0) === labels[i] ? 1 : 0);
        const d = (labels[i] as number) - (s[i] as number);
        brier.update(d * d);
      }
      const m = r.metrics[j]?.metrics;
      expect(m?.accuracy).toMatchObject({ method: "confidence_sequence", intervalLevel: 1 - alphaK });
      expect(m?.accuracy?.lower).toBe(acc.interval().lower);
      expect(m?.accuracy?.upper).toBe(acc.interval().upper);
      expect(m?.brier_score?.lower).toBe(brier.interval().lower);
      expect(m?.brier_score?.upper).toBe(brier.interval().upper);
    });
  });

  it("difference: paired sequence, McNemar and DeLong on the same rows", () => {
    const [sa, sb] = scores as [Float64Array, Float64Array];
    const d = r.difference[0];
    const cs = new PairedConfidenceSequence({ alpha: alphaK });
    for (let i = 0; i < labels.length; i++) {
      const wrong = (s: Float64Array) => (((s[i] as number) >= 0.5 ? 1 : 0) === labels[i] ? 0 : 1);
      cs.update(wrong(sa), wrong(sb));
    }
    const acc = d?.comparisons.find((c) => c.metric === "accuracy");
    const accA = r.metrics[0]?.metrics.accuracy?.value as number;
    const accB = r.metrics[1]?.metrics.accuracy?.value as number;
    expect(acc?.challengerMinusChampion).toBe(accB - accA);
    expect(acc?.lower).toBe(cs.interval().lower);
    expect(acc?.upper).toBe(cs.interval().upper);
    // The challenger (less noise) is better in this simulation, and the sequence says so.
    expect(accB).toBeGreaterThan(accA);
    expect(acc?.decision).toBe(cs.interval().lower > 0 ? "challenger_better" : "undecided");
    const brier = d?.comparisons.find((c) => c.metric === "brier_score");
    expect(brier?.challengerMinusChampion).toBeLessThan(0);
    expect(brier?.lower).toBeLessThanOrEqual(brier?.challengerMinusChampion as number);
    expect(brier?.upper).toBeGreaterThanOrEqual(brier?.challengerMinusChampion as number);
    const mc = mcnemarTest({ labels, scoresA: sa, scoresB: sb, threshold: 0.5 });
    expect(d?.mcnemar).toEqual({
      pValue: mc.pValue,
      onlyChampionCorrect: mc.onlyACorrect,
      onlyChallengerCorrect: mc.onlyBCorrect,
      n: labels.length,
    });
    const dl = delongTest({ labels, scoresA: sa, scoresB: sb });
    expect(d?.delong).toMatchObject({ pValue: dl.pValue, aucChampion: dl.aucA, aucChallenger: dl.aucB });
  });

  it("sample size: McNemar from the observed discordant proportions minus the labels so far", () => {
    const [sa, sb] = scores as [Float64Array, Float64Array];
    const mc = mcnemarTest({ labels, scoresA: sa, scoresB: sb, threshold: 0.5 });
    const p01 = mc.onlyBCorrect / labels.length;
    const p10 = mc.onlyACorrect / labels.length;
    const need = mcnemarSampleSize({ p01, p10, alpha: 0.05, power: 0.8 }).n;
    expect(r.sampleSize[0]?.accuracy).toEqual({ p01, p10, required: need, further: Math.max(0, need - labels.length) });
    expect(r.sampleSize[0]?.rocAuc?.requiredPositives).toBeGreaterThan(1);
  });

  it("calibration, cost, prediction shift and CBPE equal their core functions", () => {
    scores.forEach((s, j) => {
      const cal = r.calibration[j];
      expect(cal?.ece).toBe(ece(labels, s));
      const bins = reliabilityDiagram(labels, s);
      expect(cal?.bins.map((b) => [b.count, b.meanPredicted, b.observedRate])).toEqual(
        bins.map((b) => [b.count, b.meanPredicted, b.observedRate]),
      );
      const cost = r.cost[j];
      const exact = expectedCost({ labels, scores: s, threshold: 0.5, costs: { fp: 1, fn: 4 } }).expectedCost;
      expect(cost?.expectedCost).toBe(exact);
      expect(cost?.lower).toBeLessThan(exact);
      expect(cost?.upper).toBeGreaterThan(exact);
      expect(cost?.lower).toBeGreaterThanOrEqual(0);

      const version = input.versions[j] as BinaryShadowInput["versions"][0];
      const ref = version.reference as NonNullable<typeof version.reference>;
      const production = matchedScores(input, j);
      const drift = numericDrift(ref.predictions, production);
      expect(r.predictionShift.versions[j]?.shift).toMatchObject({
        ksStatistic: drift.ks_statistic,
        ksPValue: drift.ks_pvalue,
        psi: drift.psi,
      });
      const estimator = fitLabelFreeEstimator({
        referenceLabels: ref.labels,
        referenceScores: ref.predictions,
        seed: 11,
      });
      const lf = estimatePerformance(estimator, production, { seed: 11, resamples: 200 });
      const got = r.labelFree[j];
      expect(got?.status).toBe(lf.status);
      if (got?.status === "estimated" && lf.status === "estimated") {
        expect(got.metrics.accuracy).toEqual({
          estimate: lf.metrics.accuracy?.estimate,
          lower: lf.metrics.accuracy?.lower,
          upper: lf.metrics.accuracy?.upper,
          level: 0.95,
        });
      }
    });
    const shift = numericDrift(matchedScores(input, 0), matchedScores(input, 1));
    expect(r.predictionShift.challengers[0]?.shift.ksStatistic).toBe(shift.ks_statistic);
  });

  it("is JSON-safe", () => {
    expectJsonSafe(r);
  });
});

describe("label-free estimate", () => {
  it("reports no_reference without a reference, and refused when the reference calibration is poor", () => {
    const input = simulateBinaryShadow({ seed: 5, events: 400, referenceRows: 0 });
    expect(scoreShadowSnapshot(input).labelFree[0]).toMatchObject({ status: "no_reference" });
    const rng = createRng(9);
    // Scores unrelated to the labels, squeezed to the extremes: badly miscalibrated, and isotonic cannot fix noise.
    const m = 300;
    const refLabels = Float64Array.from({ length: m }, () => (rng.nextFloat() < 0.5 ? 1 : 0));
    const refScores = Float64Array.from({ length: m }, () => rng.nextFloat());
    const withBad = {
      ...input,
      versions: input.versions.map((v) => ({ ...v, reference: { predictions: refScores, labels: refLabels } })),
    };
    const lf = scoreShadowSnapshot(withBad).labelFree[0];
    expect(lf?.status).toBe("refused");
    if (lf?.status === "refused") expect(lf.reason.length).toBeGreaterThan(10);
  });
});

describe("selective labels", () => {
  const input = simulateBinaryShadow({ seed: 21, events: 4000, labelRate: 1, referenceRows: 0 });
  const codes = (r: ShadowSnapshotResult) => r.warnings.map((w) => w.code);

  it("fires when labels exist almost only for the champion's positive decisions", () => {
    const rng = createRng(4);
    const champion = input.versions[0] as BinaryShadowInput["versions"][0];
    const labels = Float64Array.from(input.labels, (y, i) =>
      (champion.predictions[i] as number) >= 0.5 || rng.nextFloat() < 0.02 ? y : Number.NaN,
    );
    const r = scoreShadowSnapshot({ ...input, labels });
    expect(codes(r)).toContain("selective_labels");
    expect(r.warnings.find((w) => w.code === "selective_labels")?.message).toMatch(
      /mostly for the champion's positive decisions.*every metric/,
    );
  });

  it("fires the other way round: labels only for the champion's negative decisions (the refused loan never defaults)", () => {
    const champion = input.versions[0] as BinaryShadowInput["versions"][0];
    const labels = Float64Array.from(input.labels, (y, i) =>
      (champion.predictions[i] as number) < 0.5 ? y : Number.NaN,
    );
    const warning = scoreShadowSnapshot({ ...input, labels }).warnings.find((w) => w.code === "selective_labels");
    expect(warning?.message).toMatch(
      /mostly for the champion's negative decisions.*champion-positive events to fix it/,
    );
  });

  it("does not fire on labels missing at random", () => {
    const rng = createRng(4);
    const labels = Float64Array.from(input.labels, (y) => (rng.nextFloat() < 0.3 ? y : Number.NaN));
    expect(codes(scoreShadowSnapshot({ ...input, labels }))).not.toContain("selective_labels");
  });
});

describe("label maturity", () => {
  it("buckets events by age at nowMs, with cumulative shares and the median label lag", () => {
    const H = 3_600_000;
    const now = 100 * 24 * H;
    // ages: 0.5h, 1h (edge: ≤1h), 5h, 30h, 10d, 40d
    const ages = [40 * 24 * H, 10 * 24 * H, 30 * H, 5 * H, 1 * H, 0.5 * H];
    const eventTimeMs = Float64Array.from(ages, (a) => now - a);
    const labels = Float64Array.of(1, 0, Number.NaN, 1, Number.NaN, 0);
    const labelTimeMs = Float64Array.from(labels, (y, i) =>
      Number.isNaN(y) ? Number.NaN : (eventTimeMs[i] as number) + ([1, 0, 0, 2, 0, 4][i] as number) * H,
    );
    const version = (id: string, role: "champion" | "challenger") => ({
      modelVersionId: id,
      role,
      predictions: new Float64Array(6).fill(0.6),
      status: new Uint8Array(6).fill(1),
      latencyMs: new Float64Array(6).fill(1),
    });
    const r = scoreShadowSnapshot({
      task: "binary_classification",
      look: 1,
      seed: 1,
      nowMs: now,
      eventTimeMs,
      labels,
      labelTimeMs,
      versions: [version("a", "champion"), version("b", "challenger")],
    });
    const m = r.labelMaturity;
    expect(m.buckets.map((b) => [b.label, b.events, b.labelled])).toEqual([
      ["≤1h", 2, 1],
      ["≤6h", 1, 1],
      ["≤24h", 0, 0],
      ["≤3d", 1, 0],
      ["≤7d", 0, 0],
      ["≤30d", 1, 1],
      [">30d", 1, 1],
    ]);
    expect(m.buckets[1]).toMatchObject({ cumulativeEvents: 3, cumulativeLabelled: 2, cumulativeShareLabelled: 2 / 3 });
    expect(m.buckets[2]?.shareLabelled).toBeNull();
    expect(m.shareLabelled).toBe(4 / 6);
    expect(m.medianLabelLagMs).toBe(1.5 * H); // lags 1h, 0h, 2h, 4h
    expectJsonSafe(r);
  });
});

describe("gap and drift", () => {
  const sim = simulateBinaryShadow({ seed: 3, events: 1500, referenceRows: 500, labelRate: 0.8 });
  const [champion, challenger] = sim.versions as [BinaryShadowInput["versions"][0], BinaryShadowInput["versions"][0]];
  const rng = createRng(2);
  const production = { x: Float64Array.from({ length: 1500 }, () => rng.nextFloat() + 0.2) };
  const reference = { x: Float64Array.from({ length: 500 }, () => rng.nextFloat()) };
  const input: BinaryShadowInput = {
    ...sim,
    resamples: 200,
    versions: [
      { ...champion, benchmark: { roc_auc: { value: 0.9, lower: 0.88, upper: 0.92, level: 0.95 }, mcc: null } },
      { ...challenger, benchmark: { mape: { value: 0.1, lower: 0.05, upper: 0.15, level: 0.95 } } },
    ],
    features: { names: ["x"], production, reference },
  };
  const r = scoreShadowSnapshot(input);

  it("gap = benchmark − shadow with the conservative interval; null with reasons otherwise", () => {
    const s = r.metrics[0]?.metrics.roc_auc;
    const g = r.gap[0]?.metrics.find((e) => e.metric === "roc_auc");
    expect(g?.gap).toBe(0.9 - (s?.value as number));
    expect(g?.lower).toBe(0.88 - (s?.upper as number));
    expect(g?.upper).toBe(0.92 - (s?.lower as number));
    expect(g?.coverageAtLeast).toBeCloseTo(0.9, 12);
    expect(r.gap[0]?.metrics.find((e) => e.metric === "mcc")).toMatchObject({
      gap: null,
      reason: expect.stringMatching(/no benchmark/),
    });
    expect(r.gap[1]?.metrics[0]).toMatchObject({
      metric: "mape",
      gap: null,
      reason: expect.stringMatching(/not measured/),
    });
  });

  it("drift equals driftReport of production vs reference", () => {
    expect(r.drift?.report).toEqual(driftReport({ reference, current: production }));
    expect(r.drift?.report?.columns.x?.type).toBe("numeric");
    expectJsonSafe(r);
  });
});
