import { EndpointResponseError } from "../client/errors.ts";

/** Which rows a batch covers, for messages: rows are 0-based indices into the scored rows. */
export interface BatchRef {
  /** 1-based batch number and the number of batches. */
  index: number;
  count: number;
  start: number;
  end: number;
}

export function describeBatch(batch: BatchRef): string {
  return `batch ${batch.index} of ${batch.count} (rows ${batch.start}–${batch.end - 1})`;
}

/**
 * Checks one batch's scores: as many as rows sent, each a finite probability in [0, 1]. The error
 * names the batch and the first bad row, so the user can find it in the dataset.
 */
export function validateScores(input: { scores: ArrayLike<unknown>; batch: BatchRef; what: string }): Float64Array {
  const { scores, batch, what } = input;
  const expected = batch.end - batch.start;
  if (scores.length !== expected) {
    throw new EndpointResponseError(
      `${what} returned ${scores.length} scores for ${describeBatch(batch)}, expected ${expected}`,
    );
  }
  const out = new Float64Array(expected);
  for (let i = 0; i < expected; i++) {
    const v = scores[i];
    const row = batch.start + i;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new EndpointResponseError(
        `${what} returned ${JSON.stringify(v) ?? String(v)} for row ${row} in ${describeBatch(batch)}; expected a finite number`,
      );
    }
    if (v < 0 || v > 1) {
      throw new EndpointResponseError(
        `${what} returned ${v} for row ${row} in ${describeBatch(batch)}; a positive-class probability must be in [0, 1]`,
      );
    }
    out[i] = v;
  }
  return out;
}
