import type { BacktestFold, PerturbationChange, StressScenario } from "@fieldtest/core";
import {
  type BlobStorage,
  badInput,
  type ColumnarTable,
  type Db,
  type EvaluationRun,
  numericColumn,
  type RunResultEntry,
  type StoredMetric,
  storeRunScores,
  stringColumn,
} from "@fieldtest/db";
import { backtestFolds, foldResults } from "./backtest.ts";
import { binaryLabels } from "./binary-labels.ts";
import { endpointAuthOf } from "./endpoint-auth.ts";
import { groupMetrics, headlineMetrics, type RowsProtocol, rowsResults } from "./evaluate-rows.ts";
import { type FeatureColumn, featureColumnsOf, takeRows } from "./feature-columns.ts";
import { carveHoldout, holdoutResult } from "./holdout.ts";
import { latencySummary } from "./latency-summary.ts";
import { loadRunData } from "./load-run-data.ts";
import { executableBenchmarkRunConfig, parseBenchmarkRunConfig } from "./run-config.ts";
import type { RunMetricValue } from "./run-status.ts";
import { type OutboundClient, type ScoreOutcome, scorerFor } from "./scorers.ts";
import { sliceResults } from "./slice-results.ts";
import { mergeChanges, perturbScenario, stressResults } from "./stress-results.ts";
import { selectSplitRows } from "./test-rows.ts";

/** Progress once the stored files are read, and once every row is scored; the results fill the rest. */
const PROGRESS_LOADED = 0.1;
const PROGRESS_SCORED = 0.8;

export { SCORING_CHUNKS } from "./scorers.ts";

export interface EvaluateBenchmarkRunInput {
  db: Db;
  storage: BlobStorage;
  run: Pick<EvaluationRun, "id" | "config" | "datasetHash" | "modelVersionId">;
  /**
   * Reports progress (0..1, rising); awaited between scoring chunks and between result parts.
   * It may throw (RunCancelledError) to stop the execution: nothing is returned, nothing written.
   */
  onProgress: (progress: number) => Promise<void>;
  /** The outbound client for endpoint versions, created on first use; null when this worker has none. */
  outbound: (() => OutboundClient) | null;
}

export interface BenchmarkRunEvaluation {
  /** The run's MetricValue rows: the whole test set (slice "") and each slice ("<column>=<value>"). */
  values: RunMetricValue[];
  /** The run's RunResult rows, one per kind it computed. */
  results: RunResultEntry[];
}

/** Test rows with their labels and scores, and each stress scenario's scores of the same rows. */
interface Scored {
  rows: Uint32Array;
  labels: Float64Array;
  scores: Float64Array;
  stressed: Float64Array[];
  /** Per scenario, what its perturbations changed in each group of rows (one group per fold). */
  changes: PerturbationChange[][][];
}

/**
 * Executes a benchmark run's frozen protocol: load the dataset version (and an offline
 * version's predictions) → split (random, temporal, or a rolling backtest's folds; the hidden
 * holdout carved out of the test rows) → score with the version's endpoint kind (offline join,
 * builtin model trained on the train rows, or endpoint calls), stress scenarios' perturbed
 * test features with the same model → core's metrics with intervals, curves, reliability bins,
 * confusion matrix, decision costs, slices, folds, stress deltas, holdout and latency.
 * Data the protocol cannot be executed on is an AppError whose message tells the owner what to
 * do; a protocol the worker cannot execute is refused before any data is read.
 */
