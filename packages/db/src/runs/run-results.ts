import type { DecisionCosts, PerturbationChange, PerturbationSpec } from "@fieldtest/core";

/**
 * The JSON stored in RunResult.data, one shape per RunResultKind. The worker writes them (in
 * the completion transaction, beside the MetricValue rows) and the web app reads them; both
 * import these types. JSON has no NaN or Infinity: a value that does not exist is `null`, and
 * the threshold "+∞" (every row predicted negative) is `null` with `allNegative: true`.
 *
 * Rows: "test rows" are the rows the public results are computed on — the split's test rows
 * minus the hidden holdout; for a rolling backtest, every fold's test rows pooled (each scored
 * by its own fold's model).
 */

/** A metric value with its bootstrap interval (when the protocol asks for intervals). */
export interface StoredMetric {
  metric: string;
  /** null when the metric is undefined on these rows (`problem` says why). */
  value: number | null;
  lower: number | null;
  upper: number | null;
  level: number | null;
  n: number;
  problem?: string;
}

/** One point where the curves meet a threshold (the stated one, or the cost-optimal one). */
export interface OperatingPoint {
  /** null = +∞ (every row predicted negative). */
  threshold: number | null;
  tpr: number | null;
  fpr: number | null;
  precision: number | null;
  recall: number | null;
}

/** kind "curves": ROC and precision–recall curves, downsampled for charts (core's binaryEvaluation). */
export interface CurvesResult {
  n: number;
  positives: number;
  negatives: number;
  /** null when the test rows hold one class only (`rocProblem` says so). */
  roc: { fpr: number; tpr: number; threshold: number }[] | null;
  rocProblem?: string;
  /** null when no test row is labelled 1. */
  pr: { recall: number; precision: number; threshold: number }[] | null;
  prProblem?: string;
  /** Share of test rows labelled 1: the PR curve's chance baseline. */
  prevalence: number | null;
  /** Distinct scores in the test rows (thresholds of the full curves). */
  thresholdCount: number;
  /** At the benchmark's stated threshold. */
  atThreshold: OperatingPoint;
  /** At the cost-optimal threshold, when the protocol has decision costs. */
  atCostOptimal?: OperatingPoint;
}

/** kind "reliability": the 15 equal-width bins of ECE (core's reliabilityDiagram), empty ones flagged. */
export interface ReliabilityResult {
  n: number;
  /** null when the scores are not probabilities (`problem` says why). */
  bins:
    | {
        bin: number;
        lower: number;
        upper: number;
        count: number;
        positives: number;
        meanPredicted: number | null;
        observedRate: number | null;
        empty: boolean;
      }[]
    | null;
  ece: number | null;
  problem?: string;
}

/** kind "confusion": the confusion matrix at the benchmark's stated threshold. */
export interface ConfusionResult {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  n: number;
}

/** An expected cost per decision at one threshold, with the counts behind it. */
export interface StoredDecisionCost {
  /** null = +∞: every row predicted negative (`allNegative`). */
  threshold: number | null;
  allNegative: boolean;
  expectedCost: number;
  counts: { tp: number; fp: number; tn: number; fn: number };
}

/** kind "costs": decision costs of the protocol on the test rows (core's decisions/). */
export interface CostsResult {
  /** The cost matrix, every cell filled (tp and tn default to 0). */
  costs: Required<DecisionCosts>;
  n: number;
  /** At the benchmark's stated threshold. */
  atThreshold: StoredDecisionCost;
  /** The cost-optimal threshold, searched exactly over every distinct score (and +∞). */
  optimal: StoredDecisionCost;
  /** Expected cost by threshold, ascending (the last point is +∞ = null), for the cost curve. */
  curve: { threshold: number | null; expectedCost: number }[];
  /** Thresholds on the full curve before downsampling. */
  thresholdCount: number;
}

/** One slice of one slice column. */
export interface StoredSlice {
  /** The slice's value; "(missing)" for rows without one. */
  slice: string;
  /** The MetricValue.slice key of its rows: "<column>=<value>". */
  key: string;
  n: number;
  positives: number;
  missing: boolean;
  /** n < minSliceSize: reported, without intervals, never the worst slice. */
  insufficient: boolean;
  metrics: StoredMetric[];
}

/** kind "slices": metrics per slice of each slice column (core's sliceMetrics), with the worst slice. */
export interface SlicesResult {
  minSliceSize: number;
  columns: {
    column: string;
    slices: StoredSlice[];
    /** Per metric, the worst sufficient slice (null when none has a defined value). */
    worst: {
      metric: string;
      slice: string | null;
      key: string | null;
      value: number | null;
      n: number | null;
      overall: number | null;
      direction: "higher_is_better" | "lower_is_better" | null;
      compared: number;
    }[];
  }[];
}

