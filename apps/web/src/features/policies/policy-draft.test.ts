import { defaultPolicy } from "@fieldtest/core";
import { describe, expect, it } from "vitest";
import { checkPolicyDraft, policyText } from "./policy-draft";

describe("checkPolicyDraft", () => {
  it("reads a valid policy into gates in words", () => {
    const check = checkPolicyDraft(policyText(defaultPolicy("binary_classification")), "binary_classification");
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.gates[0]?.words).toContain("roc_auc");
  });

  it("names the path of each problem: not JSON, schema, task", () => {
    expect(checkPolicyDraft("{", "regression")).toMatchObject({ ok: false, problems: [{ path: "policy" }] });
    const schema = checkPolicyDraft(JSON.stringify({ gates: [{ id: "x", kind: "latency" }] }), "regression");
    expect(schema.ok).toBe(false);
    if (!schema.ok) expect(schema.problems[0]?.path).toMatch(/^policy\.gates\.0\./);
    const task = checkPolicyDraft(policyText(defaultPolicy("binary_classification")), "regression");
    expect(task.ok).toBe(false);
    if (!task.ok) expect(task.problems[0]).toMatchObject({ path: "policy.gates.0.metric" });
  });
});
