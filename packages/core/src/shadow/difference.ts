import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { delongTest } from "../uncertainty/delong-test.ts";
import { mcnemarExactPValue } from "../uncertainty/mcnemar-test.ts";
import { PairedConfidenceSequence } from "../uncertainty/paired-confidence-sequence.ts";
import { aucSampleSizeFromPilot, mcnemarSampleSize } from "../uncertainty/sample-size.ts";
import type { PreparedSnapshot, PreparedVersion } from "./prepare-snapshot.ts";
import type {
  ShadowDecision,
  ShadowDifference,
  ShadowPairedComparison,
  ShadowSampleSize,
  ShadowVersionMetrics,
} from "./types.ts";

/** Per-row 0/1 loss (1 = wrong) over the labelled matched events. */
export function zeroOneLoss(prep: PreparedSnapshot, v: PreparedVersion): Float64Array {
  const y = prep.labelledLabels;
  const loss = new Float64Array(y.length);
  if (prep.task === "binary_classification") {
    for (let i = 0; i < y.length; i++)
      loss[i] = ((v.labelledScores[i] as number) >= prep.threshold ? 1 : 0) === y[i] ? 0 : 1;
  } else {
    const predicted = v.labelledPredicted as Int32Array;
    for (let i = 0; i < y.length; i++) loss[i] = predicted[i] === y[i] ? 0 : 1;
  }
  return loss;
}

function brierLoss(prep: PreparedSnapshot, v: PreparedVersion): Float64Array {
  const y = prep.labelledLabels;
  const loss = new Float64Array(y.length);
  if (prep.task === "binary_classification") {
    for (let i = 0; i < y.length; i++) {
      const d = (y[i] as number) - (v.labelledScores[i] as number);
      loss[i] = d * d;
    }
    return loss;
  }
  const columns = v.labelledColumns as Float64Array[];
  for (let i = 0; i < y.length; i++) {
    let s = 0;
    for (let c = 0; c < columns.length; c++) {
      const d = ((columns[c] as Float64Array)[i] as number) - (c === y[i] ? 1 : 0);
      s += d * d;
    }
    loss[i] = s;
  }
  return loss;
}

function absoluteError(prep: PreparedSnapshot, v: PreparedVersion): Float64Array {
  const y = prep.labelledLabels;
  return Float64Array.from(y, (label, i) => Math.abs(label - (v.labelledScores[i] as number)));
}

/**
 * Paired CS on Δ = E[ℓ_champion − ℓ_challenger] (PairedConfidenceSequence, rows in event order).
 * For accuracy Δ is already challenger − champion accuracy; for a loss metric (brier, mae) the
 * metric difference challenger − champion is −Δ, so the interval is negated.
 */
function pairedComparison(options: {
  metric: string;
  champion: Float64Array;
  challenger: Float64Array;
  lossBound: number;
  alpha: number;
  level: number;
  higherIsBetter: boolean;
  pointDifference: number | null;
}): ShadowPairedComparison {
  const { champion, challenger, higherIsBetter, lossBound } = options;
  const cs = new PairedConfidenceSequence({ alpha: options.alpha, lossBound });
  for (let i = 0; i < champion.length; i++) cs.update(champion[i] as number, challenger[i] as number);
  const { lower, upper, empty, clipped } = cs.interval();
  const decision: ShadowDecision = empty
    ? "undecided"
    : lower > 0
      ? "challenger_better"
      : upper < 0
        ? "champion_better"
        : "undecided";
  const base = {
    metric: options.metric,
    challengerMinusChampion: options.pointDifference,
    level: options.level,
    method: "paired_confidence_sequence" as const,
    n: champion.length,
    lossBound,
    clipped,
  };
  if (empty)
    return { ...base, lower: null, upper: null, decision, reason: "the sequence's running intersection is empty" };
  return {
    ...base,
    lower: higherIsBetter ? lower : -upper,
    upper: higherIsBetter ? upper : -lower,
    decision,
    reason: clipped > 0 ? `${clipped} per-row losses were clipped to the bound ${lossBound}` : null,
  };
}

function nullComparison(metric: string, level: number, n: number, reason: string): ShadowPairedComparison {
  return {
    metric,
    challengerMinusChampion: null,
    lower: null,
    upper: null,
    level,
    method: "paired_confidence_sequence",
    n,
    decision: "undecided",
    lossBound: null,
    clipped: 0,
    reason,
  };
}

function metricDifference(a: ShadowVersionMetrics, b: ShadowVersionMetrics, metric: string): number | null {
  const va = a.metrics[metric]?.value;
  const vb = b.metrics[metric]?.value;
  return va === null || va === undefined || vb === null || vb === undefined ? null : vb - va;
}