/** kind "folds": a rolling-origin backtest, fold by fold, and the mean across folds. */
export interface FoldsResult {
  folds: {
    fold: number;
    /** Windows as ISO instants: train [trainStart, trainEnd), test [testStart, testEnd). */
    trainStart: string;
    trainEnd: string;
    testStart: string;
    testEnd: string;
    trainRows: number;
    testRows: number;
    positives: number;
    metrics: StoredMetric[];
  }[];
  /** Per metric, the mean of the folds where it is defined (`folds` of them). */
  mean: { metric: string; value: number | null; folds: number }[];
}

/** kind "stress": each scenario's metrics on perturbed test features, against the clean ones. */
export interface StressResult {
  /** How the scenario's perturbations were seeded (from the run seed and the scenario name). */
  seeding: string;
  n: number;
  scenarios: {
    name: string;
    perturbations: PerturbationSpec[];
    changes: PerturbationChange[];
    metrics: {
      metric: string;
      baseline: number | null;
      stressed: number | null;
      /** stressed − baseline; null when either is undefined. */
      delta: number | null;
      /** Whether the delta is a change for the worse (by the metric's direction). */
      worse: boolean | null;
      problem?: string;
    }[];
  }[];
}

/** Latency summary of one kind of call. */
export interface LatencySummary {
  calls: number;
  rows: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/** kind "latency": the endpoint's per-call latencies (one call = one batch of rows). */
export interface LatencyResult extends LatencySummary {
  protocol: string;
}

/**
 * kind "holdout" (private): the hidden holdout — a seeded share of the split's test rows that
 * the public results exclude. Holds what the leaderboard's mechanism needs: the metric values
 * on the holdout and on the public test rows (Thresholdout queries), and the holdout rows'
 * labels and scores (a blob in storage, for the Ladder's per-row losses).
 */
export interface HoldoutResult {
  mechanism: "thresholdout" | "ladder";
  queryBudget: number;
  fraction: number;
  /** Holdout rows, and the public test rows the other results use. */
  rows: number;
  publicRows: number;
  /** How the holdout rows were drawn from the test rows. */
  selection: string;
  holdout: StoredMetric[];
  public: StoredMetric[];
  /**
   * Storage key of the holdout rows' labels and scores: 2·rows little-endian float64s, the
   * labels (0/1) then the scores, in ascending dataset row order; sha256 is the key's content hash.
   */
  rowsKey: string;
  sha256: string;
}

/** kind "model" (private): the builtin model(s) trained by the run (one per fold for a rolling backtest). */
export interface ModelResult {
  algorithm: string;
  models: { fold: number | null; trainRows: number; model: unknown }[];
}

/**
 * kind "scores" (private): the run's per-row test scores (the rows its public results use), in
 * blob storage as a columnar table (rowId, label, score; see run-scores.ts), for paired
 * comparisons of two runs on the same rows. Binary classification only (the only task the
 * worker runs); another task would store its own columns (predicted class and probabilities,
 * or the prediction) under a different `task`.
 */
export interface ScoresResult {
  task: "binary_classification";
  /** Storage key of the blob (content-addressed: `run-scores/<sha256>.ftcol`). */
  key: string;
  /** Rows in the blob. */
  n: number;
  /** sha256 of the blob's bytes. */
  sha256: string;
}

export interface RunResultData {
  curves: CurvesResult;
  reliability: ReliabilityResult;
  confusion: ConfusionResult;
  costs: CostsResult;
  slices: SlicesResult;
  folds: FoldsResult;
  stress: StressResult;
  latency: LatencyResult;
  holdout: HoldoutResult;
  model: ModelResult;
  scores: ScoresResult;
}

export type RunResultKindName = keyof RunResultData;

/** Kinds the run page never receives. */
export const PRIVATE_RUN_RESULT_KINDS = ["holdout", "model", "scores"] as const satisfies readonly RunResultKindName[];

export type PublicRunResultKind = Exclude<RunResultKindName, (typeof PRIVATE_RUN_RESULT_KINDS)[number]>;

/** One RunResult row to write. */
export type RunResultEntry = { [K in RunResultKindName]: { kind: K; data: RunResultData[K] } }[RunResultKindName];

/** The public results of a run by kind (rows as read back), typed. */
export type PublicRunResults = Partial<{ [K in PublicRunResultKind]: RunResultData[K] }>;

/** Types rows read from RunResult (written by the worker with these shapes) and drops private kinds. */
export function publicRunResults(rows: readonly { kind: string; data: unknown }[]): PublicRunResults {
  const out: Record<string, unknown> = {};
  for (const row of rows) {
    if ((PRIVATE_RUN_RESULT_KINDS as readonly string[]).includes(row.kind)) continue;
    out[row.kind] = row.data;
  }
  return out as PublicRunResults;
}
