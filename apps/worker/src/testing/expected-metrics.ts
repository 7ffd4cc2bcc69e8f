import {
  type BinaryMetricName,
  type BinaryMetricValue,
  cutoffToEpochMs,
  evaluateBinary,
  randomSplit,
  type Split,
  temporalSplit,
} from "@fieldtest/core";
import type { SyntheticRow } from "./synthetic-data.ts";

/** What core computes on the benchmark's test rows, straight from the rows (no files, no join). */
export function expectedMetrics(options: {
  rows: readonly SyntheticRow[];
  split: Split;
  seed: number;
  metrics: BinaryMetricName[];
  threshold: number;
}): BinaryMetricValue[] {
  const { rows, split } = options;
  const test =
    split.kind === "random"
      ? randomSplit({ n: rows.length, testFraction: split.testFraction, seed: options.seed }).test
      : temporalSplit({
          timestamps: Float64Array.from(rows, (r) => cutoffToEpochMs(r.day)),
          cutoff: cutoffToEpochMs(split.cutoff),
        }).test;
  const testRows = Array.from(test, (i) => rows[i] as SyntheticRow);
  return evaluateBinary({
    labels: Float64Array.from(testRows, (r) => Number(r.label)),
    scores: Float64Array.from(testRows, (r) => r.score),
    threshold: options.threshold,
    metrics: options.metrics,
  });
}
