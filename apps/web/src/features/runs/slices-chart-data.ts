// Relative, not "~/": the unit tests run under vitest, which has no "~" alias.
import { formatCount, formatMetric } from "../../lib/format";
import {
  finiteOrNull,
  intervalLegend,
  isUnitIntervalMetric,
  lowerIsBetter,
  niceAxis,
  type SliceColumn,
  slicesWorstFirst,
} from "./run-results-view";

/** Slices drawn in one chart at most; the table below always lists every slice. */
export const SLICE_CHART_CAP = 40;
const LABEL_CHARS = 28;

/** One bar of the per-slice chart: the lead metric of one slice, its interval as error offsets. */
export interface SliceBar {
  key: string;
  slice: string;
  /** The category tick: the slice, shortened, plus "worst" / "insufficient" in words. */
  label: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  /** [value − lower, upper − value] for ErrorBar; null draws no error bar. */
  error: [number, number] | null;
  n: number;
  insufficient: boolean;
  worst: boolean;
  /** value − whole test set; null when either is missing. */
  delta: number | null;
  /** "0.612 · n = 412" beside the bar. */
  valueText: string;
}

export interface SliceChartData {
  column: string;
  metric: string;
  rows: SliceBar[];
  total: number;
  worst: SliceBar | null;
  overall: number | null;
  domain: [number, number];
  ticks: number[];
  /** "95% bootstrap CI" (or "bootstrap CI" without a stored level), or null when no slice has an interval. */
  intervalName: string | null;
  insufficient: number;
  withoutValue: number;
  minSliceSize: number;
}

export function shortLabel(text: string, max = LABEL_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The lead metric of one slice column as chart rows, worst first (the table's order: sufficient
 * slices by value, then those without a value, then insufficient ones), capped at `cap`. Missing,
 * NaN or infinite values are gaps (no bar), broken intervals no error bar.
 */
export function sliceChartData(opts: {
  column: SliceColumn;
  metric: string;
  overall: number | null | undefined;
  minSliceSize: number;
  cap?: number;
}): SliceChartData {
  const { column, metric, minSliceSize, cap = SLICE_CHART_CAP } = opts;
  const worstEntry = column.worst.find((w) => w.metric === metric);
  const overall = finiteOrNull(opts.overall ?? worstEntry?.overall);
  const ordered = slicesWorstFirst(column, metric);
  let level: number | null = null;
  let anyInterval = false;
  const all = ordered.map((s): SliceBar => {
    const m = s.metrics.find((x) => x.metric === metric);
    const value = finiteOrNull(m?.value);
    let lower = finiteOrNull(m?.lower);
    let upper = finiteOrNull(m?.upper);
    if (value === null || lower === null || upper === null || lower > upper) {
      lower = null;
      upper = null;
    } else {
      anyInterval = true;
      level ??= finiteOrNull(m?.level);
    }
    const worst =
      !s.insufficient &&
      worstEntry?.slice != null &&
      (worstEntry.key != null ? worstEntry.key === s.key : worstEntry.slice === s.slice);
    const tags = [worst ? "worst" : null, s.insufficient ? "insufficient" : null, value === null ? "no value" : null]
      .filter(Boolean)
      .join(", ");
    return {
      key: s.key,
      slice: s.slice,
      label: tags ? `${shortLabel(s.slice)} (${tags})` : shortLabel(s.slice),
      value,
      lower,
      upper,
      error: value !== null && lower !== null && upper !== null ? [value - lower, upper - value] : null,
      n: s.n,
      insufficient: s.insufficient,
      worst,
      delta: value !== null && overall !== null ? value - overall : null,
      valueText: value === null ? "" : `${formatMetric(value)} · n = ${formatCount(s.n)}`,
    };
  });
  const rows = all.slice(0, Math.max(0, cap));
  return {
    column: column.column,
    metric,
    rows,
    total: all.length,
    worst: all.find((r) => r.worst) ?? null,
    overall,
    ...valueAxis(
      [...rows.flatMap((r) => [r.value, r.lower, r.upper]), overall].filter((x): x is number => x !== null),
      isUnitIntervalMetric(metric),
    ),
    intervalName: anyInterval ? intervalLegend(level) : null,
    insufficient: all.filter((r) => r.insufficient).length,
    withoutValue: all.filter((r) => r.value === null).length,
    minSliceSize,
  };
}

const UNIT_AXIS = { domain: [0, 1] as [number, number], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] };

/** A bar axis with round ticks: from zero (or below, for negative values) past the largest value; 0–1 for 0–1 metrics. */
export function valueAxis(
  values: readonly number[],
  unitInterval: boolean,
): { domain: [number, number]; ticks: number[] } {
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  if (unitInterval && lo >= 0 && hi <= 1) return UNIT_AXIS;
  if (hi === lo) return UNIT_AXIS;
  return niceAxis(lo, hi);
}

/** The figure caption: the conclusion with numbers (worst slice against the whole test set), then what is drawn how. */
export function sliceCaption(data: SliceChartData): string {
  const { worst, metric, overall } = data;
  const parts: string[] = [];
  if (worst && worst.value !== null) {
    const interval =
      worst.lower !== null && worst.upper !== null
        ? ` [${formatMetric(worst.lower)}, ${formatMetric(worst.upper)}]`
        : "";
    const against =
      worst.delta === null || overall === null
        ? ""
        : worst.delta === 0
          ? `, equal to the whole test set (${formatMetric(overall)})`
          : `, ${formatMetric(Math.abs(worst.delta))} ${worst.delta < 0 ? "below" : "above"} the whole test set (${formatMetric(overall)})`;
    parts.push(
      `Worst slice: ${data.column}=${worst.slice}, ${metric} ${formatMetric(worst.value)}${interval}, n = ${formatCount(worst.n)}${against}.`,
    );
  } else {
    parts.push(
      `No slice of ${data.column} has enough rows (${formatCount(data.minSliceSize)}) and a defined ${metric} to be called worst.`,
    );
  }
  parts.push(
    `${formatCount(data.total)} slices, worst first (${lowerIsBetter(metric) ? "lower" : "higher"} ${metric} is better).`,
  );
  if (data.insufficient > 0) {
    parts.push(
      `${formatCount(data.insufficient)} with fewer than ${formatCount(data.minSliceSize)} rows ${data.insufficient === 1 ? "is" : "are"} insufficient: hatched, without an interval.`,
    );
  }
  if (data.withoutValue > 0) {
    parts.push(`${formatCount(data.withoutValue)} without a defined ${metric} (no bar).`);
  }
  if (data.rows.length < data.total) {
    parts.push(`The chart shows the first ${data.rows.length} of ${formatCount(data.total)}; the table lists all.`);
  }
  parts.push(data.intervalName ? `Error bars: ${data.intervalName}.` : "No slice has an interval.");
  return parts.join(" ");
}
