import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import type { FeatureColumn } from "./feature-column.ts";
import { encodeFeatures, type FeatureEncoder, fitFeatureEncoder } from "./feature-encoder.ts";

const NA = Number.NaN;
const num = (name: string, values: number[], type: "number" | "boolean" | "timestamp" = "number"): FeatureColumn => ({
  name,
  type,
  values: Float64Array.from(values),
});
const str = (name: string, values: (string | null)[]): FeatureColumn => ({ name, type: "string", values });

/** Encoded columns as plain arrays, keyed by encoded column name. */
function encoded(encoder: FeatureEncoder, columns: FeatureColumn[]): Record<string, number[]> {
  const matrix = encodeFeatures(encoder, columns);
  return Object.fromEntries(encoder.columns.map((name, j) => [name, Array.from(matrix[j] ?? [])]));
}

describe("fitFeatureEncoder: numbers, booleans, timestamps", () => {
  it("standardises with the train mean and population standard deviation", () => {
    const encoder = fitFeatureEncoder([num("x", [1, 2, 3, 4])]);
    expect(encoder.features[0]).toEqual({
      name: "x",
      type: "number",
      mean: 2.5,
      scale: Math.sqrt(1.25),
      missingIndicator: false,
    });
    expect(encoder.columns).toEqual(["x"]);
    const x = encoded(encoder, [num("x", [2.5, 5])]).x ?? [];
    expect(x[0]).toBe(0);
    expect(x[1]).toBeCloseTo(2.5 / Math.sqrt(1.25), 14);
  });

  it.each([
    {
      case: "missing in train: imputed with the observed mean, plus an indicator",
      train: [1, NA, 3],
      test: [NA, 3],
      columns: { x: [0, 1], "x:missing": [1, 0] },
    },
    {
      case: "missing only at test time: imputed, no indicator",
      train: [1, 3],
      test: [NA, 1],
      columns: { x: [0, -1] },
    },
    { case: "constant column: scale 1", train: [7, 7, 7], test: [8, 7], columns: { x: [1, 0] } },
    {
      case: "all missing in train: mean 0, scale 1, indicator always 1 in train",
      train: [NA, NA],
      test: [NA, 2],
      columns: { x: [0, 2], "x:missing": [1, 0] },
    },
    { case: "one train row", train: [4], test: [4, 5], columns: { x: [0, 1] } },
  ])("$case", ({ train, test, columns }) => {
    const encoder = fitFeatureEncoder([num("x", train)]);
    expect(encoded(encoder, [num("x", test)])).toEqual(columns);
  });

  it("treats booleans (0/1/NaN) and timestamps (epoch ms) as numbers", () => {
    const encoder = fitFeatureEncoder([
      num("flag", [0, 1, 1, NA], "boolean"),
      num("at", [1.7e12, 1.7e12 + 2e9, 1.7e12 + 4e9, 1.7e12 + 6e9], "timestamp"),
    ]);
    expect(encoder.columns).toEqual(["flag", "flag:missing", "at"]);
    const flag = encoder.features[0];
    expect(flag?.type === "boolean" && flag.mean).toBeCloseTo(2 / 3, 15);
    expect(flag?.type === "boolean" && flag.scale).toBeCloseTo(Math.sqrt(2) / 3, 15);
    const at = encoder.features[1];
    // A two-pass variance keeps timestamps exact where a one-pass one would cancel.
    expect(at?.type === "timestamp" && at.scale).toBeCloseTo(Math.sqrt(5) * 1e9, 3);
  });
});

