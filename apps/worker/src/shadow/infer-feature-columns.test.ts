import { describe, expect, it } from "vitest";
import { featureColumnsFromEvents, inferredColumnsOf } from "./infer-feature-columns.ts";

describe("inferredColumnsOf", () => {
  it.each([
    { values: [1, 2.5, null], type: "number" },
    { values: [true, false, null], type: "boolean" },
    { values: [true, 3], type: "number" },
    { values: ["a", 1], type: "string" },
    { values: [null, null], type: "number" },
    { values: [{ a: 1 }], type: "string" },
  ])("types $values as $type", ({ values, type }) => {
    expect(inferredColumnsOf(values.map((x) => ({ x })))).toEqual([{ name: "x", type }]);
  });

  it("takes the union of names in first-seen order", () => {
    expect(inferredColumnsOf([{ b: 1 }, { a: "x", b: 2 }, { c: true }]).map((c) => c.name)).toEqual(["b", "a", "c"]);
  });
});

describe("featureColumnsFromEvents", () => {
  it("fills missing values with NaN or null and converts cells to the column's type", () => {
    const records = [{ n: 1, b: true, s: "x", t: "2025-01-01T00:00:00Z" }, { n: "2", s: 3 }, {}];
    const [n, b, s, t] = featureColumnsFromEvents(records, [
      { name: "n", type: "number" },
      { name: "b", type: "boolean" },
      { name: "s", type: "string" },
      { name: "t", type: "timestamp" },
    ]);
    expect(Array.from(n?.values as Float64Array)).toEqual([1, 2, Number.NaN]);
    expect(Array.from(b?.values as Float64Array)).toEqual([1, Number.NaN, Number.NaN]);
    expect(s?.values).toEqual(["x", "3", null]);
    expect(Array.from(t?.values as Float64Array)).toEqual([Date.UTC(2025, 0, 1), Number.NaN, Number.NaN]);
  });
});
