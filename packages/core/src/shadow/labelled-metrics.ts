import { type BinaryEvaluation, binaryEvaluation } from "../metrics/binary-evaluation.ts";
import type { BinaryMetricName } from "../metrics/binary-metric-names.ts";
import { computeMacroF1 } from "../metrics/multiclass/macro-f1.ts";
import { computeMulticlassAccuracy } from "../metrics/multiclass/multiclass-accuracy.ts";
import { computeMulticlassBrierScore } from "../metrics/multiclass/multiclass-brier-score.ts";
import { computeMulticlassEce } from "../metrics/multiclass/multiclass-ece.ts";
import { computeMulticlassLogLoss } from "../metrics/multiclass/multiclass-log-loss.ts";
import { computeMae } from "../metrics/regression/mae.ts";
import { computeR2 } from "../metrics/regression/r2.ts";
import { computeRmse } from "../metrics/regression/rmse.ts";
import { valueOrNaN } from "../uncertainty/run-bootstrap.ts";
import { bootstrapMetric, indexSuiteBootstrap, nullMetric, sequenceMetric, tryMetric } from "./interval-helpers.ts";
import type { PreparedSnapshot, PreparedVersion } from "./prepare-snapshot.ts";
import { sharedBinaryBootstrap } from "./shared-binary-bootstrap.ts";
import type { ShadowMetricInterval, ShadowTask, ShadowVersionMetrics } from "./types.ts";

/** The metrics reported per task, in this order. */
export const SHADOW_METRICS = {
  binary_classification: [
    "roc_auc",
    "average_precision",
    "accuracy",
    "precision",
    "recall",
    "f1",
    "brier_score",
    "log_loss",
    "ece",
  ],
  multiclass_classification: ["accuracy", "macro_f1", "log_loss", "brier_score", "ece"],
  regression: ["mae", "rmse", "r2"],
} as const satisfies Record<ShadowTask, readonly string[]>;

/**
 * A percentile bootstrap is an asymptotic method: on a handful of rows (or of one class) it
 * under-covers badly (shadow.coverage.test.ts: with 15 labelled rows the roc_auc interval at
 * a 97% level missed in 8% of streams). Below these counts the bootstrapped metrics keep
 * their value but get no interval (null, with the reason): no claim rather than a false one.
 */
export const MIN_BOOTSTRAP_ROWS = 50;
/** Binary: also this many labelled rows of each class. */
export const MIN_BOOTSTRAP_CLASS_ROWS = 20;

/** Why the bootstrap is not run on these labels, or null when it may be. */
export function bootstrapTooSmall(labels: Float64Array, binary: boolean): string | null {
  const n = labels.length;
  if (n < MIN_BOOTSTRAP_ROWS) {
    return `only ${n} labelled matched events: a bootstrap interval needs at least ${MIN_BOOTSTRAP_ROWS}`;
  }
  if (!binary) return null;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] as number;
  const fewest = Math.min(positives, n - positives);
  if (fewest < MIN_BOOTSTRAP_CLASS_ROWS) {
    return `only ${fewest} labelled matched events of the ${positives <= n - positives ? "positive" : "negative"} class: a bootstrap interval needs at least ${MIN_BOOTSTRAP_CLASS_ROWS} of each`;
  }
  return null;
}

/**
 * Means of a bounded per-row quantity: an empirical-Bernstein confidence sequence. Everything
 * else: a bootstrap. Both at the look's spent level 1 − α_k (α_k = α·6/(π²k²)): rows reach a
 * snapshot in event order, not in the order they became complete (a late label lands in the
 * middle), so a sequence's own "valid at every t" is not what holds across snapshots; the union
 * bound over looks is, for every interval alike.
 */
const SEQUENCE_METRICS: ReadonlySet<string> = new Set(["accuracy", "brier_score"]);

/** Metrics with anytime-valid intervals for every version, over the labelled matched events (in `prep.versions` order). */
export function labelledMetrics(prep: PreparedSnapshot): ShadowVersionMetrics[] {
  const n = prep.labelled.length;
  const names = SHADOW_METRICS[prep.task];
  const results = prep.versions.map((v) => ({
    modelVersionId: v.id,
    role: v.role,
    n,
    metrics: {} as Record<string, ShadowMetricInterval>,
  }));
  if (n === 0) {
    for (const r of results) {
      for (const name of names) {
        r.metrics[name] = nullMetric(
          methodOf(name),
          prep.level,
          intervalLevelOf(prep),
          0,
          "no labelled matched events yet",
        );
      }
    }
  } else if (prep.task === "binary_classification") {
    binaryMetrics(
      prep,
      results.map((r) => r.metrics),
    );
  } else {
    prep.versions.forEach((v, j) => {
      const out = (results[j] as ShadowVersionMetrics).metrics;
      if (prep.task === "multiclass_classification") multiclassMetrics(prep, v, out);
      else regressionMetrics(prep, v, out);
    });
  }
  return results;
}

