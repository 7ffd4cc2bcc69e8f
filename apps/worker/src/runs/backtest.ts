import {
  type BacktestFold,
  type BinaryMetricName,
  InvalidInputError,
  type RollingSplit,
  rollingOriginFolds,
  rollingOriginOptionsOf,
} from "@fieldtest/core";
import { badInput, type FoldsResult } from "@fieldtest/db";
import { groupMetrics, type RowsProtocol } from "./evaluate-rows.ts";
import type { RunMetricValue } from "./run-status.ts";

/**
 * The folds of a rolling-origin backtest (core's rollingOriginFolds on the rows' timestamps).
 * A backtest the data cannot hold (too few rows in a window, no timestamps) is a BAD_INPUT
 * error on `split` with core's explanation.
 */
export function backtestFolds(split: RollingSplit, timestamps: Float64Array | null): BacktestFold[] {
  if (!timestamps) {
    throw badInput("split", "The benchmark uses a rolling backtest, but its dataset version has no timestamp column");
  }
  try {
    return rollingOriginFolds({ timestamps, ...rollingOriginOptionsOf(split) });
  } catch (err) {
    if (err instanceof InvalidInputError) {
      throw badInput("split", `The rolling backtest cannot be cut from this dataset version: ${err.message}`);
    }
    throw err;
  }
}

export interface ScoredFold {
  fold: BacktestFold;
  labels: Float64Array;
  scores: Float64Array;
}

/**
 * Each fold's metrics (with seeded bootstrap intervals per fold) and, per metric, the mean over
 * the folds where it is defined — the backtest's result, stored as the run's MetricValue rows
 * (slice "", n = test rows of all folds, no interval: the folds' intervals are per fold).
 * A metric undefined in every fold fails the run: there would be nothing to report.
 */
export function foldResults(input: { folds: readonly ScoredFold[]; protocol: RowsProtocol }): {
  result: FoldsResult;
  values: RunMetricValue[];
} {
  const { folds, protocol } = input;
  const iso = (ms: number) => new Date(ms).toISOString();
  const stored = folds.map(({ fold, labels, scores }) => {
    let positives = 0;
    for (let i = 0; i < labels.length; i++) positives += labels[i] as number;
    return {
      fold: fold.fold,
      trainStart: iso(fold.trainStart),
      trainEnd: iso(fold.trainEnd),
      testStart: iso(fold.testStart),
      testEnd: iso(fold.testEnd),
      trainRows: fold.train.length,
      testRows: fold.test.length,
      positives,
      metrics: groupMetrics({ labels, scores, protocol, withIntervals: true }),
    };
  });
  const testRows = stored.reduce((n, f) => n + f.testRows, 0);
  const mean = protocol.metrics.map((metric, m) => {
    const defined = stored.map((f) => f.metrics[m]?.value ?? null).filter((v): v is number => v !== null);
    const value = defined.length > 0 ? defined.reduce((a, b) => a + b, 0) / defined.length : null;
    return { metric, value, folds: defined.length };
  });
  const undefinedEverywhere = mean.filter((m) => m.value === null);
  if (undefinedEverywhere.length > 0) {
    const first = undefinedEverywhere[0] as { metric: BinaryMetricName };
    const reason = stored[0]?.metrics.find((x) => x.metric === first.metric)?.problem ?? "undefined";
    throw badInput(
      "split",
      `${undefinedEverywhere.map((m) => m.metric).join(", ")} ${undefinedEverywhere.length === 1 ? "is" : "are"} undefined in every fold of the rolling backtest (fold 0: ${reason}); use wider test windows or fewer folds`,
    );
  }
  const values: RunMetricValue[] = mean.map((m) => ({ metric: m.metric, value: m.value as number, n: testRows }));
  return { result: { folds: stored, mean }, values };
}
