import { describe, expect, it } from "vitest";
import { taskSchema } from "../schemas/domain-enums.ts";
import { defaultPolicy } from "./default-policy.ts";
import { describeGate } from "./describe-gate.ts";
import { evaluateGates } from "./evaluate-gates.ts";
import { readinessPolicySchema } from "./readiness-policy-schema.ts";
import { benchmark, cs, est, NOW, shadow } from "./testing/evidence-fixtures.ts";

describe("defaultPolicy", () => {
  it.each(taskSchema.options)("%s is a valid policy", (task) => {
    expect(readinessPolicySchema.parse(defaultPolicy(task))).toEqual(defaultPolicy(task));
  });

  it.each(taskSchema.options)("%s is insufficient, never pass, without evidence", (task) => {
    const result = evaluateGates({ policy: defaultPolicy(task), evidence: {}, now: NOW });
    expect(result.verdict).toBe("insufficient_evidence");
    expect(result.counts.insufficient_evidence).toBe(result.counts.total);
  });

  it("binary: the rules in words", () => {
    expect(defaultPolicy("binary_classification").gates.map(describeGate)).toEqual([
      "benchmark roc_auc ≥ production roc_auc − 0.01 at 95% confidence",
      "shadow brier_score ≤ champion brier_score + 0.005 at 95% confidence",
      "gap roc_auc (benchmark − shadow) ≤ 0.05 at 90% confidence",
      "benchmark ece ≤ 0.05 at 95% confidence",
      "shadow p95 latency ≤ 200 ms",
      "≥ 80% of shadow events older than 7 days labelled",
      "≥ 5,000 labelled shadow events",
    ]);
  });

  it("multiclass: the rules in words", () => {
    expect(defaultPolicy("multiclass_classification").gates.map(describeGate)).toEqual([
      "benchmark macro_f1 ≥ production macro_f1 − 0.01 at 95% confidence",
      "shadow accuracy ≥ champion accuracy − 0.01 at 95% confidence",
      "gap macro_f1 (benchmark − shadow) ≤ 0.05 at 90% confidence",
      "benchmark ece ≤ 0.05 at 95% confidence",
      "shadow p95 latency ≤ 200 ms",
      "≥ 80% of shadow events older than 7 days labelled",
      "≥ 5,000 labelled shadow events",
    ]);
  });

  it("regression: the rules in words", () => {
    expect(defaultPolicy("regression").gates.map(describeGate)).toEqual([
      "benchmark r2 ≥ production r2 − 0.01 at 95% confidence",
      "gap r2 (benchmark − shadow) ≤ 0.05 at 90% confidence",
      "shadow p95 latency ≤ 200 ms",
      "≥ 80% of shadow events older than 7 days labelled",
      "≥ 5,000 labelled shadow events",
    ]);
  });

  it("binary: passes on evidence that meets every gate", () => {
    const result = evaluateGates({
      policy: defaultPolicy("binary_classification"),
      evidence: {
        benchmark: benchmark({
          metrics: { roc_auc: est([0.84, 0.88]), ece: est([0.01, 0.03]) },
          production: { metrics: { roc_auc: est([0.83, 0.87]) }, differences: { roc_auc: est([-0.005, 0.02]) } },
        }),
        shadow: shadow({
          labelledCount: 6000,
          production: { metrics: {}, differences: { brier_score: cs([-0.004, 0.003]) } },
          latency: { n: 20000, percentilesMs: { p95: 120 } },
          labelMaturity: [{ minEventAgeHours: 168, eventCount: 4000, labelledCount: 3800 }],
        }),
        // A gap interval as the shells state it: from two 95% intervals, covering at least 90%.
        gap: { asOf: "2025-03-01T00:00:00Z", metrics: { roc_auc: est([0.0, 0.03], { level: 0.9 }) } },
      },
      now: NOW,
    });
    expect(result.gates.filter((gate) => gate.status !== "pass")).toEqual([]);
    expect(result.verdict).toBe("pass");
  });

  it("binary: fails the gap gate on a field gap the interval puts above 0.05", () => {
    const result = evaluateGates({
      policy: defaultPolicy("binary_classification"),
      evidence: { gap: { asOf: "2025-03-01T00:00:00Z", metrics: { roc_auc: est([0.08, 0.26], { level: 0.9 }) } } },
      now: NOW,
    });
    expect(result.gates.find((gate) => gate.id === "gap-roc-auc")?.status).toBe("fail");
    expect(result.verdict).toBe("fail");
  });
});
