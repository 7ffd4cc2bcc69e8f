import { cutoffToEpochMs, randomSplit, type Split, type SplitIndices, temporalSplit } from "@fieldtest/core";
import { badInput } from "@fieldtest/db";

export interface TestRowsInput {
  /** The frozen split of the benchmark protocol. */
  split: Split;
  /** The run's seed (random splits). */
  seed: number;
  rowCount: number;
  /** Epoch milliseconds of each row (temporal splits); null when the dataset version has no timestamp column. */
  timestamps: Float64Array | null;
}

/** The test rows (ascending indices) of the benchmark's split; see selectSplitRows. */
export function selectTestRows(input: TestRowsInput): Uint32Array {
  return selectSplitRows(input).test;
}

/**
 * The train and test rows (ascending indices) of the benchmark's split. A protocol the data
 * cannot satisfy — a temporal split without timestamps, a cutoff that leaves no test rows, too
 * few rows to split — is a BAD_INPUT error the user can act on.
 */
export function selectSplitRows(input: TestRowsInput): SplitIndices {
  const { split, seed, rowCount, timestamps } = input;
  if (split.kind === "random") {
    if (rowCount < 2)
      throw badInput("split", `A random split needs at least 2 rows; the dataset version has ${rowCount}`);
    return randomSplit({ n: rowCount, testFraction: split.testFraction, seed });
  }
  if (!timestamps) {
    throw badInput("split", "The benchmark uses a temporal split, but its dataset version has no timestamp column");
  }
  const rows = temporalSplit({ timestamps, cutoff: cutoffToEpochMs(split.cutoff) });
  if (rows.test.length === 0) {
    const last = timestamps.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
    const lastShown = Number.isFinite(last) ? new Date(last).toISOString() : "none";
    throw badInput(
      "split",
      `The temporal split at ${split.cutoff} leaves no test rows: the last timestamp in the dataset version is ${lastShown}`,
    );
  }
  return rows;
}