export async function evaluateBenchmarkRun(input: EvaluateBenchmarkRunInput): Promise<BenchmarkRunEvaluation> {
  const { db, storage, run, onProgress } = input;
  const config = executableBenchmarkRunConfig(parseBenchmarkRunConfig(run.config));
  const { datasetVersion, dataset, predictions } = await loadRunData({ db, storage, run, config });
  await onProgress(PROGRESS_LOADED);

  const { idColumn, labelColumn, timestampColumn } = datasetVersion;
  const rowIds = stringColumn(dataset, idColumn);
  const timestamps = timestampColumn ? numericColumn(dataset, timestampColumn) : null;
  const labelValues = dataset.values[labelColumn] ?? [];
  const labelsOf = (rows: Uint32Array) => binaryLabels({ column: labelColumn, values: labelValues, rowIds, rows });
  const needsFeatures = config.endpoint.kind !== "offline";
  const features = needsFeatures ? featureColumnsOf(dataset, datasetVersion) : [];
  const scorer = scorerFor({
    endpoint: config.endpoint,
    rowIds,
    predictions,
    features,
    labelsOf,
    seed: config.seed,
    outbound: input.outbound,
    auth:
      config.endpoint.kind === "offline" || config.endpoint.kind === "builtin"
        ? null
        : await endpointAuthOf(db, run.modelVersionId),
  });
  const scoringProgress = (from: number, to: number) => (share: number) =>
    onProgress(PROGRESS_LOADED + (from + share * (to - from)) * (PROGRESS_SCORED - PROGRESS_LOADED));
  const protocol: RowsProtocol = {
    threshold: config.threshold,
    metrics: config.metrics,
    confidence: config.confidence,
    costs: config.costs,
    seed: config.seed,
  };
  const latencies: Float64Array[] = [];
  let endpointRows = 0;
  const models: { fold: number | null; trainRows: number; model: unknown }[] = [];
  const note = (outcome: ScoreOutcome, rows: number, fold: number | null, trainRows: number) => {
    if (outcome.latenciesMs) {
      latencies.push(outcome.latenciesMs);
      endpointRows += rows;
    }
    if (config.endpoint.kind === "builtin") models.push({ fold, trainRows, model: outcome.model });
  };

  const values: RunMetricValue[] = [];
  const results: RunResultEntry[] = [];
  let scored: Scored;

  if (config.split.kind === "rolling") {
    const folds = backtestFolds(config.split, timestamps);
    const perFold: (Scored & { fold: BacktestFold })[] = [];
    for (const [k, fold] of folds.entries()) {
      const stress = stressInputs(config.stress, features, fold.test, config.seed);
      const outcome = await scorer({
        train: fold.train,
        test: fold.test,
        variants: stress.variants,
        onProgress: scoringProgress(k / folds.length, (k + 1) / folds.length),
      });
      note(
        outcome,
        stress.variants.reduce((n, v) => n + v.rows, fold.test.length),
        fold.fold,
        fold.train.length,
      );
      perFold.push({
        fold,
        rows: fold.test,
        labels: labelsOf(fold.test),
        scores: outcome.scores,
        stressed: outcome.variants,
        changes: stress.changes.map((c) => [c]),
      });
    }
    const backtest = foldResults({ folds: perFold, protocol });
    values.push(...backtest.values);
    results.push({ kind: "folds", data: backtest.result });
    scored = pool(perFold, config.stress.length);
  } else {
    const { train, test } = selectSplitRows({
      split: config.split,
      seed: config.seed,
      rowCount: dataset.rowCount,
      timestamps,
    });
    const carved = config.holdout ? carveHoldout(test, config.holdout, config.seed) : null;
    const publicRows = carved ? carved.publicRows : test;
    const stress = stressInputs(config.stress, features, publicRows, config.seed);
    const outcome = await scorer({ train, test, variants: stress.variants, onProgress: scoringProgress(0, 1) });
    note(
      outcome,
      stress.variants.reduce((n, v) => n + v.rows, test.length),
      null,
      train.length,
    );
    const parts = carved ? partition(test, outcome.scores, carved.holdoutRows, dataset.rowCount) : null;
    const publicScores = parts ? parts.kept : outcome.scores;
    scored = {
      rows: publicRows,
      labels: labelsOf(publicRows),
      scores: publicScores,
      stressed: outcome.variants,
      changes: stress.changes.map((c) => [c]),
    };
    values.push(...headlineMetrics({ labels: scored.labels, scores: scored.scores, protocol }));
    if (carved && parts && config.holdout) {
      const holdoutLabels = labelsOf(carved.holdoutRows);
      results.push({
        kind: "holdout",
        data: await holdoutResult({
          storage,
          runId: run.id,
          holdout: config.holdout,
          labels: holdoutLabels,
          scores: parts.taken,
          holdoutMetrics: groupMetrics({ labels: holdoutLabels, scores: parts.taken, protocol, withIntervals: false }),
          publicMetrics: values.map(toStoredMetric),
          publicRows: publicRows.length,
        }),
      });
    }
  }
  await onProgress(PROGRESS_SCORED);
  // Private per-row scores of the public test rows, for paired comparisons with other runs.
  results.push({
    kind: "scores",
    data: await storeRunScores(storage, {
      rowIds: Array.from(scored.rows, (row) => rowIds[row] ?? `#${row + 1}`),
      labels: scored.labels,
      scores: scored.scores,
    }),
  });

  const { curves, reliability, confusion, costs } = rowsResults({
    labels: scored.labels,
    scores: scored.scores,
    protocol,
  });
  results.push(
    { kind: "curves", data: curves },
    { kind: "reliability", data: reliability },
    { kind: "confusion", data: confusion },
  );
  if (costs) results.push({ kind: "costs", data: costs });
  await onProgress(0.85);

  if (config.sliceColumns.length > 0) {
    const slices = sliceResults({
      labels: scored.labels,
      scores: scored.scores,
      columns: config.sliceColumns.map((column) => ({ column, values: sliceValues(dataset, column, scored.rows) })),
      protocol,
    });
    values.push(...slices.values);
    results.push({ kind: "slices", data: slices.result });
  }
  await onProgress(0.95);

  if (config.stress.length > 0) {
    results.push({
      kind: "stress",
      data: stressResults({
        labels: scored.labels,
        baseline: scored.scores,
        scenarios: config.stress.map((scenario, s) => ({
          scenario,
          changes: mergeChanges(scored.changes[s] ?? []),
          scores: scored.stressed[s] as Float64Array,
        })),
        protocol,
      }),
    });
  }
  const latency = latencySummary(latencies, endpointRows);
  if (latency && config.endpoint.kind !== "offline") {
    results.push({ kind: "latency", data: { protocol: config.endpoint.kind, ...latency } });
  }
  if (config.endpoint.kind === "builtin") {
    results.push({ kind: "model", data: { algorithm: config.endpoint.algorithm, models } });
  }
  await onProgress(0.99);
  return { values, results };
}

