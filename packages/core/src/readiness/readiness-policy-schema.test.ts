import { describe, expect, it } from "vitest";
import { defaultPolicy } from "./default-policy.ts";
import { GATE_KINDS, readinessPolicySchema } from "./readiness-policy-schema.ts";

const auc = {
  id: "bench-auc",
  kind: "metric",
  source: "benchmark",
  metric: "roc_auc",
  comparator: ">=",
  threshold: 0.8,
  confidenceLevel: 0.95,
  minN: 1000,
};
const relative = { ...auc, id: "vs-production", threshold: undefined, relativeTo: "production", margin: 0.01 };
const latency = { id: "p95", kind: "latency", source: "shadow", percentile: 95, maxMs: 200, minN: 1000 };
const drift = { id: "drift", kind: "drift", features: ["age"], statistic: "psi", maxValue: 0.2, minN: 1000 };
const maturity = { id: "m", kind: "label_maturity", minEventAgeHours: 168, minLabelledFraction: 0.8, minN: 500 };
const labels = { id: "n", kind: "labelled_sample_size", source: "shadow", minLabelled: 5000 };
const stress = {
  id: "s",
  kind: "stress_degradation",
  metric: "roc_auc",
  tests: "all",
  maxDegradation: 0.05,
  confidenceLevel: 0.95,
  minN: 100,
};
const slice = {
  id: "w",
  kind: "worst_slice",
  source: "benchmark",
  metric: "roc_auc",
  threshold: 0.7,
  confidenceLevel: 0.95,
  minN: 100,
};
const calibration = { id: "c", kind: "calibration", source: "benchmark", maxEce: 0.05, confidenceLevel: 0.95, minN: 1 };
const cost = {
  id: "d",
  kind: "decision_cost",
  source: "benchmark",
  maxCostPerDecision: 1.5,
  confidenceLevel: 0.95,
  minN: 1,
};
const gap = { id: "g", kind: "gap", metric: "roc_auc", maxGap: 0.05, confidenceLevel: 0.95, minN: 1 };

const policyOf = (...gates: unknown[]) => ({ gates });

describe("readinessPolicySchema accepts", () => {
  it.each([
    {
      name: "every gate kind",
      policy: policyOf(auc, relative, gap, calibration, latency, drift, maturity, labels, stress, slice, cost),
    },
    {
      name: "a lower-is-better metric with <=",
      policy: policyOf({ ...auc, metric: "log_loss", comparator: "<=", threshold: 0.3 }),
    },
    {
      name: "a comparator against the direction when said explicitly",
      policy: policyOf({ ...auc, metric: "log_loss", comparator: ">=", threshold: 0.05, againstDirection: true }),
    },
    { name: "named stress tests", policy: policyOf({ ...stress, tests: ["gaussian_noise", "missing_values"] }) },
    { name: "a maximum evidence age", policy: { gates: [auc], maxEvidenceAgeHours: 720 } },
    ...(["binary_classification", "multiclass_classification", "regression"] as const).map((task) => ({
      name: `the default ${task} policy`,
      policy: defaultPolicy(task),
    })),
  ])("$name", ({ policy }) => {
    const result = readinessPolicySchema.safeParse(policy);
    expect(result.error?.issues).toBeUndefined();
  });

  it("the test policy above holds one gate of every kind", () => {
    const kinds = [auc, gap, calibration, latency, drift, maturity, labels, stress, slice, cost].map((g) => g.kind);
    expect(kinds.sort()).toEqual([...GATE_KINDS].sort());
  });
});

