import type { CostMatrix } from "../decisions/cost-matrix.ts";
import type { DriftColumn, DriftReport } from "../drift/drift-report.ts";
import type { LabelFreeMetricName, LabelFreeRefusalCode } from "../estimation/index.ts";

// Input and output of `scoreShadowSnapshot`. Inputs are typed arrays aligned to the events
// in their fixed recorded order (event time, then eventId); outputs are JSON-safe (plain
// numbers, strings, null and arrays: no typed arrays, NaN or Infinity; a missing number is
// null next to a `reason`).

export type ShadowTask = "binary_classification" | "multiclass_classification" | "regression";
export type ShadowRole = "champion" | "challenger";

/** Per event and version: 0 = no prediction recorded, 1 = ok, 2 = error, 3 = timeout. */
export const SHADOW_CALL_STATUS = { missing: 0, ok: 1, error: 2, timeout: 3 } as const;

/** A version's benchmark value of one metric with its bootstrap interval (null: not measured). */
export interface BenchmarkMetricInterval {
  value: number;
  lower: number;
  upper: number;
  level: number;
}

/** That version's predictions and labels on the benchmark dataset (same encoding as production). */
export interface ShadowReference<L extends Float64Array | Int32Array> {
  /** binary: positive-class score; multiclass: m·K row-major probabilities; regression: value. */
  predictions: Float64Array;
  /** Same encoding as the production labels; unlabelled rows (NaN / −1) are skipped where a label is needed. */
  labels: L;
}

export interface ShadowVersionInput<L extends Float64Array | Int32Array = Float64Array | Int32Array> {
  modelVersionId: string;
  role: ShadowRole;
  /** Per event; binary: positive-class score in [0, 1]; multiclass: n·K row-major probabilities; regression: value. Read only where status = ok. */
  predictions: Float64Array;
  /** Per event, SHADOW_CALL_STATUS. */
  status: Uint8Array;
  /** Per event; NaN = unknown. */
  latencyMs: Float64Array;
  reference?: ShadowReference<L>;
  /** Benchmark metric values of this version (keys: metric names), for the gap. */
  benchmark?: Readonly<Record<string, BenchmarkMetricInterval | null>>;
}

/** Features of the events and of the benchmark dataset, for drift (numeric: Float64Array with NaN missing; categorical: strings with null missing). */
export interface ShadowFeatures {
  names: readonly string[];
  /** Columns aligned to the events (all events of the window). */
  production: Readonly<Record<string, DriftColumn>>;
  /** Columns of the benchmark dataset. */
  reference: Readonly<Record<string, DriftColumn>>;
}

interface ShadowSnapshotInputBase {
  /** Confidence level of every interval (default 0.95); α = 1 − level. */
  level?: number;
  /** 1-based index of this snapshot among the evaluation's snapshots (spends α_k = α·6/(π²k²) on the bootstraps). */
  look: number;
  /** Seeds every bootstrap and the CBPE calibration check. */
  seed: number | bigint;
  /** Snapshot time (ms since epoch), for label maturity. */
  nowMs: number;
  /** Bootstrap replicates of the metric intervals (default 1000). */
  resamples?: number;
  /**
   * Replicates of the CBPE label-free interval (default 200): CBPE draws every matched
   * event's label twice per replicate, ~2 s per 1000 replicates at 10^5 events, and its
   * interval is a pre-label indication, so it gets fewer.
   */
  labelFreeResamples?: number;
  /** Event time (ms) per event, non-decreasing: the fixed order the confidence sequences read. */
  eventTimeMs: Float64Array;
  /** Label arrival time (ms) per event, NaN when unlabelled; for the median label lag. */
  labelTimeMs?: Float64Array;
  features?: ShadowFeatures;
}

export interface BinaryShadowInput extends ShadowSnapshotInputBase {
  task: "binary_classification";
  /** Per event: 0/1, NaN = unlabelled. */
  labels: Float64Array;
  /** Predicted positive when score ≥ threshold (default 0.5). */
  threshold?: number;
  /** The benchmark's decision costs; enables `cost`. */
  costMatrix?: CostMatrix;
  versions: readonly ShadowVersionInput<Float64Array>[];
}

export interface MulticlassShadowInput extends ShadowSnapshotInputBase {
  task: "multiclass_classification";
  /** Class names; class k is column k of the probabilities. K ≥ 2. */
  classes: readonly string[];
  /** Per event: class index 0..K−1, −1 = unlabelled. */
  labels: Int32Array;
  versions: readonly ShadowVersionInput<Int32Array>[];
}

