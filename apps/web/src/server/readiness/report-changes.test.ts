import { describe, expect, it } from "vitest";
import { reportChanges } from "./report-changes";

describe("reportChanges", () => {
  it("says first report, policy changes, gates added, removed and moved", () => {
    const a = {
      policyId: null,
      gates: [
        { id: "gap", status: "insufficient_evidence" },
        { id: "ece", status: "pass" },
      ],
    };
    expect(reportChanges(undefined, a)).toEqual(["first report"]);
    const b = {
      policyId: "p1",
      gates: [
        { id: "gap", status: "fail" },
        { id: "auc", status: "pass" },
      ],
    };
    expect(reportChanges(a, b)).toEqual([
      "policy changed",
      "gap: insufficient → fail",
      "auc added (pass)",
      "ece removed",
    ]);
  });

  it("is empty when only the numbers moved", () => {
    const a = { policyId: "p", gates: [{ id: "gap", status: "fail" }] };
    expect(reportChanges(a, { ...a })).toEqual([]);
  });
});
