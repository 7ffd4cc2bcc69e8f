// The builtin-run bench's dataset: seeded rows from a known logistic model, held as the raw
// core takes them (typed columns) and streamed as the CSV file Fieldtest stores.
import { createRng, type FeatureColumn } from "@fieldtest/core";

export const NUMERIC_FEATURES = 10;
export const CATEGORIES = ["a", "b", "c", "d", "e"] as const;
/** Rows are spread evenly over this many days from START_DAY; the temporal cutoff leaves the last 20% for test. */
export const DAYS = 100;
export const START_DAY = "2024-01-01";
export const CUTOFF_DAY = "2024-03-21";

const DAY_MS = 86_400_000;
const START_MS = Date.parse(`${START_DAY}T00:00:00Z`);
/** The known model: logit = INTERCEPT + Σ COEFFICIENTS[j]·x_j + CATEGORY_EFFECT[cat]. */
const INTERCEPT = -0.4;
const COEFFICIENTS = [1.2, -0.8, 0.6, -0.5, 0.4, 0.3, -0.25, 0.2, 0.1, 0];
const CATEGORY_EFFECT = [0, 0.5, -0.5, 1, -1];
/** Rows encoded per CSV chunk. */
const CHUNK_ROWS = 20_000;

export interface BenchDataset {
  rows: number;
  /** The model's input, in the file's column order (x1…x10, segment): what the worker's featureColumnsOf yields. */
  features: FeatureColumn[];
  labels: Float64Array;
  /** Epoch ms of each row's day (the timestamp column). */
  timestamps: Float64Array;
  /** The CSV file's bytes, chunk by chunk (re-iterable: each call streams the file again). */
  csv: () => AsyncIterable<Uint8Array>;
}

/** Standard normal draws (Box–Muller) from core's seeded PRNG. */
function normal(next: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = 1 - next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/**
 * `rows` rows reproducible from `seed`. Numbers are rounded to 4 decimals before anything else
 * sees them, so the in-memory columns are exactly what the CSV parser reads back.
 */
export function benchDataset(rows: number, seed: number): BenchDataset {
  const rng = createRng(seed);
  const next = () => rng.nextFloat();
  const gauss = normal(next);
  const numeric = Array.from({ length: NUMERIC_FEATURES }, () => new Float64Array(rows));
  const category = new Uint8Array(rows);
  const labels = new Float64Array(rows);
  const timestamps = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let logit = INTERCEPT;
    for (let j = 0; j < NUMERIC_FEATURES; j++) {
      const x = Math.round(gauss() * 1e4) / 1e4;
      (numeric[j] as Float64Array)[i] = x;
      logit += (COEFFICIENTS[j] as number) * x;
    }
    const c = Math.floor(next() * CATEGORIES.length);
    category[i] = c;
    logit += CATEGORY_EFFECT[c] as number;
    labels[i] = next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    timestamps[i] = START_MS + Math.floor((i * DAYS) / rows) * DAY_MS;
  }
  const segment = Array.from(category, (c) => CATEGORIES[c] as string);
  const features: FeatureColumn[] = [
    ...numeric.map((values, j) => ({ name: `x${j + 1}`, type: "number" as const, values })),
    { name: "segment", type: "string" as const, values: segment },
  ];

  async function* csv(): AsyncIterable<Uint8Array> {
    const encoder = new TextEncoder();
    yield encoder.encode(`id,day,label,${numeric.map((_, j) => `x${j + 1}`).join(",")},segment\n`);
    for (let start = 0; start < rows; start += CHUNK_ROWS) {
      const end = Math.min(rows, start + CHUNK_ROWS);
      let text = "";
      for (let i = start; i < end; i++) {
        const day = new Date(timestamps[i] as number).toISOString().slice(0, 10);
        let line = `r${i},${day},${labels[i]}`;
        for (let j = 0; j < NUMERIC_FEATURES; j++) line += `,${(numeric[j] as Float64Array)[i]}`;
        text += `${line},${segment[i]}\n`;
      }
      yield encoder.encode(text);
    }
  }
  return { rows, features, labels, timestamps, csv };
}
