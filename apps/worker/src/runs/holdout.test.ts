import { fnv1a64, randomSplit, seedToUint64 } from "@fieldtest/core";
import { describe, expect, it } from "vitest";
import { carveHoldout, encodeHoldoutRows, holdoutSeed } from "./holdout.ts";

const holdout = { fraction: 0.2, queryBudget: 10, mechanism: "thresholdout" as const };

describe("carveHoldout", () => {
  const test = Uint32Array.from({ length: 50 }, (_, i) => 3 * i + 1);

  it("splits the test rows into disjoint ascending public and holdout rows, the documented seeded draw", () => {
    const { publicRows, holdoutRows } = carveHoldout(test, holdout, 42);
    expect(holdoutRows).toHaveLength(10);
    expect(publicRows).toHaveLength(40);
    expect([...publicRows, ...holdoutRows].sort((a, b) => a - b)).toEqual(Array.from(test));
    expect(Array.from(holdoutRows)).toEqual([...holdoutRows].sort((a, b) => a - b));
    const draw = randomSplit({ n: 50, testFraction: 0.2, seed: seedToUint64(42) ^ fnv1a64("holdout") });
    expect(Array.from(holdoutRows)).toEqual(Array.from(draw.test, (k) => test[k]));
    expect(holdoutSeed(42)).toBe(seedToUint64(42) ^ fnv1a64("holdout"));
  });

  it("is the same for the same seed and differs for another", () => {
    const rows = (seed: number) => Array.from(carveHoldout(test, holdout, seed).holdoutRows);
    expect(rows(1)).toEqual(rows(1));
    expect(rows(1)).not.toEqual(rows(2));
  });

  it("refuses a test split too small to hide rows from, naming the holdout", () => {
    expect(() => carveHoldout(Uint32Array.of(4), holdout, 1)).toThrow(
      expect.objectContaining({
        field: "holdout",
        message: "The test split has 1 row: too few to keep a hidden holdout",
      }),
    );
  });
});

describe("encodeHoldoutRows", () => {
  it("writes the labels then the scores as little-endian float64s", () => {
    const bytes = encodeHoldoutRows(Float64Array.of(1, 0), Float64Array.of(0.25, 0.75));
    const view = new DataView(bytes.buffer);
    expect([0, 1, 2, 3].map((i) => view.getFloat64(8 * i, true))).toEqual([1, 0, 0.25, 0.75]);
  });
});
