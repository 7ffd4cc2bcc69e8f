import { type BootstrapInterval, MetricUndefinedError } from "@fieldtest/core";
import type { BootstrapChoice } from "../options/parse-options.ts";

/** Every metric of a task on one set of rows: a value, or null with the reason. */
export interface MetricValues {
  values: Record<string, number | null>;
  reasons: Record<string, string>;
}

/** What the report keeps of one metric's bootstrap interval. */
export type MetricInterval = Pick<BootstrapInterval, "lower" | "upper" | "redraws" | "dropped">;

/** Per metric: its interval, or the MetricUndefinedError that left it without one. */
export type IntervalOutcomes = Record<string, MetricInterval | MetricUndefinedError>;

/** One task's metrics on one set of rows, as core computes them. */
export interface TaskEvaluator {
  readonly names: readonly string[];
  readonly rows: number;
  metrics(): MetricValues;
  /** Seeded percentile bootstrap intervals of `names` (each defined on the rows); `status` reports progress. */
  intervals(names: readonly string[], choice: BootstrapChoice, status?: (text: string) => void): IntervalOutcomes;
}

/**
 * `TaskEvaluator.intervals` from a bootstrap of one metric at a time (multiclass and
 * regression): one bootstrap per metric, so an undefined one does not hide the others.
 */
export function intervalsOneByOne(
  rows: number,
  interval: (name: string, choice: BootstrapChoice) => BootstrapInterval,
): TaskEvaluator["intervals"] {
  return (names, choice, status) => {
    const outcomes: IntervalOutcomes = {};
    for (const [step, name] of names.entries()) {
      status?.(`bootstrap ${name} (${step + 1}/${names.length}, ${choice.resamples} resamples of ${rows} rows)`);
      try {
        outcomes[name] = interval(name, choice);
      } catch (error) {
        if (!(error instanceof MetricUndefinedError)) throw error;
        outcomes[name] = error;
      }
    }
    return outcomes;
  };
}

/**
 * MetricValues from a core function that computes a list of metrics and throws
 * MetricUndefinedError when any one is undefined: all at once first, then one by one so
 * an undefined metric does not hide the others.
 */
export function metricsOneByOne(
  names: readonly string[],
  compute: (names: readonly string[]) => number[],
): MetricValues {
  const values: Record<string, number | null> = {};
  const reasons: Record<string, string> = {};
  try {
    const all = compute(names);
    names.forEach((name, i) => {
      values[name] = all[i] as number;
    });
    return { values, reasons };
  } catch (error) {
    if (!(error instanceof MetricUndefinedError)) throw error;
  }
  for (const name of names) {
    try {
      values[name] = compute([name])[0] as number;
    } catch (error) {
      if (!(error instanceof MetricUndefinedError)) throw error;
      values[name] = null;
      reasons[name] = error.message;
    }
  }
  return { values, reasons };
}

export interface BootstrapSummary {
  level: number;
  resamples: number;
  seed: number;
  /** Per metric: resamples drawn again because the metric was undefined on them. */
  redraws: Record<string, number>;
  /** Per metric: replicates given up after too many redraws (not in the interval). */
  dropped: Record<string, number>;
}

export interface MetricsReport {
  n: number;
  /** null when the metric is undefined on the rows (the reason is in `undefined`). */
  metrics: Record<string, number | null>;
  /** [lower, upper] per metric; empty when bootstrapping is off (--bootstrap 0). */
  intervals: Record<string, [number, number] | null>;
  bootstrap: BootstrapSummary | null;
  /** Why a metric or its interval is undefined, by metric. */
  undefined?: Record<string, string>;
}

/** Computes every metric (and, unless resamples is 0, its interval) of one evaluator. */
export function buildMetricsReport(
  evaluator: TaskEvaluator,
  choice: BootstrapChoice,
  status?: (text: string) => void,
): MetricsReport {
  const { names } = evaluator;
  const { values: metrics, reasons } = evaluator.metrics();

  const intervals: Record<string, [number, number] | null> = {};
  let bootstrap: BootstrapSummary | null = null;
  if (choice.resamples > 0) {
    bootstrap = { level: choice.level, resamples: choice.resamples, seed: choice.seed, redraws: {}, dropped: {} };
    const defined = names.filter((name) => metrics[name] !== null);
    const outcomes = defined.length > 0 ? evaluator.intervals(defined, choice, status) : {};
    for (const name of names) {
      const outcome = outcomes[name];
      if (outcome === undefined || outcome instanceof MetricUndefinedError) {
        intervals[name] = null;
        if (outcome !== undefined) reasons[name] = `interval: ${outcome.message}`;
        continue;
      }
      intervals[name] = [outcome.lower, outcome.upper];
      bootstrap.redraws[name] = outcome.redraws;
      bootstrap.dropped[name] = outcome.dropped;
    }
  }
  const report: MetricsReport = { n: evaluator.rows, metrics, intervals, bootstrap };
  if (Object.keys(reasons).length > 0) report.undefined = reasons;
  return report;
}
