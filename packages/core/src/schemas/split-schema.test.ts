import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { cutoffToEpochMs, splitSchema } from "./split-schema.ts";

describe("splitSchema", () => {
  it.each([
    { kind: "random", testFraction: 0.2 },
    { kind: "random", testFraction: 0.999 },
    { kind: "temporal", cutoff: "2024-01-31" },
    { kind: "temporal", cutoff: "2024-01-31T12:30:00Z" },
    { kind: "temporal", cutoff: "2024-01-31T12:30:00.250+02:00" },
  ])("accepts %o", (split) => {
    expect(splitSchema.parse(split)).toEqual(split);
  });

  it.each([
    { name: "testFraction 0", split: { kind: "random", testFraction: 0 }, path: "testFraction" },
    { name: "testFraction 1", split: { kind: "random", testFraction: 1 }, path: "testFraction" },
    { name: "testFraction missing", split: { kind: "random" }, path: "testFraction" },
    { name: "testFraction as text", split: { kind: "random", testFraction: "0.2" }, path: "testFraction" },
    { name: "cutoff not a date", split: { kind: "temporal", cutoff: "yesterday" }, path: "cutoff" },
    { name: "cutoff without a time zone", split: { kind: "temporal", cutoff: "2024-01-31T12:30:00" }, path: "cutoff" },
    { name: "impossible date", split: { kind: "temporal", cutoff: "2024-02-30" }, path: "cutoff" },
    { name: "cutoff as epoch number", split: { kind: "temporal", cutoff: 1706659200000 }, path: "cutoff" },
    { name: "unknown kind", split: { kind: "rolling", testFraction: 0.2 }, path: "kind" },
  ])("rejects $name, naming the field", ({ split, path }) => {
    const result = splitSchema.safeParse(split);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([path]);
  });
});

describe("cutoffToEpochMs", () => {
  it.each([
    { cutoff: "2024-01-31", expected: Date.UTC(2024, 0, 31) },
    { cutoff: "2024-01-31T12:30:00Z", expected: Date.UTC(2024, 0, 31, 12, 30) },
    { cutoff: "2024-01-31T12:30:00+02:00", expected: Date.UTC(2024, 0, 31, 10, 30) },
  ])("$cutoff → $expected", ({ cutoff, expected }) => {
    expect(cutoffToEpochMs(cutoff)).toBe(expected);
  });

  it("refuses a local time", () => {
    expect(() => cutoffToEpochMs("2024-01-31T12:30:00")).toThrow(InvalidInputError);
  });
});
