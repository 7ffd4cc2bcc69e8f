import { badInput } from "@fieldtest/db";
import { joinPredictions, MISSING_EXAMPLES, type PredictionsByRowId } from "./join-predictions.ts";

export interface ScoreTestRowsInput {
  /** Row ids of the dataset version, one per row. */
  rowIds: readonly (string | null)[];
  /** The test rows, indices into `rowIds`. */
  rows: Uint32Array;
  predictions: PredictionsByRowId;
  /** How many chunks to score in: exactly this many (each of ⌊n/chunks⌋ or ⌈n/chunks⌉ rows), at most one per row. */
  chunks: number;
  /** Called after each chunk with the share of rows scored so far (0 < share ≤ 1). */
  onChunk: (share: number) => Promise<void>;
}

/**
 * The score of every test row, joined by row id, in chunks so that progress can be reported.
 * Rows without a prediction are collected over all chunks and reported together as one
 * BAD_INPUT error: the user can fix them in one upload.
 */
export async function scoreTestRows(input: ScoreTestRowsInput): Promise<Float64Array> {
  const { rowIds, rows, predictions, onChunk } = input;
  const scores = new Float64Array(rows.length);
  // A fixed number of progress steps for small and large runs alike: a size of ⌈n/chunks⌉ would
  // make e.g. 21 rows in 20 chunks only 11 steps.
  const chunks = Math.min(rows.length, Math.max(1, Math.floor(input.chunks) || 1));
  const missingExamples: string[] = [];
  let missing = 0;
  for (let k = 0, start = 0; k < chunks; k++) {
    const end = Math.ceil(((k + 1) * rows.length) / chunks);
    const chunk = joinPredictions({ rowIds, rows: rows.subarray(start, end), predictions });
    scores.set(chunk.scores, start);
    missing += chunk.missing;
    missingExamples.push(...chunk.missingExamples.slice(0, MISSING_EXAMPLES - missingExamples.length));
    await onChunk(end / rows.length);
    start = end;
  }
  if (missing > 0) {
    const examples = missingExamples.map((id) => `"${id}"`).join(", ");
    throw badInput(
      "predictions",
      `Predictions are missing for ${missing} of ${rows.length} test rows (row ids ${examples}${missing > missingExamples.length ? ", …" : ""}); upload a score for every row of the dataset version`,
    );
  }
  return scores;
}
