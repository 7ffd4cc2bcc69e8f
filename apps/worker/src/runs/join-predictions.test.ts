import { describe, expect, it } from "vitest";
import { indexPredictions, joinPredictions } from "./join-predictions.ts";

describe("indexPredictions", () => {
  it("maps row ids to scores and skips rows without an id", () => {
    const index = indexPredictions(["b", null, "a"], Float64Array.of(0.2, 0.5, 0.9));
    expect([...index.entries()]).toEqual([
      ["b", 0.2],
      ["a", 0.9],
    ]);
  });

  it("refuses columns of different lengths", () => {
    expect(() => indexPredictions(["a"], Float64Array.of(0.1, 0.2))).toThrow("1 row ids but 2 scores");
  });
});

describe("joinPredictions", () => {
  const rowIds = ["r1", "r2", "r3", "r4"];
  // Uploaded in another order than the dataset: the join must go by id.
  const predictions = indexPredictions(["r4", "r3", "r1", "r2"], Float64Array.of(0.4, 0.3, 0.1, 0.2));

  it("takes each row's score by row id", () => {
    const joined = joinPredictions({ rowIds, rows: Uint32Array.of(0, 1, 2, 3), predictions });
    expect(Array.from(joined.scores)).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(joined.missing).toBe(0);
  });

  it("scores only the given rows", () => {
    const joined = joinPredictions({ rowIds, rows: Uint32Array.of(1, 3), predictions });
    expect(Array.from(joined.scores)).toEqual([0.2, 0.4]);
  });

  it("keeps a score of 0", () => {
    const zero = indexPredictions(["r1"], Float64Array.of(0));
    expect(Array.from(joinPredictions({ rowIds, rows: Uint32Array.of(0), predictions: zero }).scores)).toEqual([0]);
  });

  it("reports rows without a prediction and leaves NaN in their place", () => {
    const partial = indexPredictions(["r2"], Float64Array.of(0.7));
    const joined = joinPredictions({ rowIds: ["r1", "r2", null], rows: Uint32Array.of(0, 1, 2), predictions: partial });
    expect(joined.missing).toBe(2);
    expect(joined.missingExamples).toEqual(["r1", "#3"]);
    expect(Array.from(joined.scores)).toEqual([Number.NaN, 0.7, Number.NaN]);
  });

  it("handles no rows", () => {
    expect(joinPredictions({ rowIds, rows: new Uint32Array(), predictions })).toEqual({
      scores: new Float64Array(),
      missing: 0,
      missingExamples: [],
    });
  });

  it("counts every missing row but keeps only the first few as examples", () => {
    const ids = Array.from({ length: 20 }, (_, i) => `r${i}`);
    const joined = joinPredictions({ rowIds: ids, rows: Uint32Array.from(ids.keys()), predictions: new Map() });
    expect(joined.missing).toBe(20);
    expect(joined.missingExamples).toEqual(["r0", "r1", "r2", "r3", "r4"]);
  });
});
