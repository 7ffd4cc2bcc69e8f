import { benchmarkProtocolSchema } from "@fieldtest/core";
import { describe, expect, it } from "vitest";
import { defaultDraft, draftFromProtocol, newScenario, protocolInputFromDraft } from "./protocol-draft";

describe("protocol drafts", () => {
  it.each([
    { split: { kind: "random", testFraction: 0.25 }, seed: 1 },
    {
      split: { kind: "rolling", folds: 3, testWindow: { rows: 200 }, trainWindow: { days: 60 }, gap: { days: 2 } },
      metrics: ["roc_auc", "ece"],
      threshold: 0.7,
      sliceColumns: ["region"],
      costs: { fp: 1, fn: 9, tn: -1 },
      stress: [
        {
          name: "shifted",
          perturbations: [
            { kind: "shift", columns: ["amount", "age"], operation: "multiply", amount: 1.5 },
            { kind: "category_swap", rate: 0.2 },
          ],
        },
      ],
      confidence: { level: 0.9, resamples: 0 },
      seed: 8,
    },
    {
      task: "regression",
      split: { kind: "temporal", cutoff: "2024-05-01" },
      metrics: ["mae"],
      holdout: { fraction: 0.3, queryBudget: 40, mechanism: "ladder" },
      seed: 2,
    },
  ])("an edited protocol the user did not change is the same protocol: %j", (raw) => {
    const protocol = benchmarkProtocolSchema.parse(raw);
    const input = protocolInputFromDraft(draftFromProtocol(protocol), undefined);
    expect(benchmarkProtocolSchema.parse(input)).toEqual(protocol);
  });

  it("a new draft is a valid protocol once a cutoff is given; parts switched off are null for a revision", () => {
    const draft = { ...defaultDraft({ hasTimestamp: true }), cutoff: "2024-01-01", seed: "5" };
    const parsed = benchmarkProtocolSchema.parse(protocolInputFromDraft(draft, undefined));
    expect(parsed).toMatchObject({ split: { kind: "temporal", cutoff: "2024-01-01" }, threshold: 0.5, seed: 5 });
    expect(protocolInputFromDraft(draft, null)).toMatchObject({ costs: null, holdout: null });
  });

  it("leaves wrong numbers for the server to name (NaN, missing)", () => {
    const draft = { ...defaultDraft({ hasTimestamp: false }), testFraction: "abc", seed: "" };
    const input = protocolInputFromDraft({ ...draft, stress: [newScenario(0)] }, undefined);
    expect(input.seed).toBeUndefined();
    const result = benchmarkProtocolSchema.safeParse({ ...input, seed: 1 });
    expect(result.error?.issues[0]?.path).toEqual(["split", "testFraction"]);
  });
});
