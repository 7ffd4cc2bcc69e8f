import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { NeumaierSum } from "../numerics/neumaier-sum.ts";
import { type EncodedMatrix, expandMatrix } from "./encoded-matrix.ts";
import { type FeatureColumn, validateFeatureColumns } from "./feature-column.ts";

/** Most one-hot categories kept per string feature (plus one "other" column). */
export const MAX_CATEGORIES = 20;

/** What the encoder learnt about one feature on the train rows (JSON-safe). */
export type EncodedFeature =
  | {
      name: string;
      type: "number" | "boolean" | "timestamp";
      /** Mean of the observed train values (0 when every train value is missing). */
      mean: number;
      /** Population standard deviation of the observed train values; 1 when it is 0 or undefined. */
      scale: number;
      /** Whether a 0/1 "missing" column follows: exactly when some train value was missing. */
      missingIndicator: boolean;
    }
  | {
      name: string;
      type: "string";
      /** The one-hot categories, most frequent first; null is the missing value, ranked like any category. */
      categories: (string | null)[];
    };

/** A fitted feature encoder: serialisable, applied to any rows with `encodeFeatures`. */
export interface FeatureEncoder {
  features: EncodedFeature[];
  /** Names of the encoded columns, in the order `encodeFeatures` returns them. */
  columns: string[];
}

export interface FitFeatureEncoderOptions {
  /** K, the most frequent string categories one-hot encoded (1…20, default 20). */
  maxCategories?: number;
}

/**
 * Learns, from the train rows, how to turn feature columns into a numeric matrix:
 *
 * - number, boolean, timestamp (epoch ms): standardised, (x − mean) / scale, with the mean and
 *   population standard deviation (ddof 0) of the *observed* train values; a missing value
 *   becomes the train mean (so 0 after standardising). When the train column had missing
 *   values, a 0/1 column `name:missing` follows (1 where the value was missing). A column
 *   whose train values are all missing has mean 0 and scale 1, and a constant one scale 1
 *   (as sklearn's StandardScaler).
 * - string: one 0/1 column per category among the K most frequent in train (ties broken by
 *   putting missing first, then by UTF-16 code-unit order of the category), then one
 *   `name:other` column for every other value, including categories never seen in train.
 *   A missing string (null) competes for the K slots like a category named `name:missing`.
 *
 * Indicator and one-hot columns stay 0/1 (not standardised). Fully deterministic: the same
 * train columns give the same encoder on any machine.
 */
export function fitFeatureEncoder(
  train: readonly FeatureColumn[],
  options: FitFeatureEncoderOptions = {},
): FeatureEncoder {
  const maxCategories = options.maxCategories ?? MAX_CATEGORIES;
  if (!Number.isInteger(maxCategories) || maxCategories < 1 || maxCategories > MAX_CATEGORIES) {
    throw new InvalidInputError(`maxCategories must be an integer in [1, ${MAX_CATEGORIES}], got ${maxCategories}`);
  }
  if (train.length === 0) throw new InvalidInputError("train features: a builtin model needs at least one feature");
  const rows = validateFeatureColumns(train, "train features");
  if (rows === 0) throw new InvalidInputError("train features: no rows to learn the encoding from");

  const features = train.map((column): EncodedFeature => {
    if (column.type === "string") {
      return { name: column.name, type: "string", categories: topCategories(column.values, maxCategories) };
    }
    return { name: column.name, type: column.type, ...observedMoments(column.values) };
  });
  return { features, columns: features.flatMap(encodedColumnNames) };
}

/**
 * The encoded matrix of `columns` (one Float64Array per encoded column) under a fitted encoder.
 * Features are matched by name and must have their train type; features the encoder does not
 * know are ignored. Models use the compact `encodeFeatureMatrix` instead.
 */
export function encodeFeatures(encoder: FeatureEncoder, columns: readonly FeatureColumn[]): Float64Array[] {
  return expandMatrix(encodeFeatureMatrix(encoder, columns));
}

/** The same encoding with each string feature's one-hot block kept as one code per row. */
export function encodeFeatureMatrix(encoder: FeatureEncoder, columns: readonly FeatureColumn[]): EncodedMatrix {
  const rows = validateFeatureColumns(columns, "features");
  const byName = new Map(columns.map((c) => [c.name, c]));
  const matrix: EncodedMatrix = { rows, width: encoder.columns.length, dense: [], oneHot: [] };
  let next = 0;
  for (const feature of encoder.features) {
    const column = byName.get(feature.name);
    if (!column) throw new InvalidInputError(`features: the model needs feature "${feature.name}", which is missing`);
    if (column.type !== feature.type) {
      throw new InvalidInputError(
        `features: feature "${feature.name}" is ${column.type}, but the model was trained on ${feature.type}`,
      );
    }
    if (feature.type === "string") {
      const codes = categoryCodes(column.values as readonly (string | null)[], feature.categories, rows);
      matrix.oneHot.push({ first: next, size: feature.categories.length + 1, codes });
      next += feature.categories.length + 1;
    } else {
      for (const values of standardise(column.values as Float64Array, feature)) {
        matrix.dense.push({ column: next++, values });
      }
    }
  }
  if (next !== matrix.width) throw new InvalidInputError("the encoder's column list does not match its features");
  return matrix;
}

function encodedColumnNames(feature: EncodedFeature): string[] {
  if (feature.type !== "string") {
    return feature.missingIndicator ? [feature.name, `${feature.name}:missing`] : [feature.name];
  }
  return [
    ...feature.categories.map((c) => (c === null ? `${feature.name}:missing` : `${feature.name}=${c}`)),
    `${feature.name}:other`,
  ];
}

function observedMoments(values: Float64Array): { mean: number; scale: number; missingIndicator: boolean } {
  const sum = new NeumaierSum();
  let observed = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    sum.add(v);
    observed++;
  }
  const missingIndicator = observed < values.length;
  if (observed === 0) return { mean: 0, scale: 1, missingIndicator };
  const mean = sum.value() / observed;
  // Second pass on deviations: a one-pass variance cancels badly for timestamps (~1e12 ± 1e10).
  const squares = new NeumaierSum();
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    const d = v - mean;
    squares.add(d * d);
  }
  const sd = Math.sqrt(squares.value() / observed);
  return { mean, scale: sd > 0 ? sd : 1, missingIndicator };
}

function topCategories(values: readonly (string | null)[], k: number): (string | null)[] {
  const counts = new Map<string | null, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a, ca], [b, cb]) => cb - ca || compareCategories(a, b))
    .slice(0, k)
    .map(([category]) => category);
}

function compareCategories(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function standardise(
  values: Float64Array,
  feature: { mean: number; scale: number; missingIndicator: boolean },
): Float64Array[] {
  const { mean, scale } = feature;
  const value = new Float64Array(values.length);
  const missing = feature.missingIndicator ? new Float64Array(values.length) : undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) {
      if (missing) missing[i] = 1;
    } else {
      value[i] = (v - mean) / scale;
    }
  }
  return missing ? [value, missing] : [value];
}

/** Each row's one-hot slot: the category's index, or `categories.length` ("other"). */
function categoryCodes(
  values: readonly (string | null)[],
  categories: readonly (string | null)[],
  rows: number,
): Uint8Array {
  const slot = new Map(categories.map((c, j) => [c, j]));
  const other = categories.length;
  const codes = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) codes[i] = slot.get(values[i] as string | null) ?? other;
  return codes;
}
