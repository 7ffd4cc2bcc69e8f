import { createHash } from "node:crypto";
import { putContentAddressed } from "../storage/put-content-addressed.ts";
import type { BlobStorage } from "../storage/storage.ts";
import { decodeTable, numericColumn, stringColumn } from "../tables/columnar-table.ts";
import { encodeTableParts, TABLE_FILE_EXTENSION } from "../tables/table-codec.ts";
import { type ColumnData, StringData, TypedTable } from "../tables/typed-table.ts";
import type { ScoresResult } from "./run-results.ts";

/** Column names of a scores blob (a columnar table, like uploaded predictions). */
export const SCORES_ROW_ID = "rowId";
export const SCORES_LABEL = "label";
export const SCORES_SCORE = "score";

/** One run's per-row test scores, in the order the run evaluated them. */
export interface RunScores {
  rowIds: string[];
  /** 0/1 labels. */
  labels: Float64Array;
  /** P(label = 1) per row. */
  scores: Float64Array;
}

/**
 * Stores a binary run's per-row test scores (the rows its public results are computed on) as a
 * columnar table (`.ftcol`, the dataset and predictions format: rowId text, label and score
 * float64) under a content-addressed key, and returns the private `scores` result pointing at
 * it. Two executions of one run that scored alike write the same blob; the completion that wins
 * is the one whose result row points at it.
 */
export async function storeRunScores(storage: BlobStorage, scores: RunScores): Promise<ScoresResult> {
  const n = scores.labels.length;
  if (scores.rowIds.length !== n || scores.scores.length !== n) {
    throw new Error(
      `run scores need one row id, label and score per row (${scores.rowIds.length}, ${n}, ${scores.scores.length})`,
    );
  }
  const table = new TypedTable(
    n,
    [
      { name: SCORES_ROW_ID, type: "string", missing: 0 },
      { name: SCORES_LABEL, type: "number", missing: 0 },
      { name: SCORES_SCORE, type: "number", missing: 0 },
    ],
    new Map<string, ColumnData>([
      [SCORES_ROW_ID, { type: "string", strings: StringData.fromValues(scores.rowIds) }],
      [SCORES_LABEL, { type: "number", values: scores.labels }],
      [SCORES_SCORE, { type: "number", values: scores.scores }],
    ]),
  );
  const parts = encodeTableParts(table);
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  const sha256 = hash.digest("hex");
  const key = await putContentAddressed(storage, {
    prefix: "run-scores",
    extension: TABLE_FILE_EXTENSION,
    content: parts,
  });
  return { task: "binary_classification", key, n, sha256 };
}

/** Reads a run's scores back, checking the blob against the sha256 the result recorded. */
export async function loadRunScores(storage: BlobStorage, result: ScoresResult): Promise<RunScores> {
  const bytes = await storage.get(result.key);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (sha256 !== result.sha256) {
    throw new Error(`the scores blob ${result.key} does not match its recorded sha256 (${sha256} ≠ ${result.sha256})`);
  }
  const table = decodeTable(bytes);
  const rowIds = stringColumn(table, SCORES_ROW_ID).map((id, i) => id ?? `#${i + 1}`);
  const labels = numericColumn(table, SCORES_LABEL);
  const scores = numericColumn(table, SCORES_SCORE);
  if (rowIds.length !== result.n) {
    throw new Error(`the scores blob ${result.key} holds ${rowIds.length} rows, its result says ${result.n}`);
  }
  return { rowIds, labels, scores };
}
