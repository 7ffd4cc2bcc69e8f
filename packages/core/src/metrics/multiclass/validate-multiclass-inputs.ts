import { InvalidInputError } from "../../errors/invalid-input-error.ts";

/**
 * Checks the columns every multiclass metric shares and returns K, the number of classes.
 *
 * Input shape (the one shape all multiclass metrics take):
 * - `labels`: a Float64Array of class indices, each an integer in 0..K−1;
 * - `probabilities`: K Float64Array columns, column k holding P(class k) for every row,
 *   each in [0, 1]. Class k is column k, so a caller with string labels maps them to the
 *   indices of its columns first (sklearn's convention is the sorted class names).
 *
 * Names the problem, how many rows are affected and the first offending row, so a shell
 * can point the user at it.
 */
export function validateMulticlassInputs(labels: Float64Array, probabilities: readonly Float64Array[]): number {
  if (!(labels instanceof Float64Array)) throw new InvalidInputError("labels must be a Float64Array of class indices");
  if (!Array.isArray(probabilities)) {
    throw new InvalidInputError("probabilities must be an array of Float64Array columns, one per class");
  }
  const k = probabilities.length;
  if (k < 2) {
    throw new InvalidInputError(`multiclass metrics need at least 2 probability columns, got ${k}`);
  }
  const n = labels.length;
  for (let c = 0; c < k; c++) {
    const column = probabilities[c];
    if (!(column instanceof Float64Array)) {
      throw new InvalidInputError(`probabilities[${c}] (class ${c}) must be a Float64Array`);
    }
    if (column.length !== n) {
      throw new InvalidInputError(
        `labels and probabilities differ in length: ${n} labels vs ${column.length} rows in probabilities[${c}] (class ${c})`,
      );
    }
  }
  if (n === 0) throw new InvalidInputError("no rows: multiclass metrics need at least one labelled row");

  let badLabels = 0;
  let firstBadLabel = -1;
  for (let i = 0; i < n; i++) {
    const y = labels[i] as number;
    // Also rejects NaN and ±Infinity (Number.isInteger is false for them).
    if (!Number.isInteger(y) || y < 0 || y >= k) {
      if (badLabels === 0) firstBadLabel = i;
      badLabels++;
    }
  }
  if (badLabels > 0) {
    throw new InvalidInputError(
      `labels must be class indices 0..${k - 1} (one per probability column): ${plural(badLabels, "row")} invalid, first at row ${firstBadLabel}: labels[${firstBadLabel}] = ${labels[firstBadLabel]}`,
    );
  }

  // Scan column by column (contiguous memory), keeping the smallest bad row over all columns.
  let badValues = 0;
  let firstBadRow = n;
  let firstBadClass = -1;
  for (let c = 0; c < k; c++) {
    const column = probabilities[c] as Float64Array;
    for (let i = 0; i < n; i++) {
      const p = column[i] as number;
      // `!(p >= 0 && p <= 1)` is also true for NaN; ±Infinity fall outside [0, 1].
      if (!(p >= 0 && p <= 1)) {
        if (i < firstBadRow) {
          firstBadRow = i;
          firstBadClass = c;
        }
        badValues++;
      }
    }
  }
  if (badValues > 0) {
    const value = (probabilities[firstBadClass] as Float64Array)[firstBadRow];
    throw new InvalidInputError(
      `probabilities must be finite numbers in [0, 1]: ${plural(badValues, "value")} invalid, first at row ${firstBadRow}: probabilities[${firstBadClass}][${firstBadRow}] (class ${firstBadClass}) = ${value}`,
    );
  }
  return k;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