describe("readinessPolicySchema refuses malformed policies, naming the field", () => {
  it.each([
    { name: "no gates", policy: policyOf(), path: ["gates"] },
    { name: "gates not a list", policy: { gates: auc }, path: ["gates"] },
    { name: "unknown kind", policy: policyOf({ ...auc, kind: "vibes" }), path: ["gates", 0, "kind"] },
    { name: "missing kind", policy: policyOf({ id: "x" }), path: ["gates", 0, "kind"] },
    { name: "empty id", policy: policyOf({ ...auc, id: " " }), path: ["gates", 0, "id"] },
    { name: "duplicate id", policy: policyOf(auc, { ...auc, threshold: 0.7 }), path: ["gates", 1, "id"] },
    { name: "unknown metric name", policy: policyOf({ ...auc, metric: "auc" }), path: ["gates", 0, "metric"] },
    { name: "unknown source", policy: policyOf({ ...auc, source: "production" }), path: ["gates", 0, "source"] },
    { name: "comparator spelt =>", policy: policyOf({ ...auc, comparator: "=>" }), path: ["gates", 0, "comparator"] },
    { name: "threshold as text", policy: policyOf({ ...auc, threshold: "0.8" }), path: ["gates", 0, "threshold"] },
    { name: "threshold NaN", policy: policyOf({ ...auc, threshold: Number.NaN }), path: ["gates", 0, "threshold"] },
    {
      name: "absolute gate without threshold",
      policy: policyOf({ ...auc, threshold: undefined }),
      path: ["gates", 0, "threshold"],
    },
    {
      name: "relative gate with a threshold",
      policy: policyOf({ ...relative, threshold: 0.8 }),
      path: ["gates", 0, "threshold"],
    },
    {
      name: "relative gate without margin",
      policy: policyOf({ ...relative, margin: undefined }),
      path: ["gates", 0, "margin"],
    },
    { name: "negative margin", policy: policyOf({ ...relative, margin: -0.01 }), path: ["gates", 0, "margin"] },
    { name: "margin without relativeTo", policy: policyOf({ ...auc, margin: 0.01 }), path: ["gates", 0, "relativeTo"] },
    {
      name: "relativeTo something else",
      policy: policyOf({ ...relative, relativeTo: "champion" }),
      path: ["gates", 0, "relativeTo"],
    },
    {
      name: "<= on a higher-is-better metric",
      policy: policyOf({ ...auc, comparator: "<=" }),
      path: ["gates", 0, "comparator"],
    },
    {
      name: ">= on a lower-is-better metric",
      policy: policyOf({ ...auc, metric: "ece", threshold: 0.1 }),
      path: ["gates", 0, "comparator"],
    },
    {
      name: "againstDirection on a comparator that follows it",
      policy: policyOf({ ...auc, againstDirection: true }),
      path: ["gates", 0, "againstDirection"],
    },
    {
      name: "confidence level 1",
      policy: policyOf({ ...auc, confidenceLevel: 1 }),
      path: ["gates", 0, "confidenceLevel"],
    },
    {
      name: "confidence level as a percentage",
      policy: policyOf({ ...auc, confidenceLevel: 95 }),
      path: ["gates", 0, "confidenceLevel"],
    },
    {
      name: "missing confidence level",
      policy: policyOf({ ...auc, confidenceLevel: undefined }),
      path: ["gates", 0, "confidenceLevel"],
    },
    { name: "minN 0", policy: policyOf({ ...auc, minN: 0 }), path: ["gates", 0, "minN"] },
    { name: "fractional minN", policy: policyOf({ ...auc, minN: 10.5 }), path: ["gates", 0, "minN"] },
    { name: "negative maxGap", policy: policyOf({ ...gap, maxGap: -0.01 }), path: ["gates", 0, "maxGap"] },
    { name: "maxEce above 1", policy: policyOf({ ...calibration, maxEce: 2 }), path: ["gates", 0, "maxEce"] },
    {
      name: "latency percentile 97",
      policy: policyOf({ ...latency, percentile: 97 }),
      path: ["gates", 0, "percentile"],
    },
    { name: "latency limit 0 ms", policy: policyOf({ ...latency, maxMs: 0 }), path: ["gates", 0, "maxMs"] },
    {
      name: "latency limit infinite",
      policy: policyOf({ ...latency, maxMs: Number.POSITIVE_INFINITY }),
      path: ["gates", 0, "maxMs"],
    },
    { name: "no drift features", policy: policyOf({ ...drift, features: [] }), path: ["gates", 0, "features"] },
    {
      name: "duplicate drift feature",
      policy: policyOf({ ...drift, features: ["age", "age"] }),
      path: ["gates", 0, "features", 1],
    },
    {
      name: "unknown drift statistic",
      policy: policyOf({ ...drift, statistic: "chi2" }),
      path: ["gates", 0, "statistic"],
    },
    {
      name: "labelled fraction 0",
      policy: policyOf({ ...maturity, minLabelledFraction: 0 }),
      path: ["gates", 0, "minLabelledFraction"],
    },
    {
      name: "labelled fraction above 1",
      policy: policyOf({ ...maturity, minLabelledFraction: 1.2 }),
      path: ["gates", 0, "minLabelledFraction"],
    },
    {
      name: "negative event age",
      policy: policyOf({ ...maturity, minEventAgeHours: -1 }),
      path: ["gates", 0, "minEventAgeHours"],
    },
    { name: "minLabelled 0", policy: policyOf({ ...labels, minLabelled: 0 }), path: ["gates", 0, "minLabelled"] },
    {
      name: "stress tests neither all nor a list",
      policy: policyOf({ ...stress, tests: "every" }),
      path: ["gates", 0, "tests"],
    },
    {
      name: "worst slice without threshold",
      policy: policyOf({ ...slice, threshold: undefined }),
      path: ["gates", 0, "threshold"],
    },
    { name: "worst slice with no columns", policy: policyOf({ ...slice, columns: [] }), path: ["gates", 0, "columns"] },
    {
      name: "decision cost without maximum",
      policy: policyOf({ ...cost, maxCostPerDecision: undefined }),
      path: ["gates", 0, "maxCostPerDecision"],
    },
    { name: "evidence age 0", policy: { gates: [auc], maxEvidenceAgeHours: 0 }, path: ["maxEvidenceAgeHours"] },
  ])("$name → $path", ({ policy, path }) => {
    const result = readinessPolicySchema.safeParse(policy);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([path]);
  });

  it("refuses a misspelt field instead of ignoring it, naming both spellings", () => {
    const { maxMs: _maxMs, ...withoutMaxMs } = latency;
    const result = readinessPolicySchema.safeParse(policyOf({ ...withoutMaxMs, maxMS: 200 }));
    expect(result.error?.issues).toMatchObject([
      { code: "invalid_type", path: ["gates", 0, "maxMs"] },
      { code: "unrecognized_keys", keys: ["maxMS"], path: ["gates", 0] },
    ]);
  });

  it("explains a comparator against the metric's direction", () => {
    const result = readinessPolicySchema.safeParse(policyOf({ ...auc, metric: "log_loss", threshold: 0.3 }));
    expect(result.error?.issues[0]?.message).toBe(
      'log_loss is lower-is-better, so ">=" points against it; set againstDirection: true if that is intended',
    );
  });
});