export interface RegressionShadowInput extends ShadowSnapshotInputBase {
  task: "regression";
  /** Per event: the value, NaN = unlabelled. */
  labels: Float64Array;
  versions: readonly ShadowVersionInput<Float64Array>[];
}

export type ShadowSnapshotInput = BinaryShadowInput | MulticlassShadowInput | RegressionShadowInput;

// ---------------------------------------------------------------- output

export interface ShadowVersionCounts {
  modelVersionId: string;
  role: ShadowRole;
  ok: number;
  error: number;
  timeout: number;
  /** No prediction recorded (status 0). */
  missing: number;
}

export interface ShadowCounts {
  events: number;
  /** Events where every version's status is ok. */
  matched: number;
  /** Matched events with a label. */
  labelled: number;
  /** Events with a label, matched or not. */
  labelledEvents: number;
  versions: ShadowVersionCounts[];
}

export interface ShadowAgreement {
  championId: string;
  challengerId: string;
  /** Matched events compared. */
  n: number;
  /** Classification: share of matched events with the same decision (binary: at the threshold; multiclass: same argmax). */
  decisionAgreement: number | null;
  /** Regression: mean absolute difference of the predictions. */
  meanAbsoluteDifference: number | null;
  /** Regression: Pearson correlation of the predictions (null when either is constant). */
  correlation: number | null;
  reason: string | null;
}

/** Two-sample comparison of score distributions (KS as scipy ks_2samp, PSI on the first side's deciles). */
export interface ScoreShift {
  ksStatistic: number | null;
  ksPValue: number | null;
  psi: number | null;
  wasserstein: number | null;
  /** Sizes of the first (reference / champion) and second (production / challenger) samples. */
  n: { reference: number; current: number };
  reason: string | null;
}

export interface ShadowPredictionShift {
  /** Per version: its matched production scores vs its reference predictions (multiclass: top-label probability). */
  versions: Array<{ modelVersionId: string; role: ShadowRole; shift: ScoreShift }>;
  /** Per challenger: its matched production scores vs the champion's on the same events (descriptive: the samples are paired, not independent). */
  challengers: Array<{ championId: string; challengerId: string; shift: ScoreShift }>;
}

export interface ShadowLabelFreeMetric {
  estimate: number;
  lower: number;
  upper: number;
  level: number;
}

export type ShadowLabelFree =
  | {
      modelVersionId: string;
      status: "estimated";
      n: number;
      calibrated: boolean;
      referenceEce: number;
      outsideReferenceRange: number;
      metrics: Partial<Record<LabelFreeMetricName, ShadowLabelFreeMetric>>;
      /** Metrics without an estimate, with why. */
      problems: Partial<Record<LabelFreeMetricName, string>>;
    }
  | { modelVersionId: string; status: "refused"; code: LabelFreeRefusalCode; reason: string }
  | { modelVersionId: string; status: "no_reference" | "not_applicable" | "no_events"; reason: string };

export interface ShadowLatency {
  modelVersionId: string;
  role: ShadowRole;
  /** Ok calls with a known latency. */
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
  /** Events where the version was called (status ok, error or timeout). */
  calls: number;
  errorRate: number | null;
  timeoutRate: number | null;
}

export type ShadowIntervalMethod = "confidence_sequence" | "bootstrap_alpha_spending";

/** One metric measured in shadow, with its anytime-valid interval. */
export interface ShadowMetricInterval {
  value: number | null;
  lower: number | null;
  upper: number | null;
  /** Nominal level 1 − α of the whole sequence of snapshots. */
  level: number;
  /** Level the interval was computed at: 1 − α (confidence sequence) or 1 − α_k (spent bootstrap). */
  intervalLevel: number;
  method: ShadowIntervalMethod;
  /** Labelled matched events used. */
  n: number;
  /** Why value or interval is null; null when both are present. */
  reason: string | null;
}

export interface ShadowVersionMetrics {
  modelVersionId: string;
  role: ShadowRole;
  n: number;
  /** Keyed by metric name, in SHADOW_METRICS[task] order. */
  metrics: Record<string, ShadowMetricInterval>;
}

export type ShadowDecision = "challenger_better" | "champion_better" | "undecided";

/** An anytime-valid paired comparison of one metric (challenger − champion, in metric units). */
export interface ShadowPairedComparison {
  metric: string;
  challengerMinusChampion: number | null;
  lower: number | null;
  upper: number | null;
  level: number;
  method: "paired_confidence_sequence";
  n: number;
  decision: ShadowDecision;
  /** Per-row loss bound B of the sequence, and losses clipped to it. */
  lossBound: number | null;
  clipped: number;
  reason: string | null;
}

