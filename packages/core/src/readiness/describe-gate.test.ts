import { describe, expect, it } from "vitest";
import { describeGate } from "./describe-gate.ts";
import type { Gate } from "./readiness-policy-schema.ts";

describe("describeGate", () => {
  it.each<{ gate: Gate; text: string }>([
    {
      gate: {
        id: "a",
        kind: "metric",
        source: "benchmark",
        metric: "roc_auc",
        comparator: ">=",
        threshold: 0.8,
        confidenceLevel: 0.95,
        minN: 1,
      },
      text: "benchmark roc_auc ≥ 0.80 at 95% confidence",
    },
    {
      gate: {
        id: "a",
        kind: "metric",
        source: "shadow",
        metric: "roc_auc",
        comparator: ">=",
        relativeTo: "production",
        margin: 0.01,
        confidenceLevel: 0.95,
        minN: 1,
      },
      text: "shadow roc_auc ≥ champion roc_auc − 0.01 at 95% confidence",
    },
    {
      gate: {
        id: "a",
        kind: "metric",
        source: "benchmark",
        metric: "log_loss",
        comparator: "<=",
        relativeTo: "production",
        margin: 0.02,
        confidenceLevel: 0.99,
        minN: 1,
      },
      text: "benchmark log_loss ≤ production log_loss + 0.02 at 99% confidence",
    },
    {
      gate: {
        id: "a",
        kind: "metric",
        source: "benchmark",
        metric: "log_loss",
        comparator: ">=",
        threshold: 0.05,
        againstDirection: true,
        confidenceLevel: 0.95,
        minN: 1,
      },
      text: "benchmark log_loss ≥ 0.05 at 95% confidence (deliberately against log_loss's direction: lower-is-better)",
    },
    {
      gate: { id: "a", kind: "gap", metric: "roc_auc", maxGap: 0.05, confidenceLevel: 0.95, minN: 1 },
      text: "gap roc_auc (benchmark − shadow) ≤ 0.05 at 95% confidence",
    },
    {
      gate: { id: "a", kind: "gap", metric: "log_loss", maxGap: 0.05, confidenceLevel: 0.95, minN: 1 },
      text: "gap log_loss (benchmark − shadow) ≥ −0.05 at 95% confidence",
    },
    {
      gate: { id: "a", kind: "calibration", source: "benchmark", maxEce: 0.05, confidenceLevel: 0.95, minN: 1 },
      text: "benchmark ece ≤ 0.05 at 95% confidence",
    },
    {
      gate: { id: "a", kind: "latency", source: "shadow", percentile: 95, maxMs: 200, minN: 1 },
      text: "shadow p95 latency ≤ 200 ms",
    },
    {
      gate: { id: "a", kind: "drift", features: ["age", "income"], statistic: "psi", maxValue: 0.2, minN: 1 },
      text: "psi ≤ 0.20 for features age, income",
    },
    {
      gate: { id: "a", kind: "label_maturity", minEventAgeHours: 168, minLabelledFraction: 0.9, minN: 1 },
      text: "≥ 90% of shadow events older than 7 days labelled",
    },
    {
      gate: { id: "a", kind: "labelled_sample_size", source: "shadow", minLabelled: 5000 },
      text: "≥ 5,000 labelled shadow events",
    },
    {
      gate: {
        id: "a",
        kind: "stress_degradation",
        metric: "roc_auc",
        tests: "all",
        maxDegradation: 0.05,
        confidenceLevel: 0.95,
        minN: 1,
      },
      text: "benchmark roc_auc degrades by ≤ 0.05 under every stress test at 95% confidence",
    },
    {
      gate: {
        id: "a",
        kind: "stress_degradation",
        metric: "roc_auc",
        tests: ["gaussian_noise"],
        maxDegradation: 0.05,
        confidenceLevel: 0.95,
        minN: 1,
      },
      text: "benchmark roc_auc degrades by ≤ 0.05 under stress test gaussian_noise at 95% confidence",
    },
    {
      gate: {
        id: "a",
        kind: "worst_slice",
        source: "shadow",
        metric: "recall",
        threshold: 0.6,
        confidenceLevel: 0.95,
        minN: 1,
      },
      text: "worst shadow slice recall ≥ 0.60 at 95% confidence",
    },
    {
      gate: {
        id: "a",
        kind: "decision_cost",
        source: "benchmark",
        maxCostPerDecision: 1.5,
        confidenceLevel: 0.95,
        minN: 1,
      },
      text: "benchmark expected cost per decision ≤ 1.50 at 95% confidence",
    },
  ])("$text", ({ gate, text }) => {
    expect(describeGate(gate)).toBe(text);
  });
});
