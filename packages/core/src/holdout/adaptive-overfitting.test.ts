import { beforeAll, describe, expect, it } from "vitest";
import {
  type BoostingAttackResult,
  boostingAttack,
  type FeatureSelectionAttackResult,
  featureSelectionAttack,
} from "./testing/adaptive-attacks.ts";
import { thresholdoutSettings } from "./thresholdout.ts";

// Statistical checks by simulation (issue 3, "Proof"): labels are fair coins, so every
// classifier's true accuracy is exactly ½. An adaptive analyst overfits a plain holdout
// far above ½; the reusable holdouts keep the reported score near ½. Seeds are fixed and
// the PRNG is exact, so the figures are the same on every machine; the margins leave
// room around them (figures for these seeds are in the comments).

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("Thresholdout against Dwork et al.'s feature-selection attack", () => {
  const n = 4000;
  const d = 2000; // one query per candidate feature, plus one per k: 2,010 queries per run
  const ks = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
  let runs: FeatureSelectionAttackResult[] = [];
  let late: FeatureSelectionAttackResult["points"] = [];
  beforeAll(() => {
    runs = [101, 102, 103].map((seed) =>
      featureSelectionAttack({ n, d, ks, seed, thresholdout: { ...thresholdoutSettings(n), budget: 200 } }),
    );
    // From k = 40 the selected classifiers are overfit enough for the gap to show.
    late = runs.flatMap((r) => r.points.filter((p) => p.k >= 40));
  }, 60_000);

  it("runs at least 1,000 queries per repetition within the budget", () => {
    for (const run of runs) {
      expect(run.queries).toBe(d + ks.length);
      expect(run.refused).toBe(0);
      expect(run.holdoutAnswers).toBeLessThan(200); // 48, 99, 65
    }
  });

  it("inflates the plain holdout well above chance (mean 0.576, every point ≥ 0.551)", () => {
    expect(mean(late.map((p) => p.plainHoldout))).toBeGreaterThan(0.56);
    for (const p of late) expect(p.plainHoldout).toBeGreaterThan(0.54);
    // …while the same classifiers are at chance on fresh rows (mean 0.500).
    expect(Math.abs(mean(late.map((p) => p.freshPlain)) - 0.5)).toBeLessThan(0.01);
  });

  it("keeps Thresholdout's reported accuracy near ½ (mean 0.516; 18 of 21 within 0.03 of the truth)", () => {
    const reported = late.map((p) => p.thresholdoutReported as number);
    expect(mean(reported)).toBeLessThan(0.53);
    expect(Math.abs(mean(late.map((p) => p.freshThresholdout)) - 0.5)).toBeLessThan(0.01);
    const honest = late.filter((p) => Math.abs((p.thresholdoutReported as number) - p.freshThresholdout) < 0.03);
    expect(honest.length / late.length).toBeGreaterThanOrEqual(0.8);
    // The training accuracy it guards against is far above (mean ≈ 0.62).
    expect(mean(late.map((p) => p.training))).toBeGreaterThan(0.6);
  });
});

describe("the Ladder against Blum & Hardt's boosting attack", () => {
  // 1,000 random submissions, then their majority vote: 1,001 queries per repetition.
  let runs: BoostingAttackResult[] = [];
  beforeAll(() => {
    runs = [201, 202, 203].map((seed) => boostingAttack({ n: 4000, submissions: 1000, seed }));
  }, 60_000);

  it("a plain leaderboard reports the boosted submission's error far below ½ (0.388, 0.379, 0.388)", () => {
    for (const run of runs) {
      expect(run.plainReported).toBeLessThan(0.43);
      expect(Math.abs(run.freshPlain - 0.5)).toBeLessThan(0.02);
    }
  });

  it("the Ladder's released score stays near ½ (0.472, 0.472, 0.476)", () => {
    for (const run of runs) {
      expect(run.ladderReported).toBeGreaterThan(0.46);
      expect(run.ladderReported).toBeLessThanOrEqual(0.5 + 0.02);
      expect(Math.abs(run.freshLadder - 0.5)).toBeLessThan(0.02);
      expect(run.ladderAccepted).toBeLessThan(20); // 4, 3, 3 of 1,001 submissions moved the score
    }
  });
});
