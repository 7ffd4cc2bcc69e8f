import { InvalidInputError } from "../../errors/invalid-input-error.ts";

/**
 * Checks the columns every regression metric shares: two Float64Arrays of equal, non-zero
 * length holding finite numbers. Names how many rows are affected and the first one.
 */
export function validateRegressionInputs(labels: Float64Array, predictions: Float64Array): void {
  if (!(labels instanceof Float64Array)) throw new InvalidInputError("labels must be a Float64Array");
  if (!(predictions instanceof Float64Array)) throw new InvalidInputError("predictions must be a Float64Array");
  if (labels.length !== predictions.length) {
    throw new InvalidInputError(
      `labels and predictions differ in length: ${labels.length} labels vs ${predictions.length} predictions`,
    );
  }
  if (labels.length === 0) throw new InvalidInputError("no rows: regression metrics need at least one labelled row");
  checkFinite(labels, "labels");
  checkFinite(predictions, "predictions");
}

function checkFinite(column: Float64Array, name: string): void {
  let bad = 0;
  let firstBad = -1;
  for (let i = 0; i < column.length; i++) {
    if (!Number.isFinite(column[i] as number)) {
      if (bad === 0) firstBad = i;
      bad++;
    }
  }
  if (bad > 0) {
    throw new InvalidInputError(
      `${name} must be finite numbers: ${bad} ${bad === 1 ? "row" : "rows"} invalid, first at row ${firstBad}: ${name}[${firstBad}] = ${column[firstBad]}`,
    );
  }
}
