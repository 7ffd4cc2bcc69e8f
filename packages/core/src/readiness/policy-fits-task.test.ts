import { describe, expect, it } from "vitest";
import { taskSchema } from "../schemas/domain-enums.ts";
import { defaultPolicy } from "./default-policy.ts";
import { policyTaskIssues } from "./policy-fits-task.ts";

describe("policyTaskIssues", () => {
  it.each(taskSchema.options)("accepts the default policy of %s", (task) => {
    expect(policyTaskIssues(defaultPolicy(task), task)).toEqual([]);
  });

  it("names each gate whose metric the task never measures, and calibration on regression", () => {
    const issues = policyTaskIssues(
      {
        gates: [
          {
            id: "auc",
            kind: "metric",
            source: "benchmark",
            metric: "roc_auc",
            comparator: ">=",
            threshold: 0.8,
            confidenceLevel: 0.95,
            minN: 100,
          },
          {
            id: "ok",
            kind: "metric",
            source: "benchmark",
            metric: "r2",
            comparator: ">=",
            threshold: 0.5,
            confidenceLevel: 0.95,
            minN: 100,
          },
          { id: "ece", kind: "calibration", source: "benchmark", maxEce: 0.05, confidenceLevel: 0.95, minN: 100 },
          { id: "gap", kind: "gap", metric: "macro_f1", maxGap: 0.05, confidenceLevel: 0.9, minN: 100 },
        ],
      },
      "regression",
    );
    expect(issues.map((i) => i.path)).toEqual([
      ["gates", 0, "metric"],
      ["gates", 2, "kind"],
      ["gates", 3, "metric"],
    ]);
    expect(issues[0]?.message).toContain("roc_auc is not a regression metric");
  });
});
