import { describe, expect, it } from "vitest";
import { configRows, joinByRowId } from "./compare-runs.ts";

const scores = (rowIds: string[], labels: number[], values: number[]) => ({
  rowIds,
  labels: Float64Array.from(labels),
  scores: Float64Array.from(values),
});

describe("joinByRowId", () => {
  it("puts B's scores in A's row order", () => {
    const a = scores(["r1", "r2", "r3"], [1, 0, 1], [0.9, 0.2, 0.7]);
    const b = scores(["r3", "r1", "r2"], [1, 1, 0], [0.6, 0.8, 0.1]);
    const joined = joinByRowId(a, b);
    if ("reason" in joined) throw new Error(joined.reason);
    expect([...joined.labels]).toEqual([1, 0, 1]);
    expect([...joined.scoresA]).toEqual([0.9, 0.2, 0.7]);
    expect([...joined.scoresB]).toEqual([0.8, 0.1, 0.6]);
  });

  it.each([
    ["different rows", ["r1", "r2", "r4"], [1, 0, 1], /1 only in A, 1 only in B, 2 shared/],
    ["a repeated id", ["r1", "r1", "r2"], [1, 1, 0], /appears twice in run B/],
    ["different labels", ["r1", "r2", "r3"], [0, 0, 1], /1 shared rows carry different labels/],
  ])("refuses to pair %s", (_name, ids, labels, reason) => {
    const a = scores(["r1", "r2", "r3"], [1, 0, 1], [0.9, 0.2, 0.7]);
    const joined = joinByRowId(a, scores(ids, labels, [0.5, 0.5, 0.5]));
    expect("reason" in joined && joined.reason).toMatch(reason);
  });
});

describe("configRows", () => {
  it("flattens both configs by dotted path and marks the differences", () => {
    const rows = configRows(
      { seed: 7, split: { kind: "random", testFraction: 0.5 }, metrics: ["roc_auc"], modelVersionId: "a" },
      { seed: 7, split: { kind: "random", testFraction: 0.4 }, metrics: ["roc_auc"], modelVersionId: "b", extra: 1 },
    );
    expect(rows).toEqual([
      { key: "extra", a: null, b: "1", same: false },
      { key: "metrics", a: '["roc_auc"]', b: '["roc_auc"]', same: true },
      { key: "modelVersionId", a: '"a"', b: '"b"', same: false },
      { key: "seed", a: "7", b: "7", same: true },
      { key: "split.kind", a: '"random"', b: '"random"', same: true },
      { key: "split.testFraction", a: "0.5", b: "0.4", same: false },
    ]);
  });
});
