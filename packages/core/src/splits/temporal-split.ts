import { InvalidInputError } from "../errors/invalid-input-error.ts";
import type { SplitIndices } from "./split-indices.ts";

export interface TemporalSplitOptions {
  /** One timestamp per row (e.g. epoch milliseconds). */
  timestamps: Float64Array;
  /** Rows with timestamp >= cutoff are test rows; earlier rows are train rows. */
  cutoff: number;
}

/**
 * Time-ordered split: train is the past, test is the future. Rows without a timestamp
 * (NaN) cannot be placed, so they are an error (with their count), never silently dropped.
 * Either side may be empty (a cutoff after the last row); the caller decides whether that
 * is acceptable.
 */
export function temporalSplit(opts: TemporalSplitOptions): SplitIndices {
  const { timestamps, cutoff } = opts;
  if (!(timestamps instanceof Float64Array)) throw new InvalidInputError("timestamps must be a Float64Array");
  if (typeof cutoff !== "number" || !Number.isFinite(cutoff)) {
    throw new InvalidInputError(`temporalSplit: cutoff must be a finite number, got ${String(cutoff)}`);
  }
  const n = timestamps.length;
  let missing = 0;
  let firstMissing = -1;
  let nTest = 0;
  for (let i = 0; i < n; i++) {
    const t = timestamps[i] as number;
    if (Number.isNaN(t)) {
      if (missing === 0) firstMissing = i;
      missing++;
    } else if (t >= cutoff) {
      nTest++;
    }
  }
  if (missing > 0) {
    throw new InvalidInputError(
      `temporalSplit: ${missing} of ${n} timestamps are missing (NaN), first at index ${firstMissing}`,
    );
  }
  const test = new Uint32Array(nTest);
  const train = new Uint32Array(n - nTest);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if ((timestamps[i] as number) >= cutoff) test[a++] = i;
    else train[b++] = i;
  }
  return { train, test };
}
