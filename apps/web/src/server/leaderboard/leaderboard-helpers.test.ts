import { describe, expect, it } from "vitest";
import { holdoutSeed, replayHoldoutQueries } from "./holdout-answers";
import { rankLeaderboard } from "./rank-leaderboard";

const entry = (id: string, value: number | null, half = 0.01) => ({
  modelVersionId: id,
  runId: `run-${id}`,
  value,
  lower: value === null ? null : value - half,
  upper: value === null ? null : value + half,
  level: value === null ? null : 0.95,
  n: 100,
});

describe("rankLeaderboard", () => {
  it("ranks by direction, shares ranks on ties, and puts missing values last unranked", () => {
    const { ranked, pairs } = rankLeaderboard(
      [entry("a", 0.5), entry("b", 0.9), entry("c", null), entry("d", 0.9)],
      "higher_is_better",
    );
    expect(ranked.map((r) => [r.entry.modelVersionId, r.rank])).toEqual([
      ["b", 1],
      ["d", 1],
      ["a", 3],
      ["c", null],
    ]);
    expect(pairs).toHaveLength(3); // c has no interval: not tested
    expect(pairs.map((p) => p.adjustedPValue)).toEqual([...pairs.map((p) => p.adjustedPValue)].sort((x, y) => x - y));
    const lower = rankLeaderboard([entry("a", 0.5), entry("b", 0.9)], "lower_is_better");
    expect(lower.ranked.map((r) => r.entry.modelVersionId)).toEqual(["a", "b"]);
    expect(lower.pairs[0]).toMatchObject({ better: "a", worse: "b", significant: true });
  });
});

describe("replayHoldoutQueries", () => {
  const q = (runId: string, publicValue: number | null, holdoutValue: number | null) => ({
    runId,
    publicValue,
    holdoutValue,
    holdoutRows: 400,
  });

  it("counts one query per run and refuses after the budget", () => {
    const seed = holdoutSeed("secret", "bench");
    const replay = replayHoldoutQueries({
      queries: [q("r1", 0.8, 0.8), q("r2", 0.8, null), q("r3", 0.8, 0.2), q("r4", 0.8, 0.8)],
      budget: 3,
      seed,
    });
    expect(replay).toMatchObject({ budget: 3, used: 3, spent: true });
    expect(replay.answers.map((a) => a.status)).toEqual(["answered", "undefined", "answered", "refused"]);
    // Equal public and holdout values: Thresholdout answers the training value unchanged.
    expect(replay.answers[0]).toMatchObject({ value: 0.8 });
    // Deterministic: the same history and seed replay the same answers; another seed draws other noise.
    expect(replayHoldoutQueries({ queries: [q("r3", 0.8, 0.2)], budget: 3, seed }).answers).toEqual(
      replayHoldoutQueries({ queries: [q("r3", 0.8, 0.2)], budget: 3, seed }).answers,
    );
    expect(holdoutSeed("secret", "bench")).toBe(seed);
    expect(holdoutSeed("other", "bench")).not.toBe(seed);
  });

  it("an empty history uses nothing", () => {
    expect(replayHoldoutQueries({ queries: [], budget: 2, seed: 1n })).toEqual({
      budget: 2,
      used: 0,
      spent: false,
      answers: [],
    });
  });
});
