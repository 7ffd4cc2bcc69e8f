import { numericDrift } from "../drift/numeric-drift.ts";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { estimatePerformance } from "../estimation/estimate-performance.ts";
import { fitLabelFreeEstimator } from "../estimation/fit-label-free-estimator.ts";
import { computeTopLabel } from "../metrics/multiclass/top-label.ts";
import { NeumaierSum } from "../numerics/neumaier-sum.ts";
import { linearQuantile } from "../uncertainty/percentile.ts";
import type { PreparedSnapshot, PreparedVersion } from "./prepare-snapshot.ts";
import { toColumns } from "./prepare-snapshot.ts";
import {
  type ScoreShift,
  SHADOW_CALL_STATUS,
  type ShadowAgreement,
  type ShadowLabelFree,
  type ShadowLatency,
  type ShadowPredictionShift,
} from "./types.ts";

/** Challenger vs champion on the matched events, no labels needed. */
export function agreement(prep: PreparedSnapshot, challenger: PreparedVersion): ShadowAgreement {
  const champion = prep.champion;
  const n = prep.matched.length;
  const base = { championId: champion.id, challengerId: challenger.id, n };
  const none = { decisionAgreement: null, meanAbsoluteDifference: null, correlation: null };
  if (n === 0) return { ...base, ...none, reason: "no matched events" };
  const a = champion.matchedScores;
  const b = challenger.matchedScores;
  if (prep.task !== "regression") {
    let same = 0;
    if (prep.task === "binary_classification") {
      const t = prep.threshold;
      for (let i = 0; i < n; i++) if ((a[i] as number) >= t === (b[i] as number) >= t) same++;
    } else {
      const pa = champion.matchedPredicted as Int32Array;
      const pb = challenger.matchedPredicted as Int32Array;
      for (let i = 0; i < n; i++) if (pa[i] === pb[i]) same++;
    }
    return { ...base, ...none, decisionAgreement: same / n, reason: null };
  }
  const abs = new NeumaierSum();
  const sa = new NeumaierSum();
  const sb = new NeumaierSum();
  for (let i = 0; i < n; i++) {
    abs.add(Math.abs((a[i] as number) - (b[i] as number)));
    sa.add(a[i] as number);
    sb.add(b[i] as number);
  }
  const ma = sa.value() / n;
  const mb = sb.value() / n;
  const sab = new NeumaierSum();
  const saa = new NeumaierSum();
  const sbb = new NeumaierSum();
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab.add(da * db);
    saa.add(da * da);
    sbb.add(db * db);
  }
  const denominator = Math.sqrt(saa.value() * sbb.value());
  const correlation = denominator > 0 ? Math.max(-1, Math.min(1, sab.value() / denominator)) : null;
  return {
    ...base,
    decisionAgreement: null,
    meanAbsoluteDifference: abs.value() / n,
    correlation,
    reason: correlation === null ? "a version's predictions are constant: no correlation" : null,
  };
}

/** KS (scipy ks_2samp), Wasserstein and PSI (reference deciles) of two score samples, or null with why. */
export function scoreShift(reference: Float64Array, current: Float64Array): ScoreShift {
  const n = { reference: reference.length, current: current.length };
  if (reference.length === 0 || current.length === 0) {
    const side = reference.length === 0 ? "reference" : "current";
    return {
      ksStatistic: null,
      ksPValue: null,
      psi: null,
      wasserstein: null,
      n,
      reason: `the ${side} sample is empty`,
    };
  }
  const d = numericDrift(reference, current);
  return {
    ksStatistic: d.ks_statistic,
    ksPValue: d.ks_pvalue,
    psi: d.psi,
    wasserstein: d.wasserstein,
    n,
    reason: null,
  };
}

export function predictionShift(prep: PreparedSnapshot): ShadowPredictionShift {
  const versions = prep.versions.map((v) => {
    const ref = v.input.reference;
    const shift: ScoreShift =
      ref === undefined
        ? {
            ksStatistic: null,
            ksPValue: null,
            psi: null,
            wasserstein: null,
            n: { reference: 0, current: v.matchedScores.length },
            reason: "no reference predictions for this version",
          }
        : scoreShift(referenceScores(prep, ref.predictions, ref.labels.length), v.matchedScores);
    return { modelVersionId: v.id, role: v.role, shift };
  });
  const challengers = prep.challengers.map((c) => ({
    championId: prep.champion.id,
    challengerId: c.id,
    shift: scoreShift(prep.champion.matchedScores, c.matchedScores),
  }));
  return { versions, challengers };
}

