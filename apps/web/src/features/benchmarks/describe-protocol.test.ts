import { benchmarkProtocolSchema } from "@fieldtest/core";
import { describe, expect, it } from "vitest";
import { describeProtocol, describeSplit } from "./describe-protocol";

describe("describeSplit", () => {
  it.each([
    [{ kind: "random", testFraction: 0.2 }, "random, test 0.2"],
    [{ kind: "temporal", cutoff: "2024-02-15" }, "temporal, cutoff 2024-02-15"],
    [{ kind: "rolling", folds: 4, testWindow: { days: 7 } }, "rolling, 4 folds of 7 days, expanding train"],
    [
      { kind: "rolling", folds: 1, testWindow: { rows: 1 }, trainWindow: { days: 30 }, gap: { days: 1 } },
      "rolling, 1 fold of 1 row, 30 days train, gap 1 day",
    ],
    [{ kind: "nope" }, "—"],
    [null, "—"],
  ])("%j → %s", (split, text) => {
    expect(describeSplit(split)).toBe(text);
  });
});

describe("describeProtocol", () => {
  it("names every part, and 'none' for the parts left out", () => {
    const rows = describeProtocol(
      benchmarkProtocolSchema.parse({ split: { kind: "random", testFraction: 0.3 }, seed: 4, metrics: ["roc_auc"] }),
    );
    expect(Object.fromEntries(rows.map((r) => [r.label, r.value]))).toEqual({
      Task: "binary classification",
      Split: "random, test 0.3",
      Seed: "4",
      Metrics: "roc_auc",
      Threshold: "0.5",
      Slices: "none",
      "Decision costs": "none",
      Confidence: "95% bootstrap intervals, 1,000 resamples",
      "Hidden holdout": "none",
      "Stress scenarios": "none",
    });
  });
});
