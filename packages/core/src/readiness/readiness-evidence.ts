import type { MetricName } from "../realism/metric-direction.ts";

/**
 * The evidence a ReadinessPolicy is judged against: plain data the shells assemble from
 * runs (benchmark, shadow, stress) before calling `evaluateGates`. Everything is optional;
 * a gate whose evidence is absent is insufficient_evidence, never pass.
 */
export interface ReadinessEvidence {
  /** This version on its benchmark (fixed sample). */
  benchmark?: SourceEvidence;
  /** This version as challenger in a shadow evaluation (evidence that accumulates). */
  shadow?: ShadowEvidence;
  /** Gap per metric: benchmark − shadow, with its interval. */
  gap?: GapEvidence;
  /** Stress runs on the benchmark. */
  stress?: StressEvidence;
  /** Feature drift of live traffic against the reference. */
  drift?: DriftEvidence;
}

/**
 * `fixed_sample`: a bootstrap or other interval valid for one look at one sample.
 * `anytime_valid`: a confidence sequence, valid however often it is re-checked; shadow
 * metric gates require it.
 */
export type EvidenceIntervalKind = "fixed_sample" | "anytime_valid";

/** A measured quantity: point value, two-sided interval at `level`, and the n behind it. */
export interface EvidenceEstimate {
  /** The point estimate: reported, never used to decide an interval gate. */
  value: number;
  /** [lower, upper]; null when it could not be computed (the gate is then insufficient). */
  interval: readonly [number, number] | null;
  /** Confidence level of `interval`, e.g. 0.95. */
  level: number;
  intervalKind: EvidenceIntervalKind;
  /** Labelled rows (benchmark) or labelled events (shadow) the estimate rests on. */
  n: number;
}

/** Common header of every evidence block. */
export interface EvidenceBlock {
  /** ISO 8601 time the evidence was computed (end of the run or window). */
  asOf: string;
  /** EvaluationRun ids the block came from, copied into each gate result. */
  runIds?: readonly string[];
}

export interface SourceEvidence extends EvidenceBlock {
  /** Labelled rows (benchmark) or labelled events (shadow). */
  labelledCount: number;
  /** This version's metrics. */
  metrics: Partial<Record<MetricName, EvidenceEstimate>>;
  /**
   * The production version (the champion, in shadow) on the same rows or requests.
   * Relative gates decide on `differences`; without them they are insufficient.
   */
  production?: ProductionEvidence;
  latency?: LatencyEvidence;
  slices?: readonly SliceEvidence[];
  /** Expected cost per decision under the benchmark's cost matrix. */
  decisionCost?: EvidenceEstimate;
}

export interface ProductionEvidence {
  modelVersionId?: string;
  /** Production's own metrics, shown beside the difference. */
  metrics: Partial<Record<MetricName, EvidenceEstimate>>;
  /**
   * This version − production per metric, paired on the same rows (paired bootstrap on a
   * benchmark, paired confidence sequence in shadow).
   */
  differences: Partial<Record<MetricName, EvidenceEstimate>>;
}

export interface ShadowEvidence extends SourceEvidence {
  /** Labelled share of shadow events by minimum event age; the shell computes the ages its policy asks for. */
  labelMaturity?: readonly LabelMaturityEvidence[];
}

export interface LabelMaturityEvidence {
  /** Events at least this many hours old at `asOf`. */
  minEventAgeHours: number;
  eventCount: number;
  labelledCount: number;
}

/** This version's latency percentiles in milliseconds, and how many calls they come from. */
export interface LatencyEvidence {
  n: number;
  percentilesMs: Partial<Record<"p50" | "p90" | "p95" | "p99", number>>;
}

/** One slice (`column` = `value`) with its metrics; each EvidenceEstimate carries the slice's n. */
export interface SliceEvidence {
  column: string;
  value: string;
  metrics: Partial<Record<MetricName, EvidenceEstimate>>;
}

export interface GapEvidence extends EvidenceBlock {
  /** benchmark − shadow per metric (DESIGN.md's Gap). */
  metrics: Partial<Record<MetricName, EvidenceEstimate>>;
}

export interface StressEvidence extends EvidenceBlock {
  tests: readonly StressTestEvidence[];
}

export interface StressTestEvidence {
  /** Name of the stress test ("gaussian_noise", "missing_values", …). */
  test: string;
  metric: MetricName;
  /** Stressed − clean value of the metric, with its interval; the gate orients it by direction. */
  change: EvidenceEstimate;
}

export interface DriftEvidence extends EvidenceBlock {
  features: Readonly<Record<string, FeatureDriftEvidence>>;
}

/** One column's drift, with the names the drift report uses. */
export interface FeatureDriftEvidence {
  type: "numeric" | "categorical";
  referenceN: number;
  currentN: number;
  psi?: number;
  js_distance?: number;
  /** Numeric columns only. */
  ks_statistic?: number;
  /** Numeric columns only. */
  wasserstein?: number;
}
