/**
 * What the web shows of a shadow evaluation (REST GET /api/v1/shadow-evaluations/{id} and the
 * shadow page): the latest snapshot, flattened from the core's ShadowSnapshotResult. Type-only,
 * so client components can import it.
 */
export type Interval = [number, number] | null;

export interface ShadowVersionView {
  modelVersionId: string;
  role: "champion" | "challenger";
  /** "model name version", for labels. */
  label: string;
  metrics: Record<string, number | null>;
  /** Anytime-valid intervals at the evaluation's level. */
  intervals: Record<string, Interval>;
  /** Labelled matched events the metrics are computed on. */
  n: number;
  /** Label-free estimate per metric (binary), before labels arrive. */
  labelFree: {
    status: string;
    reason?: string;
    metrics: Record<string, { estimate: number; interval: Interval }>;
  } | null;
  calibration: {
    ece: number | null;
    bins: { count: number; meanPredicted: number | null; observedRate: number | null }[];
  } | null;
  cost: { perDecision: number | null; interval: Interval } | null;
}

export interface ShadowDifferenceView {
  challengerVersionId: string;
  /** The metric the paired confidence sequence compares (e.g. accuracy, brier_score). */
  metric: string;
  challengerMinusChampion: number | null;
  interval: Interval;
  decision: "challenger_better" | "champion_better" | "undecided" | null;
  /** Fixed-sample test p-values, for information (McNemar, DeLong). */
  pValues: Record<string, number | null>;
  agreement: number | null;
  /** Further labelled events needed to decide (sample-size estimate); null with `furtherLabelsReason`. */
  furtherLabels: number | null;
  furtherLabelsReason?: string;
}

export interface ShadowLatencyView {
  modelVersionId: string;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  errorRate: number | null;
  timeoutRate: number | null;
  calls: number;
}

export interface ShadowGapView {
  modelVersionId: string;
  metric: string;
  benchmark: number | null;
  shadow: number | null;
  /** benchmark − shadow */
  gap: number | null;
  interval: Interval;
  reason?: string;
}

export interface LabelMaturityBucket {
  /** "≤ 1 h", "≤ 6 h", … */
  label: string;
  events: number;
  labelled: number;
  share: number | null;
  cumulativeShare: number | null;
}

export interface DriftFeatureView {
  feature: string;
  kind: "numeric" | "categorical";
  /** KS statistic (numeric) or chi-square statistic (categorical). */
  statistic: number | null;
  pValue: number | null;
  psi: number | null;
  js: number | null;
  missing: number;
}

/** How a version's production scores are distributed against a reference (KS as scipy ks_2samp, PSI on the reference's deciles). */
export interface PredictionShiftView {
  /** "v1 vs its benchmark predictions", "challenger vs champion". */
  comparison: string;
  modelVersionId: string;
  against: "benchmark" | "champion";
  ks: number | null;
  pValue: number | null;
  psi: number | null;
  reason: string | null;
}

export interface ShadowEvaluationView {
  id: string;
  status: "queued" | "running" | "succeeded" | "failed";
  continuous: boolean;
  window: { from: string | null; to: string | null };
  progress: number;
  error?: string;
  level: number;
  threshold: number;
  task: string;
  benchmark: { id: string; name: string; version: number } | null;
  snapshot: { sequence: number; scoredAt: string } | null;
  /** As of the latest snapshot: events in the window, matched (every version answered), labelled = matched with a label; labelledEvents = events with a label. */
  counts: { events: number; labelled: number; matched: number; labelledEvents: number };
  /** Ingested for the window right now (the snapshot counts are as of its scoring). */
  live: { events: number; labelled: number };
  medianLabelLagMs: number | null;
  versions: ShadowVersionView[];
  difference: ShadowDifferenceView[];
  latency: ShadowLatencyView[];
  gap: ShadowGapView[];
  labelMaturity: LabelMaturityBucket[];
  drift: DriftFeatureView[];
  predictionShift: PredictionShiftView[];
  warnings: { code: string; message: string }[];
}

/** One snapshot's headline numbers, for the over-time charts (oldest first). */
export interface ShadowSeriesPoint {
  sequence: number;
  scoredAt: string;
  events: number;
  labelled: number;
  /** The headline metric per version (roc_auc, accuracy or mae by task) with its interval. */
  versions: { modelVersionId: string; metric: string; value: number | null; interval: Interval }[];
  gap: { modelVersionId: string; metric: string; gap: number | null; interval: Interval }[];
  difference: { challengerVersionId: string; metric: string; value: number | null; interval: Interval }[];
}