export interface ShadowDifference {
  championId: string;
  challengerId: string;
  n: number;
  comparisons: ShadowPairedComparison[];
  /** Fixed-sample McNemar exact test of the accuracies (for information; not anytime-valid). */
  mcnemar: { pValue: number; onlyChampionCorrect: number; onlyChallengerCorrect: number; n: number } | null;
  /** Fixed-sample DeLong test of the ROC AUCs (binary; for information; not anytime-valid). */
  delong: { pValue: number; z: number | null; aucChampion: number; aucChallenger: number; degenerate: boolean } | null;
  reasons: string[];
}

export interface ShadowSampleSize {
  championId: string;
  challengerId: string;
  accuracy: {
    /** Observed P(champion wrong, challenger right) and P(champion right, challenger wrong). */
    p01: number;
    p10: number;
    /** Labelled pairs McNemar's test needs (power 0.8, two-sided α), and how many more than so far. */
    required: number;
    further: number;
  } | null;
  accuracyReason: string | null;
  rocAuc: {
    difference: number;
    requiredPositives: number;
    requiredNegatives: number;
    furtherPositives: number;
    furtherNegatives: number;
  } | null;
  rocAucReason: string | null;
}

export interface ShadowReliabilityBin {
  bin: number;
  lower: number;
  upper: number;
  count: number;
  meanPredicted: number | null;
  observedRate: number | null;
}

export interface ShadowCalibration {
  modelVersionId: string;
  role: ShadowRole;
  n: number;
  /** 15 equal-width bins; multiclass: top-label probability vs top-label correctness. */
  ece: number | null;
  bins: ShadowReliabilityBin[];
  reason: string | null;
}

export interface ShadowCost {
  modelVersionId: string;
  role: ShadowRole;
  n: number;
  expectedCost: number | null;
  lower: number | null;
  upper: number | null;
  level: number;
  method: "confidence_sequence";
  reason: string | null;
}

export interface ShadowMaturityBucket {
  /** "≤1h", "≤6h", "≤24h", "≤3d", "≤7d", "≤30d", ">30d". */
  label: string;
  /** Upper bound of the event age (ms, inclusive); null for the last bucket. */
  maxAgeMs: number | null;
  events: number;
  labelled: number;
  shareLabelled: number | null;
  /** Over all events at most this old. */
  cumulativeEvents: number;
  cumulativeLabelled: number;
  cumulativeShareLabelled: number | null;
}

export interface ShadowLabelMaturity {
  events: number;
  labelled: number;
  shareLabelled: number | null;
  buckets: ShadowMaturityBucket[];
  /** Median of label time − event time over labelled events with a known label time (ms). */
  medianLabelLagMs: number | null;
  labelLagReason: string | null;
}

export interface ShadowWarning {
  code: string;
  message: string;
}

export interface ShadowDrift {
  /** Production vs reference per feature column that could be compared (drift/driftReport). */
  report: DriftReport | null;
  /** Columns that could not be compared (e.g. every value missing on a side), with why. */
  problems: Record<string, string>;
  reason: string | null;
}

export interface ShadowGapEntry {
  metric: string;
  benchmark: BenchmarkMetricInterval | null;
  shadow: { value: number; lower: number; upper: number; level: number } | null;
  /** benchmark − shadow. */
  gap: number | null;
  /** [b.lower − s.upper, b.upper − s.lower]: covers whenever both intervals cover. */
  lower: number | null;
  upper: number | null;
  /** 1 − (1 − b.level) − (1 − s.level): the union bound on that. */
  coverageAtLeast: number | null;
  reason: string | null;
}

export interface ShadowGap {
  modelVersionId: string;
  role: ShadowRole;
  metrics: ShadowGapEntry[];
}

export interface ShadowSnapshotResult {
  task: ShadowTask;
  look: number;
  level: number;
  /** α_k spent by the bootstraps at this look. */
  alphaSpent: number;
  /** Binary decision threshold; null for other tasks. */
  threshold: number | null;
  nowMs: number;
  counts: ShadowCounts;
  agreement: ShadowAgreement[];
  predictionShift: ShadowPredictionShift;
  labelFree: ShadowLabelFree[];
  latency: ShadowLatency[];
  metrics: ShadowVersionMetrics[];
  difference: ShadowDifference[];
  sampleSize: ShadowSampleSize[];
  calibration: ShadowCalibration[];
  /** Binary with a cost matrix; empty otherwise. */
  cost: ShadowCost[];
  labelMaturity: ShadowLabelMaturity;
  /** null when no features were given. */
  drift: ShadowDrift | null;
  gap: ShadowGap[];
  warnings: ShadowWarning[];
}
