import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { type BinaryEvaluation, binaryEvaluation, type MetricProblem } from "../metrics/binary-evaluation.ts";
import {
  BINARY_METRICS,
  type BinaryMetricName,
  isBinaryMetricName,
  PROBABILITY_METRICS,
} from "../metrics/binary-metric-names.ts";
import {
  describeNonProbabilities,
  validateBinaryInputs,
  validateThreshold,
} from "../metrics/validate-binary-inputs.ts";
import { type BootstrapSettings, resolveSettings } from "../uncertainty/run-bootstrap.ts";
import { isWorse, METRIC_DIRECTION, type MetricDirection } from "./metric-direction.ts";
import { encodeSlices, type SliceColumn } from "./slice-codes.ts";
import { type MetricInterval, metricInterval } from "./slice-interval.ts";

export interface SliceMetricsOptions {
  labels: Float64Array;
  scores: Float64Array;
  /** The slice of each row (see SliceColumn); a missing value is the "(missing)" slice. */
  slices: SliceColumn;
  /** Predicted positive when score >= threshold. */
  threshold: number;
  /** At least one binary metric, each once. */
  metrics: readonly BinaryMetricName[];
  /** Slices with fewer rows are marked insufficient (still reported); default 1. */
  minSliceSize?: number;
  /**
   * When given, a seeded percentile bootstrap interval (bootstrapInterval) for every
   * defined metric, overall and on each sufficient slice; every group uses this seed.
   */
  bootstrap?: BootstrapSettings;
}

/** Metrics of one group of rows. */
export interface GroupMetrics {
  n: number;
  positives: number;
  negatives: number;
  /** The requested metrics; null exactly when `problems` names the metric. */
  metrics: Partial<Record<BinaryMetricName, number | null>>;
  /** Why a metric has no value here (e.g. roc_auc on a slice with one class). */
  problems: Partial<Record<BinaryMetricName, MetricProblem>>;
  /** With `bootstrap`: the interval of each defined metric (none on insufficient slices). */
  intervals?: Partial<Record<BinaryMetricName, MetricInterval>>;
  /** With `bootstrap`: why a defined metric has no interval (undefined on every resample). */
  intervalProblems?: Partial<Record<BinaryMetricName, string>>;
}

export interface SliceMetrics extends GroupMetrics {
  slice: string;
  /** True for the "(missing)" slice: rows without a slice value. */
  missing: boolean;
  /** n < minSliceSize: reported, but never chosen as the worst slice. */
  insufficient: boolean;
}

export interface WorstSlice {
  slice: string;
  value: number;
  /** The slice's row count. */
  n: number;
  direction: MetricDirection;
  /** The same metric on all rows (null when undefined there). */
  overall: number | null;
  /** How many slices were eligible: sufficient, with a defined value. */
  compared: number;
  /** With `bootstrap`: the worst slice's interval for the metric. */
  interval?: MetricInterval;
}

export interface SliceMetricsResult {
  threshold: number;
  minSliceSize: number;
  overall: GroupMetrics;
  slices: SliceMetrics[];
  /** Per requested metric; null when no sufficient slice has a defined value. */
  worst: Partial<Record<BinaryMetricName, WorstSlice | null>>;
}

const NAME = "sliceMetrics";

/**
 * Binary metrics per slice, overall, and the worst slice per metric.
 * - Each slice is evaluated by binaryEvaluation on its own rows: a metric undefined there
 *   (one class for roc_auc, no rows) is null with its reason, never NaN and never dropped.
 * - Rows whose slice value is missing form the "(missing)" slice, counted like any other.
 * - Slices with n < minSliceSize are reported with `insufficient: true`; their metrics are
 *   computed but they cannot be the worst slice (a 3-row slice with AUC 0 is noise, and
 *   the flag and n let a reader see it anyway).
 * - Worst = the eligible slice whose value is worst by METRIC_DIRECTION; ties go to the
 *   larger slice (more evidence), then to the earlier slice in slice order.
 * - With `bootstrap`, intervals come from bootstrapInterval on each group's own rows
 *   (overall and sufficient slices only: an interval on a slice too small to judge would
 *   lend it a precision it does not have).
 * Errors (InvalidInputError) as evaluateBinary: bad columns, unknown or repeated metrics,
 * probability metrics on scores outside [0, 1]; and a slice column of the wrong length.
 */