function methodOf(name: string): ShadowMetricInterval["method"] {
  return SEQUENCE_METRICS.has(name) ? "confidence_sequence" : "bootstrap_alpha_spending";
}

function intervalLevelOf(prep: PreparedSnapshot): number {
  return 1 - prep.alphaSpent;
}

const BINARY_BOOTSTRAPPED: readonly BinaryMetricName[] = [
  "roc_auc",
  "average_precision",
  "precision",
  "recall",
  "f1",
  "log_loss",
  "ece",
];

function binaryMetrics(prep: PreparedSnapshot, outs: Record<string, ShadowMetricInterval>[]) {
  const labels = prep.labelledLabels;
  const n = labels.length;
  const { threshold, level, alphaSpent: alpha } = prep;
  const evaluations = prep.versions.map((v) =>
    binaryEvaluation(labels, v.labelledScores, { threshold, maxCurvePoints: 2 }),
  );
  // Defined-ness of these metrics depends on the shared labels (and on scores being probabilities, checked upfront).
  const tooSmall = bootstrapTooSmall(labels, true);
  const bootstrapped =
    tooSmall === null ? BINARY_BOOTSTRAPPED.filter((m) => evaluations.every((e) => e.metrics[m] !== null)) : [];
  const { intervals, failure } = sharedBinaryBootstrap({
    labels,
    versions: prep.versions.map((v, j) => ({
      scores: v.labelledScores,
      estimates: bootstrapped.map((m) => (evaluations[j] as BinaryEvaluation).metrics[m] as number),
    })),
    metrics: bootstrapped,
    threshold,
    seed: prep.seed,
    resamples: prep.resamples,
    level: 1 - prep.alphaSpent,
  });
  prep.versions.forEach((version, j) => {
    const evaluation = evaluations[j] as BinaryEvaluation;
    const out = outs[j] as Record<string, ShadowMetricInterval>;
    const scores = version.labelledScores;
    const correct = new Float64Array(n);
    const brier = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const y = labels[i] as number;
      const p = scores[i] as number;
      correct[i] = (p >= threshold ? 1 : 0) === y ? 1 : 0;
      brier[i] = (y - p) * (y - p);
    }
    for (const name of SHADOW_METRICS.binary_classification) {
      const v = evaluation.metrics[name];
      if (v === null) {
        const reason = evaluation.problems[name]?.message ?? "undefined on these rows";
        out[name] = nullMetric(methodOf(name), level, intervalLevelOf(prep), n, reason);
      } else if (name === "accuracy") {
        out[name] = sequenceMetric(v, correct, { alpha, level });
      } else if (name === "brier_score") {
        out[name] = sequenceMetric(v, brier, { alpha, level });
      } else {
        const k = bootstrapped.indexOf(name);
        out[name] = bootstrapMetric(v, k < 0 ? undefined : intervals?.[j]?.[k], {
          metric: name,
          level,
          intervalLevel: 1 - prep.alphaSpent,
          n,
          failure: tooSmall ?? failure ?? "undefined for another version on these rows",
        });
      }
    }
  });
}

