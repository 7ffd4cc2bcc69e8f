import { InvalidInputError } from "../errors/invalid-input-error.ts";

/** The name of the slice that holds rows whose slice value is missing. */
export const MISSING_SLICE = "(missing)";

/**
 * A slice column: one value per row, `null` when missing; or the same dictionary-encoded,
 * `codes[i]` indexing `names` and −1 meaning missing (what a Parquet or CSV reader
 * produces without building a string per row).
 */
export type SliceColumn = readonly (string | null)[] | { codes: Int32Array; names: readonly string[] };

export interface SliceCodes {
  /** Per row, an index into `names`; the missing slice, when present, is the last name. */
  codes: Int32Array;
  names: string[];
  /** Index of the missing slice in `names`, or −1 when no value is missing. */
  missingCode: number;
  counts: Int32Array;
}

/**
 * Encodes a slice column. Order of slices: a string column's values sorted by code unit
 * (the same on every machine, unlike a locale sort); an encoded column's `names` as given,
 * including names no row uses (reported with n = 0, not hidden). The missing slice comes
 * last and only when some value is missing. "(missing)" as a real value is refused: it
 * would collide with the missing slice.
 */
export function encodeSlices(slices: SliceColumn, n: number, name: string): SliceCodes {
  const encoded = isValueColumn(slices) ? encodeStrings(slices, n, name) : checkCodes(slices, n, name);
  const { codes, names } = encoded;
  let missing = 0;
  for (let i = 0; i < n; i++) if ((codes[i] as number) < 0) missing++;
  const missingCode = missing > 0 ? names.length : -1;
  if (missing > 0) {
    names.push(MISSING_SLICE);
    for (let i = 0; i < n; i++) if ((codes[i] as number) < 0) codes[i] = missingCode;
  }
  const counts = new Int32Array(names.length);
  for (let i = 0; i < n; i++) {
    const c = codes[i] as number;
    counts[c] = (counts[c] as number) + 1;
  }
  return { codes, names, missingCode, counts };
}

function isValueColumn(slices: SliceColumn): slices is readonly (string | null)[] {
  return Array.isArray(slices);
}

function encodeStrings(values: readonly (string | null)[], n: number, name: string) {
  if (values.length !== n) {
    throw new InvalidInputError(`${name}: slices has ${values.length} values for ${n} rows`);
  }
  const distinct = new Set<string>();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null) continue;
    if (typeof v !== "string") {
      throw new InvalidInputError(`${name}: slices[${i}] must be a string or null, got ${String(v)}`);
    }
    if (v === MISSING_SLICE) refuseMissingName(name, `slices[${i}]`);
    distinct.add(v);
  }
  const names = [...distinct].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(names.map((v, k) => [v, k]));
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    codes[i] = v === null || v === undefined ? -1 : (index.get(v) as number);
  }
  return { codes, names };
}

function checkCodes(slices: { codes: Int32Array; names: readonly string[] }, n: number, name: string) {
  const { codes, names } = slices;
  if (!(codes instanceof Int32Array) || !Array.isArray(names)) {
    throw new InvalidInputError(
      `${name}: slices must be an array of strings or nulls, or { codes: Int32Array, names }`,
    );
  }
  if (codes.length !== n) throw new InvalidInputError(`${name}: slices has ${codes.length} codes for ${n} rows`);
  const seen = new Set<string>();
  names.forEach((v, k) => {
    if (typeof v !== "string") throw new InvalidInputError(`${name}: names[${k}] must be a string, got ${String(v)}`);
    if (v === MISSING_SLICE) refuseMissingName(name, `names[${k}]`);
    if (seen.has(v)) throw new InvalidInputError(`${name}: names[${k}] = "${v}" appears twice`);
    seen.add(v);
  });
  for (let i = 0; i < n; i++) {
    const c = codes[i] as number;
    if (c < -1 || c >= names.length) {
      throw new InvalidInputError(
        `${name}: codes[${i}] = ${c} is not −1 (missing) or an index into ${names.length} names`,
      );
    }
  }
  return { codes: Int32Array.from(codes), names: [...names] };
}

function refuseMissingName(name: string, where: string): never {
  throw new InvalidInputError(
    `${name}: ${where} is "${MISSING_SLICE}", the name reserved for rows without a slice value; rename it`,
  );
}