describe("fitFeatureEncoder: strings", () => {
  it("one-hot encodes the K most frequent categories, then 'other' for the rest and for unseen ones", () => {
    const encoder = fitFeatureEncoder([str("c", ["a", "b", "b", "c", "c", "c", "d"])], { maxCategories: 2 });
    expect(encoder.features[0]).toEqual({ name: "c", type: "string", categories: ["c", "b"] });
    expect(encoder.columns).toEqual(["c=c", "c=b", "c:other"]);
    expect(encoded(encoder, [str("c", ["c", "b", "a", "zzz", null])])).toEqual({
      "c=c": [1, 0, 0, 0, 0],
      "c=b": [0, 1, 0, 0, 0],
      "c:other": [0, 0, 1, 1, 1],
    });
  });

  it.each([
    { case: "ties by code-unit order", values: ["b", "a", "B"], k: 3, categories: ["B", "a", "b"] },
    { case: "missing ranked by its count", values: [null, null, "a"], k: 1, categories: [null] },
    { case: "missing first among ties", values: ["a", null, "b"], k: 2, categories: [null, "a"] },
    { case: "missing outside the top K goes to other", values: ["a", "a", null], k: 1, categories: ["a"] },
    { case: "fewer categories than K", values: ["x"], k: 20, categories: ["x"] },
  ])("$case", ({ values, k, categories }) => {
    expect(fitFeatureEncoder([str("c", values)], { maxCategories: k }).features[0]).toEqual({
      name: "c",
      type: "string",
      categories,
    });
  });

  it("keeps at most 20 categories by default", () => {
    const values = Array.from({ length: 30 }, (_, i) => `v${String(i).padStart(2, "0")}`);
    const encoder = fitFeatureEncoder([str("c", values)]);
    expect(encoder.columns).toHaveLength(21);
    expect(encoder.columns.at(-1)).toBe("c:other");
  });

  it("encodes a missing category in the top K to its own column", () => {
    const encoder = fitFeatureEncoder([str("c", [null, null, "a"])]);
    expect(encoded(encoder, [str("c", [null, "a", "b"])])).toEqual({
      "c:missing": [1, 0, 0],
      "c=a": [0, 1, 0],
      "c:other": [0, 0, 1],
    });
  });
});

describe("encodeFeatures", () => {
  const encoder = fitFeatureEncoder([num("x", [0, 2]), str("c", ["a", "b"])]);

  it("matches features by name, in any order, ignoring ones the encoder does not know", () => {
    const inOrder = encodeFeatures(encoder, [num("x", [1]), str("c", ["b"])]);
    const shuffled = encodeFeatures(encoder, [str("extra", ["?"]), str("c", ["b"]), num("x", [1])]);
    expect(shuffled).toEqual(inOrder);
  });

  it("gives the same matrix from an encoder stored as JSON", () => {
    const stored = JSON.parse(JSON.stringify(encoder)) as FeatureEncoder;
    const rows = [num("x", [1, NA, -3]), str("c", ["b", null, "q"])];
    expect(encodeFeatures(stored, rows)).toEqual(encodeFeatures(encoder, rows));
  });

  it("encodes zero rows", () => {
    expect(encodeFeatures(encoder, [num("x", []), str("c", [])]).map((c) => c.length)).toEqual([0, 0, 0, 0]);
  });

  it.each([
    ["a missing feature", [num("x", [1])], /needs feature "c"/],
    ["a feature of another type", [num("x", [1]), num("c", [1])], /"c" is number, but the model was trained on string/],
    ["ragged columns", [num("x", [1, 2]), str("c", ["a"])], /has 1 rows/],
  ])("refuses %s", (_, columns, message) => {
    expect(() => encodeFeatures(encoder, columns)).toThrow(message);
  });
});

describe("fitFeatureEncoder refuses", () => {
  it.each([
    ["no features", [], {}],
    ["no rows", [num("x", [])], {}],
    ["a duplicate name", [num("x", [1]), num("x", [2])], {}],
    ["an empty name", [num("", [1])], {}],
    ["an infinite number", [num("x", [1, Number.POSITIVE_INFINITY])], {}],
    ["a boolean that is not 0/1/NaN", [num("b", [0, 2], "boolean")], {}],
    ["a number column that is not a Float64Array", [{ name: "x", type: "number", values: [1, 2] } as never], {}],
    ["a string cell that is not a string", [{ name: "c", type: "string", values: ["a", 3] } as never], {}],
    ["an unknown type", [{ name: "x", type: "date", values: new Float64Array(1) } as never], {}],
    ["maxCategories 0", [str("c", ["a"])], { maxCategories: 0 }],
    ["maxCategories 21", [str("c", ["a"])], { maxCategories: 21 }],
  ])("%s", (_, columns, options) => {
    expect(() => fitFeatureEncoder(columns as FeatureColumn[], options)).toThrow(InvalidInputError);
  });
});
