import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { benchmarkProtocolFromColumns, benchmarkProtocolToColumns } from "./benchmark-protocol-columns.ts";
import { benchmarkProtocolSchema } from "./benchmark-protocol-schema.ts";
import { rollingOriginOptionsOf } from "./rolling-split-schema.ts";

/** A row as the foundation stored it, before benchmarks had more than split, metrics, threshold and seed. */
const oldRow = {
  task: "binary_classification" as const,
  split: { kind: "temporal", cutoff: "2024-02-15" },
  metrics: ["roc_auc", "accuracy"],
  threshold: 0.4,
  sliceColumns: [],
  costs: null,
  stress: [],
  confidenceLevel: 0.95,
  bootstrapResamples: 1000,
  holdout: null,
  seed: 11,
};

describe("benchmarkProtocolFromColumns / benchmarkProtocolToColumns", () => {
  it("reads a row with only the foundation's fields set (the columns' defaults)", () => {
    expect(benchmarkProtocolFromColumns(oldRow)).toEqual({
      task: "binary_classification",
      split: { kind: "temporal", cutoff: "2024-02-15" },
      metrics: ["roc_auc", "accuracy"],
      threshold: 0.4,
      sliceColumns: [],
      stress: [],
      confidence: { level: 0.95, resamples: 1000 },
      seed: 11,
    });
  });

  it("round-trips a full protocol", () => {
    const protocol = benchmarkProtocolSchema.parse({
      split: { kind: "random", testFraction: 0.3 },
      metrics: ["ece"],
      threshold: 0.2,
      sliceColumns: ["region"],
      costs: { fp: 1, fn: 9 },
      stress: [{ name: "gone", perturbations: [{ kind: "missing_values", rate: 0.5 }] }],
      confidence: { level: 0.9, resamples: 0 },
      holdout: { fraction: 0.2, queryBudget: 30, mechanism: "ladder" },
      seed: 3,
    });
    const columns = benchmarkProtocolToColumns(protocol);
    expect(columns).toMatchObject({ confidenceLevel: 0.9, bootstrapResamples: 0, threshold: 0.2 });
    expect(
      benchmarkProtocolFromColumns({ ...columns, costs: columns.costs ?? null, holdout: columns.holdout ?? null }),
    ).toEqual(protocol);
  });

  it("ignores the threshold column's default on a regression row, and stores none", () => {
    const protocol = benchmarkProtocolFromColumns({ ...oldRow, task: "regression", metrics: ["mae"], threshold: 0.5 });
    expect("threshold" in protocol).toBe(false);
    expect(benchmarkProtocolToColumns(protocol).threshold).toBeNull();
  });

  it("refuses a row that no longer parses, naming the fields", () => {
    expect(() => benchmarkProtocolFromColumns({ ...oldRow, split: { kind: "random" }, metrics: ["mae"] })).toThrow(
      InvalidInputError,
    );
    expect(() => benchmarkProtocolFromColumns({ ...oldRow, split: { kind: "random" } })).toThrow(
      /^The stored benchmark protocol is not valid \(split\.testFraction: /,
    );
  });
});

describe("rollingOriginOptionsOf", () => {
  it.each([
    {
      split: { kind: "rolling", folds: 3, testWindow: { days: 7 }, trainWindow: "expanding", gap: { days: 0 } },
      expected: { folds: 3, testWindow: { ms: 7 * 86_400_000 }, trainWindow: "expanding", gap: { ms: 0 } },
    },
    {
      split: { kind: "rolling", folds: 1, testWindow: { rows: 50 }, trainWindow: { days: 0.5 }, gap: { days: 2 } },
      expected: { folds: 1, testWindow: { rows: 50 }, trainWindow: { ms: 43_200_000 }, gap: { ms: 172_800_000 } },
    },
  ] as const)("turns days into core's milliseconds: $split.testWindow", ({ split, expected }) => {
    expect(rollingOriginOptionsOf(split)).toEqual(expected);
  });
});