/** The reference's scores (multiclass: top-label probability of each row). */
function referenceScores(prep: PreparedSnapshot, predictions: Float64Array, rows: number): Float64Array {
  if (prep.task !== "multiclass_classification") return predictions;
  const all = Int32Array.from({ length: rows }, (_, i) => i);
  return computeTopLabel(toColumns(predictions, all, prep.classCount, "reference predictions")).confidence;
}

/** Latency percentiles (numpy 'linear') over ok calls with a known latency; rates over the calls made. */
export function latency(prep: PreparedSnapshot, version: PreparedVersion): ShadowLatency {
  const { status, latencyMs } = version.input;
  let calls = 0;
  let errors = 0;
  let timeouts = 0;
  const known: number[] = [];
  for (let i = 0; i < prep.events; i++) {
    const s = status[i] as number;
    if (s === SHADOW_CALL_STATUS.missing) continue;
    calls++;
    if (s === SHADOW_CALL_STATUS.error) errors++;
    else if (s === SHADOW_CALL_STATUS.timeout) timeouts++;
    else {
      const ms = latencyMs[i] as number;
      if (Number.isFinite(ms)) known.push(ms);
    }
  }
  const sorted = Float64Array.from(known).sort();
  const q = (p: number) => (sorted.length === 0 ? null : linearQuantile(sorted, p));
  const sum = new NeumaierSum();
  for (const x of sorted) sum.add(x);
  return {
    modelVersionId: version.id,
    role: version.role,
    n: sorted.length,
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    mean: sorted.length === 0 ? null : sum.value() / sorted.length,
    calls,
    errorRate: calls === 0 ? null : errors / calls,
    timeoutRate: calls === 0 ? null : timeouts / calls,
  };
}

/** CBPE (binary): fitted on the version's reference, applied to its matched production scores. */
export function labelFree(prep: PreparedSnapshot, version: PreparedVersion): ShadowLabelFree {
  const id = version.id;
  if (prep.task !== "binary_classification") {
    return {
      modelVersionId: id,
      status: "not_applicable",
      reason: "label-free estimation (CBPE) is for binary classifiers here",
    };
  }
  const ref = version.input.reference;
  if (ref === undefined) {
    return {
      modelVersionId: id,
      status: "no_reference",
      reason: "no reference predictions and labels for this version",
    };
  }
  if (version.matchedScores.length === 0) {
    return { modelVersionId: id, status: "no_events", reason: "no matched events to estimate on" };
  }
  const keep: number[] = [];
  for (let i = 0; i < ref.labels.length; i++) if (!Number.isNaN(ref.labels[i] as number)) keep.push(i);
  const referenceLabels = Float64Array.from(keep, (i) => ref.labels[i] as number);
  const referenceScores = Float64Array.from(keep, (i) => ref.predictions[i] as number);
  if (referenceLabels.length === 0) {
    return { modelVersionId: id, status: "no_reference", reason: "the reference has no labelled rows" };
  }
  for (let i = 0; i < referenceLabels.length; i++) {
    const y = referenceLabels[i] as number;
    if (y !== 0 && y !== 1) throw new InvalidInputError(`reference labels of ${id} must be 0, 1 or NaN, got ${y}`);
  }
  const estimator = fitLabelFreeEstimator({ referenceLabels, referenceScores, seed: prep.seed });
  const estimate = estimatePerformance(estimator, version.matchedScores, {
    seed: prep.seed,
    threshold: prep.threshold,
    level: prep.level,
    resamples: prep.labelFreeResamples,
  });
  if (estimate.status === "refused") {
    return { modelVersionId: id, status: "refused", code: estimate.code, reason: estimate.reason };
  }
  const metrics: Extract<ShadowLabelFree, { status: "estimated" }>["metrics"] = {};
  for (const [name, m] of Object.entries(estimate.metrics) as [
    keyof typeof estimate.metrics,
    (typeof estimate.metrics)[keyof typeof estimate.metrics],
  ][]) {
    if (m !== null) metrics[name] = { estimate: m.estimate, lower: m.lower, upper: m.upper, level: m.level };
  }
  return {
    modelVersionId: id,
    status: "estimated",
    n: estimate.n,
    calibrated: estimate.calibrated,
    referenceEce: estimate.referenceEce,
    outsideReferenceRange: estimate.outsideReferenceRange,
    metrics,
    problems: { ...estimate.problems },
  };
}