export function sliceMetrics(opts: SliceMetricsOptions): SliceMetricsResult {
  const { labels, scores, threshold, metrics, bootstrap } = opts;
  const minSliceSize = opts.minSliceSize ?? 1;
  if (bootstrap !== undefined) resolveSettings(bootstrap); // refuses bad settings before any work
  validateBinaryInputs(labels, scores);
  validateThreshold(threshold);
  validateMetrics(metrics, scores);
  if (!(Number.isSafeInteger(minSliceSize) && minSliceSize >= 1)) {
    throw new InvalidInputError(`${NAME}: minSliceSize must be an integer ≥ 1, got ${String(minSliceSize)}`);
  }
  const n = labels.length;
  const { codes, names, missingCode, counts } = encodeSlices(opts.slices, n, NAME);

  // Counting sort of rows by slice: each slice's rows are contiguous, in row order.
  const offsets = new Int32Array(names.length + 1);
  for (let k = 0; k < names.length; k++) offsets[k + 1] = (offsets[k] as number) + (counts[k] as number);
  const cursor = offsets.slice(0, names.length);
  const y = new Float64Array(n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = codes[i] as number;
    const at = cursor[c] as number;
    cursor[c] = at + 1;
    y[at] = labels[i] as number;
    s[at] = scores[i] as number;
  }

  const evaluate = (l: Float64Array, p: Float64Array, withIntervals: boolean) => {
    const group = pick(binaryEvaluation(l, p, { threshold, maxCurvePoints: 2 }), metrics);
    if (bootstrap !== undefined) attachIntervals(group, { labels: l, scores: p, threshold, bootstrap, withIntervals });
    return group;
  };
  const slices: SliceMetrics[] = names.map((slice, k) => {
    const from = offsets[k] as number;
    const to = offsets[k + 1] as number;
    const insufficient = to - from < minSliceSize;
    return {
      slice,
      missing: k === missingCode,
      insufficient,
      ...evaluate(y.subarray(from, to), s.subarray(from, to), !insufficient),
    };
  });
  const overall = evaluate(labels, scores, true);
  const worst: SliceMetricsResult["worst"] = {};
  for (const metric of metrics) worst[metric] = worstSlice(metric, slices, overall.metrics[metric] ?? null);
  return { threshold, minSliceSize, overall, slices, worst };
}

function validateMetrics(metrics: readonly BinaryMetricName[], scores: Float64Array): void {
  if (!Array.isArray(metrics) || metrics.length === 0) {
    throw new InvalidInputError(`${NAME}: metrics must name at least one of ${BINARY_METRICS.join(", ")}`);
  }
  const seen = new Set<string>();
  for (const metric of metrics) {
    if (!isBinaryMetricName(metric)) {
      throw new InvalidInputError(`unknown binary metric "${metric}"; known: ${BINARY_METRICS.join(", ")}`);
    }
    if (seen.has(metric)) throw new InvalidInputError(`metric "${metric}" is requested twice`);
    seen.add(metric);
  }
  const probabilityMetric = metrics.find((m) => (PROBABILITY_METRICS as readonly string[]).includes(m));
  if (probabilityMetric !== undefined) {
    const problem = describeNonProbabilities(scores);
    if (problem !== null) throw new InvalidInputError(`${probabilityMetric}: ${problem}`);
  }
}

function attachIntervals(
  group: GroupMetrics,
  opts: {
    labels: Float64Array;
    scores: Float64Array;
    threshold: number;
    bootstrap: BootstrapSettings;
    withIntervals: boolean;
  },
): void {
  group.intervals = {};
  group.intervalProblems = {};
  if (!opts.withIntervals) return;
  for (const [metric, value] of Object.entries(group.metrics) as [BinaryMetricName, number | null][]) {
    if (value === null) continue;
    const result = metricInterval({ ...opts, metric });
    if ("interval" in result) group.intervals[metric] = result.interval;
    else group.intervalProblems[metric] = result.problem;
  }
}

function pick(evaluation: BinaryEvaluation, metrics: readonly BinaryMetricName[]): GroupMetrics {
  const values: GroupMetrics["metrics"] = {};
  const problems: GroupMetrics["problems"] = {};
  for (const metric of metrics) {
    values[metric] = evaluation.metrics[metric];
    const problem = evaluation.problems[metric];
    if (problem !== undefined) problems[metric] = problem;
  }
  const { n, positives, negatives } = evaluation;
  return { n, positives, negatives, metrics: values, problems };
}

function worstSlice(metric: BinaryMetricName, slices: SliceMetrics[], overall: number | null): WorstSlice | null {
  let worst: SliceMetrics | undefined;
  let worstValue = 0;
  let compared = 0;
  for (const slice of slices) {
    const value = slice.metrics[metric];
    if (slice.insufficient || value === null || value === undefined) continue;
    compared++;
    const replaces =
      worst === undefined || isWorse(metric, value, worstValue) || (value === worstValue && slice.n > worst.n);
    if (replaces) {
      worst = slice;
      worstValue = value;
    }
  }
  if (worst === undefined) return null;
  const direction = METRIC_DIRECTION[metric];
  const result: WorstSlice = { slice: worst.slice, value: worstValue, n: worst.n, direction, overall, compared };
  const interval = worst.intervals?.[metric];
  if (interval !== undefined) result.interval = interval;
  return result;
}
