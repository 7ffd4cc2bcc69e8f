import { describe, expect, it } from "vitest";
import { StringData } from "../tables/typed-table.ts";
import { firstRepeatedId } from "./find-repeated-id.ts";

const ids = (values: (string | null)[]) => StringData.fromValues(values);

describe("firstRepeatedId", () => {
  it.each<[string, (string | null)[], number]>([
    ["no ids", [], -1],
    ["one id", ["a"], -1],
    ["distinct ids", ["a", "b", "ab", "ba", ""], -1],
    ["a repeat: the later row", ["a", "b", "a"], 2],
    ["the first repeat in row order", ["x", "y", "y", "x"], 2],
    ["missing ids are not repeats", [null, "a", null], -1],
    ["non-ASCII ids", ["é", "e\u0301", "é"], 2],
  ])("%s", (_name, values, expected) => {
    expect(firstRepeatedId(ids(values))).toBe(expected);
  });

  it("finds the one repeat among 200,000 ids", () => {
    const values = Array.from({ length: 200_000 }, (_, i) => `id-${i}`);
    expect(firstRepeatedId(ids(values))).toBe(-1);
    values[150_000] = "id-7";
    expect(firstRepeatedId(ids(values))).toBe(150_000);
  });
});
