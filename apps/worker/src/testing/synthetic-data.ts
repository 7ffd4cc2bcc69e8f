// Deterministic benchmark data for the worker's integration tests.

export interface SyntheticRow {
  id: string;
  /** ISO date; rows are spread over 60 days from 2024-01-01. */
  day: string;
  label: number | string;
  /** The offline model's predicted probability of label 1. */
  score: number;
}

const DAY_MS = 86_400_000;
const START = Date.parse("2024-01-01T00:00:00Z");

/** `n` rows whose scores carry signal about the label, with ties, reproducible from `seed`. */
export function syntheticRows(n: number, seed = 1): SyntheticRow[] {
  let state = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: enough for test data, not a statistical tool.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return Array.from({ length: n }, (_, i) => {
    const label = next() < 0.35 ? 1 : 0;
    const score = Math.round(Math.min(1, Math.max(0, 0.3 + 0.35 * label + (next() - 0.5) * 0.6)) * 100) / 100;
    const day = new Date(START + Math.floor((i * 60) / n) * DAY_MS).toISOString().slice(0, 10);
    return { id: `row-${String(i).padStart(5, "0")}`, day, label, score };
  });
}

/** A further dataset column: its cell for each row (null = empty cell). */
export type ExtraColumn = (row: SyntheticRow, index: number) => string | number | boolean | null;

/** The dataset file: id, day (timestamp column), label, then any extra columns (features, slices). */
export function datasetCsv(rows: readonly SyntheticRow[], columns: Record<string, ExtraColumn> = {}): Uint8Array {
  const extra = Object.entries(columns);
  const header = ["id", "day", "label", ...extra.map(([name]) => name)].join(",");
  const lines = [
    header,
    ...rows.map((r, i) => [r.id, r.day, r.label, ...extra.map(([, cell]) => cell(r, i) ?? "")].join(",")),
  ];
  return new TextEncoder().encode(`${lines.join("\n")}\n`);
}

/** The offline version's predictions file, in reverse row order so that only a join by row id scores it right. */
export function predictionsCsv(rows: readonly SyntheticRow[]): Uint8Array {
  const lines = ["id,score", ...[...rows].reverse().map((r) => `${r.id},${r.score}`)];
  return new TextEncoder().encode(`${lines.join("\n")}\n`);
}
