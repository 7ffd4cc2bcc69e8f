import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { temporalSplit } from "./temporal-split.ts";

describe("temporalSplit", () => {
  it.each([
    { name: "a row at the cutoff is test", timestamps: [5, 10, 15], cutoff: 10, train: [0], test: [1, 2] },
    { name: "unsorted timestamps", timestamps: [30, 10, 20, 10], cutoff: 20, train: [1, 3], test: [0, 2] },
    { name: "cutoff after every row", timestamps: [1, 2], cutoff: 3, train: [0, 1], test: [] },
    { name: "cutoff before every row", timestamps: [1, 2], cutoff: -1, train: [], test: [0, 1] },
    { name: "one row", timestamps: [7], cutoff: 7, train: [], test: [0] },
    { name: "no rows", timestamps: [], cutoff: 0, train: [], test: [] },
    {
      name: "epoch ms",
      timestamps: [Date.UTC(2024, 0, 1), Date.UTC(2024, 5, 1)],
      cutoff: Date.UTC(2024, 2, 1),
      train: [0],
      test: [1],
    },
  ])("$name", ({ timestamps, cutoff, train, test }) => {
    const split = temporalSplit({ timestamps: Float64Array.from(timestamps), cutoff });
    expect(split.train).toBeInstanceOf(Uint32Array);
    expect(Array.from(split.train)).toEqual(train);
    expect(Array.from(split.test)).toEqual(test);
  });

  it("names the count of NaN timestamps and the first one", () => {
    const run = () => temporalSplit({ timestamps: Float64Array.from([1, Number.NaN, 3, Number.NaN]), cutoff: 2 });
    expect(run).toThrow(InvalidInputError);
    expect(run).toThrow("temporalSplit: 2 of 4 timestamps are missing (NaN), first at index 1");
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])("rejects cutoff %s", (cutoff) => {
    expect(() => temporalSplit({ timestamps: Float64Array.from([1]), cutoff })).toThrow(
      /cutoff must be a finite number/,
    );
  });
});
