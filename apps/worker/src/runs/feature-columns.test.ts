import { StringData, TypedTable } from "@fieldtest/db";
import { describe, expect, it } from "vitest";
import { concatRows, featureColumnsOf, fromPerturbed, takeRows, toPerturbable } from "./feature-columns.ts";

describe("featureColumnsOf", () => {
  it("takes every column but the reserved ones, numbers unboxed, booleans as 0/1/NaN", () => {
    const info = (name: string, type: "number" | "string" | "boolean" | "timestamp") => ({ name, type, missing: 0 });
    const table = new TypedTable(
      2,
      [
        info("id", "string"),
        info("day", "timestamp"),
        info("label", "number"),
        info("temp", "number"),
        info("windy", "boolean"),
        info("city", "string"),
      ],
      new Map([
        ["id", { type: "string" as const, strings: StringData.fromValues(["r1", "r2"]) }],
        ["day", { type: "timestamp" as const, values: Float64Array.of(0, 86_400_000) }],
        ["label", { type: "number" as const, values: Float64Array.of(1, 0) }],
        ["temp", { type: "number" as const, values: Float64Array.of(3.5, Number.NaN) }],
        ["windy", { type: "boolean" as const, values: Uint8Array.of(1, 0) }],
        ["city", { type: "string" as const, strings: StringData.fromValues(["Seattle", null]) }],
      ]),
    );
    const columns = featureColumnsOf(table, { idColumn: "id", labelColumn: "label", timestampColumn: "day" });
    expect(columns.map((c) => [c.name, c.type])).toEqual([
      ["temp", "number"],
      ["windy", "boolean"],
      ["city", "string"],
    ]);
    expect(columns[0]?.values).toBeInstanceOf(Float64Array);
    expect(Array.from(columns[0]?.values as Float64Array)).toEqual([3.5, Number.NaN]);
    expect(Array.from(columns[1]?.values as Float64Array)).toEqual([1, 0]);
    expect(columns[2]?.values).toEqual(["Seattle", null]);
  });
});

describe("takeRows and concatRows", () => {
  const columns = [
    { name: "x", type: "number" as const, values: Float64Array.of(10, 11, 12, 13) },
    { name: "c", type: "string" as const, values: ["a", null, "c", "d"] },
  ];

  it("take the given rows in the given order", () => {
    const taken = takeRows(columns, Uint32Array.of(3, 1));
    expect(Array.from(taken[0]?.values as Float64Array)).toEqual([13, 11]);
    expect(taken[1]?.values).toEqual(["d", null]);
  });

  it("append tables row-wise, column by column", () => {
    const joined = concatRows([takeRows(columns, Uint32Array.of(0)), takeRows(columns, Uint32Array.of(2, 3))]);
    expect(Array.from(joined[0]?.values as Float64Array)).toEqual([10, 12, 13]);
    expect(joined[1]?.values).toEqual(["a", "c", "d"]);
    expect(concatRows([])).toEqual([]);
  });
});

describe("toPerturbable and fromPerturbed", () => {
  it("perturb numbers as numbers, strings and booleans as categories, and leave timestamps alone", () => {
    const columns = [
      { name: "x", type: "number" as const, values: Float64Array.of(1, 2) },
      { name: "b", type: "boolean" as const, values: Float64Array.of(1, Number.NaN) },
      { name: "t", type: "timestamp" as const, values: Float64Array.of(5, 6) },
      { name: "c", type: "string" as const, values: ["u", "v"] },
    ];
    const perturbable = toPerturbable(columns);
    expect(Object.keys(perturbable.numeric ?? {})).toEqual(["x"]);
    expect(perturbable.categorical).toEqual({ b: ["true", null], c: ["u", "v"] });

    const back = fromPerturbed(columns, {
      numeric: { x: Float64Array.of(9, 9) },
      categorical: { b: ["false", "true"], c: ["v", null] },
    });
    expect(Array.from(back[0]?.values as Float64Array)).toEqual([9, 9]);
    expect(Array.from(back[1]?.values as Float64Array)).toEqual([0, 1]);
    expect(back[2]).toBe(columns[2]);
    expect(back[3]?.values).toEqual(["v", null]);
  });
});