export function difference(
  prep: PreparedSnapshot,
  challenger: PreparedVersion,
  championMetrics: ShadowVersionMetrics,
  challengerMetrics: ShadowVersionMetrics,
): ShadowDifference {
  const champion = prep.champion;
  const n = prep.labelled.length;
  // Every interval of a look spends that look's share of the error budget (see labelled-metrics.ts).
  const { level, alphaSpent: alpha } = prep;
  const result: ShadowDifference = {
    championId: champion.id,
    challengerId: challenger.id,
    n,
    comparisons: [],
    mcnemar: null,
    delong: null,
    reasons: [],
  };
  const diff = (m: string) => metricDifference(championMetrics, challengerMetrics, m);
  if (n === 0) {
    const metrics = prep.task === "regression" ? ["mae"] : ["accuracy", "brier_score"];
    result.comparisons = metrics.map((m) => nullComparison(m, level, 0, "no labelled matched events yet"));
    result.reasons.push("no labelled matched events yet");
    return result;
  }
  if (prep.task === "regression") {
    const bound = regressionLossBound(prep);
    result.comparisons.push(
      bound.value === null
        ? nullComparison("mae", level, n, bound.reason)
        : pairedComparison({
            metric: "mae",
            champion: absoluteError(prep, champion),
            challenger: absoluteError(prep, challenger),
            lossBound: bound.value,
            alpha,
            level,
            higherIsBetter: false,
            pointDifference: diff("mae"),
          }),
    );
    return result;
  }
  const lossA = zeroOneLoss(prep, champion);
  const lossB = zeroOneLoss(prep, challenger);
  result.comparisons.push(
    pairedComparison({
      metric: "accuracy",
      champion: lossA,
      challenger: lossB,
      lossBound: 1,
      alpha,
      level,
      higherIsBetter: true,
      pointDifference: diff("accuracy"),
    }),
  );
  result.comparisons.push(
    pairedComparison({
      metric: "brier_score",
      champion: brierLoss(prep, champion),
      challenger: brierLoss(prep, challenger),
      lossBound: prep.task === "binary_classification" ? 1 : 2,
      alpha,
      level,
      higherIsBetter: false,
      pointDifference: diff("brier_score"),
    }),
  );
  let onlyChampion = 0;
  let onlyChallenger = 0;
  for (let i = 0; i < n; i++) {
    if (lossA[i] === 0 && lossB[i] === 1) onlyChampion++;
    else if (lossA[i] === 1 && lossB[i] === 0) onlyChallenger++;
  }
  result.mcnemar = {
    pValue: mcnemarExactPValue(onlyChampion, onlyChallenger),
    onlyChampionCorrect: onlyChampion,
    onlyChallengerCorrect: onlyChallenger,
    n,
  };
  if (prep.task === "binary_classification") {
    try {
      const d = delongTest({
        labels: prep.labelledLabels,
        scoresA: champion.labelledScores,
        scoresB: challenger.labelledScores,
      });
      result.delong = {
        pValue: d.pValue,
        z: Number.isFinite(d.z) ? d.z : null,
        aucChampion: d.aucA,
        aucChallenger: d.aucB,
        degenerate: d.degenerate,
      };
    } catch (error) {
      if (!(error instanceof MetricUndefinedError)) throw error;
      result.reasons.push(`DeLong: ${error.message}`);
    }
  }
  return result;
}

/** Loss bound for absolute errors: the reference labels' range (fixed before the data; production labels would not be). */
function regressionLossBound(
  prep: PreparedSnapshot,
): { value: number; reason: null } | { value: null; reason: string } {
  for (const v of [prep.champion, ...prep.challengers]) {
    const labels = v.input.reference?.labels;
    if (labels === undefined) continue;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < labels.length; i++) {
      const y = labels[i] as number;
      if (!Number.isFinite(y)) continue;
      lo = Math.min(lo, y);
      hi = Math.max(hi, y);
    }
    if (hi > lo) return { value: hi - lo, reason: null };
  }
  return {
    value: null,
    reason:
      "no reference labels with a positive range: the absolute-error bound must be fixed in advance (the production labels' own range is not predictable), so no anytime-valid interval",
  };
}

/** Further labels needed to decide the accuracy (McNemar) and ROC AUC (DeLong components) differences. */
export function sampleSize(prep: PreparedSnapshot, challenger: PreparedVersion): ShadowSampleSize {
  const champion = prep.champion;
  const n = prep.labelled.length;
  const result: ShadowSampleSize = {
    championId: champion.id,
    challengerId: challenger.id,
    accuracy: null,
    accuracyReason: null,
    rocAuc: null,
    rocAucReason: null,
  };
  if (prep.task === "regression") {
    result.accuracyReason = "not a classification task";
    result.rocAucReason = "not a binary classification task";
    return result;
  }
  if (n === 0) {
    result.accuracyReason = "no labelled matched events yet";
    result.rocAucReason = "no labelled matched events yet";
    return result;
  }
  const lossA = zeroOneLoss(prep, champion);
  const lossB = zeroOneLoss(prep, challenger);
  let c01 = 0; // champion wrong, challenger right
  let c10 = 0;
  for (let i = 0; i < n; i++) {
    if (lossA[i] === 1 && lossB[i] === 0) c01++;
    else if (lossA[i] === 0 && lossB[i] === 1) c10++;
  }
  if (c01 === c10) {
    result.accuracyReason = `the observed discordant proportions are equal (${c01} vs ${c10} of ${n}): no difference to plan for`;
  } else {
    const p01 = c01 / n;
    const p10 = c10 / n;
    const required = mcnemarSampleSize({ p01, p10, alpha: prep.alpha, power: 0.8 }).n;
    result.accuracy = { p01, p10, required, further: Math.max(0, required - n) };
  }
  if (prep.task !== "binary_classification") {
    result.rocAucReason = "not a binary classification task";
    return result;
  }
  try {
    const s = aucSampleSizeFromPilot({
      labels: prep.labelledLabels,
      scoresA: champion.labelledScores,
      scoresB: challenger.labelledScores,
      alpha: prep.alpha,
      power: 0.8,
    });
    let positives = 0;
    for (let i = 0; i < n; i++) positives += prep.labelledLabels[i] as number;
    result.rocAuc = {
      difference: s.difference,
      requiredPositives: s.nPositive,
      requiredNegatives: s.nNegative,
      furtherPositives: Math.max(0, s.nPositive - positives),
      furtherNegatives: Math.max(0, s.nNegative - (n - positives)),
    };
  } catch (error) {
    if (!(error instanceof MetricUndefinedError || error instanceof InvalidInputError)) throw error;
    result.rocAucReason = error.message;
  }
  return result;
}
