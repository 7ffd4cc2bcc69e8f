/** Score of each row id of one predictions upload. */
export type PredictionsByRowId = ReadonlyMap<string, number>;

/** Indexes a predictions upload (row id and score columns) by row id. */
export function indexPredictions(rowIds: readonly (string | null)[], scores: Float64Array): PredictionsByRowId {
  if (rowIds.length !== scores.length) {
    throw new Error(`predictions have ${rowIds.length} row ids but ${scores.length} scores`);
  }
  const index = new Map<string, number>();
  for (let i = 0; i < rowIds.length; i++) {
    const id = rowIds[i];
    if (id !== null && id !== undefined) index.set(id, scores[i] as number);
  }
  return index;
}

export interface JoinPredictionsInput {
  /** Row ids of the dataset version, one per row. */
  rowIds: readonly (string | null)[];
  /** The dataset rows to score, indices into `rowIds`. */
  rows: Uint32Array;
  predictions: PredictionsByRowId;
}

export interface JoinedScores {
  /** One score per entry of `rows`; NaN where the row has no prediction. */
  scores: Float64Array;
  /** How many of the rows have no prediction. */
  missing: number;
  /** The first few row ids without a prediction (at most MISSING_EXAMPLES), to show a user. */
  missingExamples: string[];
}

export const MISSING_EXAMPLES = 5;

/** Looks up each row's prediction by its row id (never by position: uploads may be in any order). */
export function joinPredictions(input: JoinPredictionsInput): JoinedScores {
  const { rowIds, rows, predictions } = input;
  const scores = new Float64Array(rows.length);
  const missingExamples: string[] = [];
  let missing = 0;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k] as number;
    const id = rowIds[row];
    const score = id === null || id === undefined ? undefined : predictions.get(id);
    if (score === undefined) {
      scores[k] = Number.NaN;
      if (missing < MISSING_EXAMPLES) missingExamples.push(id ?? `#${row + 1}`);
      missing++;
    } else {
      scores[k] = score;
    }
  }
  return { scores, missing, missingExamples };
}