/** Each stress scenario's perturbed copy of `rows`' features, as scoring variants. */
function stressInputs(
  scenarios: readonly StressScenario[],
  features: readonly FeatureColumn[],
  rows: Uint32Array,
  seed: number,
): { variants: { rows: number; features: FeatureColumn[] }[]; changes: PerturbationChange[][] } {
  if (scenarios.length === 0) return { variants: [], changes: [] };
  const clean = takeRows(features, rows);
  const perturbed = scenarios.map((scenario) => perturbScenario(clean, scenario, seed));
  return {
    variants: perturbed.map((p) => ({ rows: rows.length, features: p.features })),
    changes: perturbed.map((p) => p.changes),
  };
}

/** The folds' test rows, labels and scores one after another (each scored by its own fold's model). */
function pool(folds: readonly Scored[], scenarios: number): Scored {
  const concat = (parts: readonly Float64Array[]) => {
    const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  const rows = new Uint32Array(folds.reduce((n, f) => n + f.rows.length, 0));
  let at = 0;
  for (const f of folds) {
    rows.set(f.rows, at);
    at += f.rows.length;
  }
  return {
    rows,
    labels: concat(folds.map((f) => f.labels)),
    scores: concat(folds.map((f) => f.scores)),
    stressed: Array.from({ length: scenarios }, (_, s) => concat(folds.map((f) => f.stressed[s] as Float64Array))),
    changes: Array.from({ length: scenarios }, (_, s) => folds.flatMap((f) => f.changes[s] ?? [])),
  };
}

/** Splits the scores of `test` (ascending rows) into those of `taken` rows (ascending) and the rest. */
function partition(
  test: Uint32Array,
  scores: Float64Array,
  taken: Uint32Array,
  rowCount: number,
): { kept: Float64Array; taken: Float64Array } {
  const mark = new Uint8Array(rowCount);
  for (const row of taken) mark[row] = 1;
  const kept = new Float64Array(test.length - taken.length);
  const out = new Float64Array(taken.length);
  for (let k = 0, a = 0, b = 0; k < test.length; k++) {
    if (mark[test[k] as number] === 1) out[b++] = scores[k] as number;
    else kept[a++] = scores[k] as number;
  }
  return { kept, taken: out };
}

/** A slice column's value for each of `rows`, as text (null = missing). */
function sliceValues(dataset: ColumnarTable, column: string, rows: Uint32Array): (string | null)[] {
  if (!dataset.columns.some((c) => c.name === column)) {
    throw badInput("sliceColumns", `Slice column "${column}" is not in the dataset version`);
  }
  const all = stringColumn(dataset, column);
  return Array.from(rows, (row) => all[row] ?? null);
}

const toStoredMetric = (v: RunMetricValue): StoredMetric => ({
  metric: v.metric,
  value: v.value,
  lower: v.lower ?? null,
  upper: v.upper ?? null,
  level: v.level ?? null,
  n: v.n,
});
