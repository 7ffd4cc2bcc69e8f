import { badInput } from "@fieldtest/db";
import { joinPredictions, MISSING_EXAMPLES, type PredictionsByRowId } from "./join-predictions.ts";

export interface ScoreTestRowsInput {
  /** Row ids of the dataset version, one per row. */
  rowIds: readonly (string | null)[];
  /** The test rows, indices into `rowIds`. */
  rows: Uint32Array;
  predictions: PredictionsByRowId;
  /** How many chunks to score in (at most one per row). */
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
  const size = Math.max(1, Math.ceil(rows.length / Math.max(1, input.chunks)));
  const missingExamples: string[] = [];
  let missing = 0;
  for (let start = 0; start < rows.length; start += size) {
    const end = Math.min(rows.length, start + size);
    const chunk = joinPredictions({ rowIds, rows: rows.subarray(start, end), predictions });
    scores.set(chunk.scores, start);
    missing += chunk.missing;
    missingExamples.push(...chunk.missingExamples.slice(0, MISSING_EXAMPLES - missingExamples.length));
    await onChunk(end / rows.length);
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
