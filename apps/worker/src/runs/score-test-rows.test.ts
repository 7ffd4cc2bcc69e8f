import { AppError } from "@fieldtest/db";
import { describe, expect, it } from "vitest";
import { indexPredictions } from "./join-predictions.ts";
import { scoreTestRows } from "./score-test-rows.ts";

const rowIds = Array.from({ length: 10 }, (_, i) => `r${i}`);
const allScores = indexPredictions(
  rowIds,
  Float64Array.from(rowIds, (_, i) => i / 10),
);

async function score(rows: Uint32Array, chunks: number, predictions = allScores) {
  const shares: number[] = [];
  const scores = await scoreTestRows({
    rowIds,
    rows,
    predictions,
    chunks,
    onChunk: async (share) => {
      shares.push(share);
    },
  });
  return { scores: Array.from(scores), shares };
}

describe("scoreTestRows", () => {
  it("scores every row across chunks and reports rising progress ending at 1", async () => {
    const { scores, shares } = await score(Uint32Array.of(1, 3, 4, 6, 9), 2);
    expect(scores).toEqual([0.1, 0.3, 0.4, 0.6, 0.9]);
    expect(shares).toEqual([3 / 5, 1]);
  });

  it.each([
    [1, 1],
    [3, 3],
    [5, 5],
    [50, 5],
  ])("with %i chunks asked for 5 rows it makes %i chunks", async (chunks, made) => {
    const { shares } = await score(Uint32Array.of(0, 1, 2, 3, 4), chunks);
    expect(shares).toHaveLength(made);
    expect(shares.at(-1)).toBe(1);
    expect([...shares].sort((a, b) => a - b)).toEqual(shares);
  });

  it.each([
    // The e2e journey: 15 test rows in SCORING_CHUNKS = 20 chunks, one progress step per row.
    { rows: 15, chunks: 20, steps: 15 },
    // ⌈21/20⌉ = 2 rows a chunk would make only 11 steps.
    { rows: 21, chunks: 20, steps: 20 },
    { rows: 39, chunks: 20, steps: 20 },
    { rows: 1_000, chunks: 20, steps: 20 },
    { rows: 1, chunks: 20, steps: 1 },
    { rows: 5, chunks: 0, steps: 1 },
    { rows: 5, chunks: Number.NaN, steps: 1 },
  ])(
    "scores $rows rows asked for $chunks chunks in $steps steps of near-equal size",
    async ({ rows, chunks, steps }) => {
      const ids = Array.from({ length: rows }, (_, i) => `r${i}`);
      const shares: number[] = [];
      const scores = await scoreTestRows({
        rowIds: ids,
        rows: Uint32Array.from(ids, (_, i) => i),
        predictions: indexPredictions(
          ids,
          Float64Array.from(ids, (_, i) => i),
        ),
        chunks,
        onChunk: async (share) => {
          shares.push(share);
        },
      });
      expect(Array.from(scores)).toEqual(ids.map((_, i) => i));
      expect(shares).toHaveLength(steps);
      expect(shares.at(-1)).toBe(1);
      const sizes = shares.map((share, k) => Math.round(share * rows) - Math.round((shares[k - 1] ?? 0) * rows));
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
    },
  );

  it("returns nothing for no rows without calling back", async () => {
    expect(await score(new Uint32Array(), 4)).toEqual({ scores: [], shares: [] });
  });

  it("reports every missing prediction of every chunk in one readable error", async () => {
    const partial = indexPredictions(["r0", "r2"], Float64Array.of(0.5, 0.5));
    const call = score(Uint32Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8), 3, partial);
    await expect(call).rejects.toThrow(AppError);
    await expect(call).rejects.toThrow(
      'Predictions are missing for 7 of 9 test rows (row ids "r1", "r3", "r4", "r5", "r6", …); upload a score for every row of the dataset version',
    );
  });
});
