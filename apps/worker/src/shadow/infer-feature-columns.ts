import type { FeatureColumn } from "../runs/feature-columns.ts";

type FeatureType = FeatureColumn["type"];

/**
 * Event features (JSON objects {name: number | string | boolean | null}) as the columns a model
 * is called with: numbers, booleans (0/1) and timestamps (epoch ms) in a Float64Array with NaN
 * for a missing value, strings with null. `columns` names each column and its type (a trained
 * builtin model's features); a name an event lacks is a missing value.
 */
export function featureColumnsFromEvents(
  records: readonly Record<string, unknown>[],
  columns: readonly { name: string; type: FeatureType }[],
): FeatureColumn[] {
  return columns.map(({ name, type }): FeatureColumn => {
    if (type === "string") return { name, type, values: records.map((r) => stringCell(r[name])) };
    const values = new Float64Array(records.length);
    records.forEach((r, i) => {
      values[i] = type === "timestamp" ? timestampCell(r[name]) : numberCell(r[name]);
    });
    return { name, type, values };
  });
}

/**
 * The columns an endpoint is called with: the union of the events' feature names in first-seen
 * order, each typed by its values — all numbers → number, all booleans → boolean, numbers and
 * booleans → number, anything else → string (a column with no value at all is a number column
 * of NaN, sent as nulls).
 */
export function inferredColumnsOf(records: readonly Record<string, unknown>[]): { name: string; type: FeatureType }[] {
  const kinds = new Map<string, Set<string>>();
  for (const record of records) {
    for (const [name, value] of Object.entries(record)) {
      let seen = kinds.get(name);
      if (!seen) {
        seen = new Set();
        kinds.set(name, seen);
      }
      if (value !== null && value !== undefined) seen.add(typeof value);
    }
  }
  return [...kinds].map(([name, seen]) => {
    const onlyNumeric = [...seen].every((k) => k === "number" || k === "boolean");
    if (!onlyNumeric) return { name, type: "string" };
    return { name, type: seen.size === 1 && seen.has("boolean") ? "boolean" : "number" };
  });
}

function numberCell(v: unknown): number {
  if (typeof v === "number") return Number.isFinite(v) ? v : Number.NaN;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v);
    return Number.isFinite(n) ? n : Number.NaN;
  }
  return Number.NaN;
}

function timestampCell(v: unknown): number {
  if (typeof v === "number") return Number.isFinite(v) ? v : Number.NaN;
  if (typeof v === "string" && v.trim() !== "") return Date.parse(v);
  return Number.NaN;
}

function stringCell(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}
