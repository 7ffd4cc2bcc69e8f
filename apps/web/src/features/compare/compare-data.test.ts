import { describe, expect, it } from "vitest";
import { type Comparison, differenceCaption, differenceRows, differenceTable, formatPValue } from "./compare-data";

const column = (id: string) =>
  ({
    id,
    kind: "benchmark",
    status: "succeeded",
    createdAt: new Date(0),
    finishedAt: new Date(0),
    seed: 7,
    datasetHash: "d",
    configHash: "c",
    codeVersion: "v",
    modelVersion: { id: `v-${id}`, version: id, model: { id: "m", name: "model" } },
    benchmark: { id: "b", name: "bench", version: 1 },
    metrics: [],
    hasScores: true,
  }) as Comparison["a"];

const metric = (value: number) => ({ metric: "roc_auc", value, lower: null, upper: null, level: null, n: 100 });

const unpaired: Comparison = {
  a: column("a"),
  b: column("b"),
  metrics: [{ metric: "roc_auc", direction: "higher_is_better", a: metric(0.8), b: metric(0.85), difference: 0.05 }],
  config: [],
  paired: null,
  unpairedReason: "The runs ran different benchmark versions",
};

const paired: Comparison = {
  ...unpaired,
  unpairedReason: null,
  paired: {
    n: 200,
    positives: 80,
    negatives: 120,
    threshold: 0.5,
    level: 0.95,
    alpha: 0.05,
    seed: 1,
    resamples: 1000,
    valid: 1000,
    redraws: 0,
    dropped: 0,
    metrics: [
      {
        metric: "roc_auc",
        direction: "higher_is_better",
        a: 0.8,
        b: 0.85,
        difference: 0.05,
        lower: 0.01,
        upper: 0.09,
        level: 0.95,
        n: 200,
        test: "delong",
        pValue: 0.012,
        decision: "b_better",
        note: null,
      },
    ],
    mcnemar: { bothCorrect: 150, onlyACorrect: 10, onlyBCorrect: 20, bothWrong: 20, pValue: 0.1 },
    delong: null,
    delongProblem: null,
  },
};

describe("compare chart data", () => {
  it("draws the paired interval as asymmetric error bars around B − A", () => {
    const [row] = differenceRows(paired);
    expect(row).toMatchObject({ metric: "roc_auc", difference: 0.05, decision: "B better", test: "DeLong" });
    expect(row?.error?.[0]).toBeCloseTo(0.04, 12);
    expect(row?.error?.[1]).toBeCloseTo(0.04, 12);
    expect(differenceCaption(paired)).toMatch(/B − A on 200 shared rows, 95% paired bootstrap intervals: roc_auc \+/);
    expect(differenceCaption(paired)).toMatch(/DeLong p = 0\.0120 — B better/);
    expect(differenceTable(differenceRows(paired)).rows[0]).toEqual([
      "roc_auc",
      0.05,
      0.01,
      0.09,
      "DeLong",
      0.012,
      "B better",
    ]);
  });

  it("never invents an interval without a paired test, and says why", () => {
    const [row] = differenceRows(unpaired);
    expect(row).toMatchObject({ difference: 0.05, lower: null, upper: null, error: null, decision: null });
    expect(differenceCaption(unpaired)).toMatch(/No paired interval: The runs ran different benchmark versions/);
  });

  it("formats p-values", () => {
    expect(formatPValue(null)).toBe("—");
    expect(formatPValue(3e-7)).toBe("< 0.0001");
    expect(formatPValue(0.5)).toBe("0.5000");
  });
});
