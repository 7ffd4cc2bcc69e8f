import { randomSplit } from "@fieldtest/core";
import { AppError } from "@fieldtest/db";
import { describe, expect, it } from "vitest";
import { selectTestRows } from "./test-rows.ts";

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const timestamps = Float64Array.of(day("2024-01-01"), day("2024-01-02"), day("2024-01-03"), day("2024-01-04"));

describe("selectTestRows", () => {
  it("takes core's seeded random split", () => {
    const rows = selectTestRows({
      split: { kind: "random", testFraction: 0.3 },
      seed: 7,
      rowCount: 50,
      timestamps: null,
    });
    expect(Array.from(rows)).toEqual(Array.from(randomSplit({ n: 50, testFraction: 0.3, seed: 7 }).test));
    expect(rows).toHaveLength(15);
  });

  it("gives the same rows for the same seed and others for another seed", () => {
    const pick = (seed: number) =>
      Array.from(
        selectTestRows({ split: { kind: "random", testFraction: 0.5 }, seed, rowCount: 40, timestamps: null }),
      );
    expect(pick(1)).toEqual(pick(1));
    expect(pick(1)).not.toEqual(pick(2));
  });

  it("takes rows at or after the cutoff for a temporal split", () => {
    const rows = selectTestRows({
      split: { kind: "temporal", cutoff: "2024-01-03" },
      seed: 1,
      rowCount: 4,
      timestamps,
    });
    expect(Array.from(rows)).toEqual([2, 3]);
  });

  it.each([
    [
      { kind: "temporal", cutoff: "2024-01-03" } as const,
      null,
      4,
      "The benchmark uses a temporal split, but its dataset version has no timestamp column",
    ],
    [
      { kind: "temporal", cutoff: "2024-02-01" } as const,
      timestamps,
      4,
      "The temporal split at 2024-02-01 leaves no test rows: the last timestamp in the dataset version is 2024-01-04T00:00:00.000Z",
    ],
    [
      { kind: "random", testFraction: 0.5 } as const,
      null,
      1,
      "A random split needs at least 2 rows; the dataset version has 1",
    ],
  ])("refuses %j with a readable error", (split, stamps, rowCount, message) => {
    const call = () => selectTestRows({ split, seed: 1, rowCount, timestamps: stamps });
    expect(call).toThrow(AppError);
    expect(call).toThrow(message);
  });
});