function multiclassMetrics(
  prep: PreparedSnapshot,
  version: PreparedVersion,
  out: Record<string, ShadowMetricInterval>,
) {
  const labels = prep.labelledLabels;
  const n = labels.length;
  const k = prep.classCount;
  const { level, alphaSpent: alpha } = prep;
  const columns = version.labelledColumns as Float64Array[];
  const predicted = version.labelledPredicted as Int32Array;
  const confidence = version.labelledScores;
  const accuracy = tryMetric(() => computeMulticlassAccuracy(labels, predicted));
  const brier = tryMetric(() => computeMulticlassBrierScore(labels, columns));
  const boot = {
    macro_f1: tryMetric(() => computeMacroF1(labels, predicted, k)),
    log_loss: tryMetric(() => computeMulticlassLogLoss(labels, columns)),
    ece: tryMetric(() => computeMulticlassEce(labels, predicted, confidence)),
  };
  const tooSmall = bootstrapTooSmall(labels, false);
  const names = (["macro_f1", "log_loss", "ece"] as const).filter((m) => tooSmall === null && boot[m].value !== null);
  const yR = new Float64Array(n);
  const predR = new Int32Array(n);
  const confR = new Float64Array(n);
  const colsR = Array.from({ length: k }, () => new Float64Array(n));
  const { intervals, failure } = indexSuiteBootstrap({
    rows: n,
    seed: prep.seed,
    resamples: prep.resamples,
    level: 1 - prep.alphaSpent,
    estimates: names.map((m) => boot[m].value as number),
    label: `multiclass suite (${names.join(", ")})`,
    fill: (indices, o) => {
      for (let i = 0; i < n; i++) {
        const r = indices[i] as number;
        yR[i] = labels[r] as number;
        predR[i] = predicted[r] as number;
        confR[i] = confidence[r] as number;
        for (let c = 0; c < k; c++) (colsR[c] as Float64Array)[i] = (columns[c] as Float64Array)[r] as number;
      }
      let ok = true;
      names.forEach((m, j) => {
        const v = valueOrNaN(() =>
          m === "macro_f1"
            ? computeMacroF1(yR, predR, k)
            : m === "log_loss"
              ? computeMulticlassLogLoss(yR, colsR)
              : computeMulticlassEce(yR, predR, confR),
        );
        o[j] = v;
        if (Number.isNaN(v)) ok = false;
      });
      return ok;
    },
  });
  const correct = new Float64Array(n);
  const brierRows = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const y = labels[i] as number;
    correct[i] = predicted[i] === y ? 1 : 0;
    let s = 0;
    for (let c = 0; c < k; c++) {
      const d = ((columns[c] as Float64Array)[i] as number) - (c === y ? 1 : 0);
      s += d * d;
    }
    brierRows[i] = s;
  }
  for (const name of SHADOW_METRICS.multiclass_classification) {
    if (name === "accuracy" || name === "brier_score") {
      const m = name === "accuracy" ? accuracy : brier;
      out[name] =
        m.value === null
          ? nullMetric("confidence_sequence", level, 1 - alpha, n, m.reason ?? "undefined")
          : sequenceMetric(m.value, name === "accuracy" ? correct : brierRows, {
              alpha,
              level,
              scale: name === "accuracy" ? 1 : 2,
            });
      continue;
    }
    const m = boot[name];
    const j = names.indexOf(name);
    out[name] =
      m.value === null
        ? nullMetric("bootstrap_alpha_spending", level, 1 - prep.alphaSpent, n, m.reason ?? "undefined")
        : bootstrapMetric(m.value, intervals?.[j], {
            metric: name,
            level,
            intervalLevel: 1 - prep.alphaSpent,
            n,
            failure: tooSmall ?? failure,
          });
  }
}

function regressionMetrics(
  prep: PreparedSnapshot,
  version: PreparedVersion,
  out: Record<string, ShadowMetricInterval>,
) {
  const labels = prep.labelledLabels;
  const predictions = version.labelledScores;
  const n = labels.length;
  const { level } = prep;
  const fns = { mae: computeMae, rmse: computeRmse, r2: computeR2 } as const;
  const values = {
    mae: tryMetric(() => computeMae(labels, predictions)),
    rmse: tryMetric(() => computeRmse(labels, predictions)),
    r2: tryMetric(() => computeR2(labels, predictions)),
  };
  const tooSmall = bootstrapTooSmall(labels, false);
  const names = SHADOW_METRICS.regression.filter((m) => tooSmall === null && values[m].value !== null);
  const yR = new Float64Array(n);
  const pR = new Float64Array(n);
  const { intervals, failure } = indexSuiteBootstrap({
    rows: n,
    seed: prep.seed,
    resamples: prep.resamples,
    level: 1 - prep.alphaSpent,
    estimates: names.map((m) => values[m].value as number),
    label: `regression suite (${names.join(", ")})`,
    fill: (indices, o) => {
      for (let i = 0; i < n; i++) {
        const r = indices[i] as number;
        yR[i] = labels[r] as number;
        pR[i] = predictions[r] as number;
      }
      let ok = true;
      names.forEach((m, j) => {
        const v = valueOrNaN(() => fns[m](yR, pR));
        o[j] = v;
        if (Number.isNaN(v)) ok = false;
      });
      return ok;
    },
  });
  for (const name of SHADOW_METRICS.regression) {
    const m = values[name];
    out[name] =
      m.value === null
        ? nullMetric("bootstrap_alpha_spending", level, 1 - prep.alphaSpent, n, m.reason ?? "undefined")
        : bootstrapMetric(m.value, intervals?.[names.indexOf(name)], {
            metric: name,
            level,
            intervalLevel: 1 - prep.alphaSpent,
            n,
            failure: tooSmall ?? failure,
          });
  }
}
