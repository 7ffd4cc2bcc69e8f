import { createHash } from "node:crypto";
import { fnv1a64, type Holdout, randomSplit, seedToUint64 } from "@fieldtest/core";
import { type BlobStorage, badInput, type HoldoutResult, type StoredMetric } from "@fieldtest/db";

/** How the holdout rows are drawn; stored with the result so the draw can be reproduced. */
export const HOLDOUT_SELECTION =
  'core randomSplit over the test rows (ascending) with testFraction = holdout.fraction and seed = seedToUint64(run seed) XOR fnv1a64("holdout"); its "test" side is the holdout';

export function holdoutSeed(seed: number): bigint {
  return seedToUint64(seed) ^ fnv1a64("holdout");
}

/**
 * Splits the split's test rows into public test rows and hidden holdout rows (both ascending
 * dataset row indices), seeded by the run: the same run always hides the same rows.
 */
export function carveHoldout(
  test: Uint32Array,
  holdout: Holdout,
  seed: number,
): { publicRows: Uint32Array; holdoutRows: Uint32Array } {
  if (test.length < 2) {
    throw badInput(
      "holdout",
      `The test split has ${test.length} row${test.length === 1 ? "" : "s"}: too few to keep a hidden holdout`,
    );
  }
  const { train, test: hidden } = randomSplit({
    n: test.length,
    testFraction: holdout.fraction,
    seed: holdoutSeed(seed),
  });
  return {
    publicRows: Uint32Array.from(train, (k) => test[k] as number),
    holdoutRows: Uint32Array.from(hidden, (k) => test[k] as number),
  };
}

/** The holdout rows' labels then scores as little-endian float64s (the layout HoldoutResult documents). */
export function encodeHoldoutRows(labels: Float64Array, scores: Float64Array): Uint8Array {
  const bytes = new Uint8Array(16 * labels.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < labels.length; i++) view.setFloat64(8 * i, labels[i] as number, true);
  const offset = 8 * labels.length;
  for (let i = 0; i < scores.length; i++) view.setFloat64(offset + 8 * i, scores[i] as number, true);
  return bytes;
}

/**
 * Stores the holdout rows' labels and scores under a key derived from their content (two
 * executions of one run that scored alike write the same blob; the one whose completion wins
 * is the one the result points at) and returns the private holdout result.
 */
export async function holdoutResult(input: {
  storage: BlobStorage;
  runId: string;
  holdout: Holdout;
  labels: Float64Array;
  scores: Float64Array;
  holdoutMetrics: StoredMetric[];
  publicMetrics: StoredMetric[];
  publicRows: number;
}): Promise<HoldoutResult> {
  const bytes = encodeHoldoutRows(input.labels, input.scores);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const rowsKey = `run-results/${input.runId}/holdout-${sha256}.f64`;
  if (!(await input.storage.exists(rowsKey))) await input.storage.put(rowsKey, bytes);
  return {
    mechanism: input.holdout.mechanism,
    queryBudget: input.holdout.queryBudget,
    fraction: input.holdout.fraction,
    rows: input.labels.length,
    publicRows: input.publicRows,
    selection: HOLDOUT_SELECTION,
    holdout: input.holdoutMetrics,
    public: input.publicMetrics,
    rowsKey,
    sha256,
  };
}
