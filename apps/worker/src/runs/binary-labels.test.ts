import { AppError } from "@fieldtest/db";
import { describe, expect, it } from "vitest";
import { binaryLabels, toBinaryLabel } from "./binary-labels.ts";

describe("toBinaryLabel", () => {
  it.each([
    [0, 0],
    [1, 1],
    [false, 0],
    [true, 1],
    [2, null],
    [-1, null],
    [0.5, null],
    [Number.NaN, null],
    ["1", null],
    ["yes", null],
    [null, null],
    [undefined, null],
  ])("%j → %j", (value, expected) => {
    expect(toBinaryLabel(value)).toBe(expected);
  });
});

describe("binaryLabels", () => {
  const rowIds = ["a", "b", "c", "d"];

  it("takes the labels of the given rows, in their order", () => {
    const labels = binaryLabels({ column: "y", values: [1, 0, 0, 1], rowIds, rows: Uint32Array.of(0, 2, 3) });
    expect(Array.from(labels)).toEqual([1, 0, 1]);
  });

  it("accepts a boolean column", () => {
    const labels = binaryLabels({ column: "y", values: [true, false, null, true], rowIds, rows: Uint32Array.of(0, 1) });
    expect(Array.from(labels)).toEqual([1, 0]);
  });

  it("returns an empty column for no rows", () => {
    expect(binaryLabels({ column: "y", values: [], rowIds: [], rows: new Uint32Array() })).toHaveLength(0);
  });

  it("ignores bad values outside the given rows", () => {
    expect(() => binaryLabels({ column: "y", values: [1, 7, 0, 1], rowIds, rows: Uint32Array.of(0, 2) })).not.toThrow();
  });

  it.each([
    [[1, 2, 0, 1], 'Label column "y" must hold 0/1 or true/false, but 1 row does not: row "b" holds 2'],
    [["no", "yes", "no", "x"], 'Label column "y" must hold 0/1 or true/false, but 4 rows do not: row "a" holds "no"'],
    [[1, 0, null, 1], 'Label column "y" must hold 0/1 or true/false, but 1 row does not: row "c" holds nothing'],
  ])("refuses %j with a readable error", (values, message) => {
    const call = () => binaryLabels({ column: "y", values: values as never, rowIds, rows: Uint32Array.of(0, 1, 2, 3) });
    expect(call).toThrow(AppError);
    expect(call).toThrow(message);
  });
});
