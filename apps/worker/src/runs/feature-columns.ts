import type { FeatureColumn, FeatureColumns, PerturbedFeatures } from "@fieldtest/core";

export { featureColumnsOf } from "@fieldtest/db";
/**
 * One feature of a model's input as a column (core's): numbers and timestamps (epoch ms) with
 * NaN for missing, booleans as 0/1/NaN, strings with null for missing.
 */
export type { FeatureColumn };

/** The cells of `rows` (indices, in that order) of every column. */
export function takeRows(columns: readonly FeatureColumn[], rows: Uint32Array): FeatureColumn[] {
  return columns.map((column) => {
    if (column.type === "string") {
      const values = new Array<string | null>(rows.length);
      for (let k = 0; k < rows.length; k++) values[k] = column.values[rows[k] as number] ?? null;
      return { ...column, values };
    }
    const values = new Float64Array(rows.length);
    for (let k = 0; k < rows.length; k++) values[k] = column.values[rows[k] as number] as number;
    return { ...column, values };
  });
}

/** Row-wise concatenation of feature tables with the same columns (one scoring call for several). */
export function concatRows(parts: readonly (readonly FeatureColumn[])[]): FeatureColumn[] {
  const [first] = parts;
  if (!first || parts.length === 1) return first ? [...first] : [];
  return first.map((column, c) => {
    const pieces = parts.map((part) => part[c] as FeatureColumn);
    if (column.type === "string") {
      return { ...column, values: pieces.flatMap((p) => p.values as readonly (string | null)[]) };
    }
    const values = new Float64Array(pieces.reduce((n, p) => n + p.values.length, 0));
    let at = 0;
    for (const piece of pieces) {
      values.set(piece.values as Float64Array, at);
      at += piece.values.length;
    }
    return { ...column, values };
  });
}

const TRUE = "true";
const FALSE = "false";

/**
 * Columns as core's perturbations take them: number columns are numeric (noise, shifts),
 * strings and booleans are categorical (swaps; booleans as "true"/"false"), and every column
 * but timestamps can go missing. Timestamps are passed through untouched: they say when a row
 * happened, not what it is.
 */
export function toPerturbable(columns: readonly FeatureColumn[]): FeatureColumns {
  const numeric: Record<string, Float64Array> = {};
  const categorical: Record<string, readonly (string | null)[]> = {};
  for (const column of columns) {
    if (column.type === "number") numeric[column.name] = column.values;
    else if (column.type === "string") categorical[column.name] = column.values;
    else if (column.type === "boolean") {
      categorical[column.name] = Array.from(column.values, (v) => (Number.isNaN(v) ? null : v === 1 ? TRUE : FALSE));
    }
  }
  return { numeric, categorical };
}

/** The columns again, with the perturbed values of `perturbed` (the inverse of toPerturbable). */
export function fromPerturbed(columns: readonly FeatureColumn[], perturbed: PerturbedFeatures): FeatureColumn[] {
  return columns.map((column) => {
    if (column.type === "number") return { ...column, values: perturbed.numeric[column.name] ?? column.values };
    if (column.type === "string") return { ...column, values: perturbed.categorical[column.name] ?? column.values };
    if (column.type === "boolean") {
      const cells = perturbed.categorical[column.name];
      if (!cells) return column;
      return { ...column, values: Float64Array.from(cells, (v) => (v === TRUE ? 1 : v === FALSE ? 0 : Number.NaN)) };
    }
    return column;
  });
}
