import { describe, expect, it } from "vitest";
import { evaluateGates } from "./evaluate-gates.ts";
import type { GateStatus } from "./gate-result.ts";
import type { ReadinessEvidence } from "./readiness-evidence.ts";
import { GATE_KINDS, type Gate, type GateKind } from "./readiness-policy-schema.ts";
import { AS_OF, benchmark, cs, est, NOW, shadow } from "./testing/evidence-fixtures.ts";

/**
 * Every gate kind × {pass, fail, straddles, missing, small n}. Gates without an interval
 * (latency, drift, label maturity, labelled sample size) have no "straddles" case; a
 * labelled sample size that is short is insufficient, never fail. Those exceptions are
 * listed in NOT_APPLICABLE and the coverage test below holds the table to them.
 */
type Case = "pass" | "fail" | "straddles" | "missing" | "small_n";
const CASES: Case[] = ["pass", "fail", "straddles", "missing", "small_n"];
const NOT_APPLICABLE: Partial<Record<GateKind, Case[]>> = {
  latency: ["straddles"],
  drift: ["straddles"],
  label_maturity: ["straddles"],
  labelled_sample_size: ["straddles", "fail"],
};

interface Row {
  kind: GateKind;
  case: Case | "extra";
  name?: string;
  gate: Gate;
  evidence: ReadinessEvidence;
  status: GateStatus;
  reason: string;
}

const metricAbsolute: Gate = {
  id: "bench-auc",
  kind: "metric",
  source: "benchmark",
  metric: "roc_auc",
  comparator: ">=",
  threshold: 0.8,
  confidenceLevel: 0.95,
  minN: 1000,
};
const metricRelative: Gate = {
  id: "shadow-auc-vs-champion",
  kind: "metric",
  source: "shadow",
  metric: "roc_auc",
  comparator: ">=",
  relativeTo: "production",
  margin: 0.01,
  confidenceLevel: 0.95,
  minN: 1000,
};
const logLossRelative: Gate = {
  id: "bench-log-loss-vs-production",
  kind: "metric",
  source: "benchmark",
  metric: "log_loss",
  comparator: "<=",
  relativeTo: "production",
  margin: 0.02,
  confidenceLevel: 0.95,
  minN: 1000,
};
const gapGate: Gate = { id: "gap", kind: "gap", metric: "roc_auc", maxGap: 0.05, confidenceLevel: 0.95, minN: 1000 };
const calibrationGate: Gate = {
  id: "ece",
  kind: "calibration",
  source: "benchmark",
  maxEce: 0.05,
  confidenceLevel: 0.95,
  minN: 1000,
};
const latencyGate: Gate = { id: "p95", kind: "latency", source: "shadow", percentile: 95, maxMs: 200, minN: 1000 };
const driftGate: Gate = {
  id: "drift",
  kind: "drift",
  features: ["age", "income"],
  statistic: "psi",
  maxValue: 0.2,
  minN: 1000,
};
const maturityGate: Gate = {
  id: "maturity",
  kind: "label_maturity",
  minEventAgeHours: 168,
  minLabelledFraction: 0.8,
  minN: 500,
};
const sampleSizeGate: Gate = { id: "labels", kind: "labelled_sample_size", source: "shadow", minLabelled: 5000 };
const stressGate: Gate = {
  id: "stress",
  kind: "stress_degradation",
  metric: "roc_auc",
  tests: ["gaussian_noise", "missing_values"],
  maxDegradation: 0.05,
  confidenceLevel: 0.95,
  minN: 1000,
};
const sliceGate: Gate = {
  id: "slices",
  kind: "worst_slice",
  source: "benchmark",
  metric: "roc_auc",
  threshold: 0.7,
  confidenceLevel: 0.95,
  minN: 200,
};
const costGate: Gate = {
  id: "cost",
  kind: "decision_cost",
  source: "benchmark",
  maxCostPerDecision: 1.5,
  confidenceLevel: 0.95,
  minN: 1000,
};

const aucOnBenchmark = (interval: [number, number], n = 2000): ReadinessEvidence => ({
  benchmark: benchmark({ metrics: { roc_auc: est(interval, { n }) } }),
});
const aucDifferenceInShadow = (interval: [number, number], n = 2000): ReadinessEvidence => ({
  shadow: shadow({
    metrics: { roc_auc: cs([0.8, 0.84]) },
    production: { metrics: { roc_auc: cs([0.81, 0.85]) }, differences: { roc_auc: cs(interval, { n }) } },
  }),
});
const logLossDifference = (interval: [number, number], n = 2000): ReadinessEvidence => ({
  benchmark: benchmark({
    production: { metrics: {}, differences: { log_loss: est(interval, { n }) } },
  }),
});
const gapOf = (interval: [number, number], n = 2000): ReadinessEvidence => ({
  gap: { asOf: AS_OF, runIds: ["run-bench", "run-shadow"], metrics: { roc_auc: est(interval, { n }) } },
});
const eceOf = (interval: [number, number], n = 2000): ReadinessEvidence => ({
  benchmark: benchmark({ metrics: { ece: est(interval, { n }) } }),
});
const latencyOf = (p95: number, n = 2000): ReadinessEvidence => ({
  shadow: shadow({ latency: { n, percentilesMs: { p50: 40, p95, p99: 400 } } }),
});
const driftOf = (income: number | undefined, currentN = 5000): ReadinessEvidence => ({
  drift: {
    asOf: AS_OF,
    features: {
      age: { type: "numeric", referenceN: 5000, currentN: 5000, psi: 0.05 },
      ...(income === undefined ? {} : { income: { type: "numeric", referenceN: 5000, currentN, psi: income } }),
    },
  },
});
const maturityOf = (labelled: number, events = 1000): ReadinessEvidence => ({
  shadow: shadow({ labelMaturity: [{ minEventAgeHours: 168, eventCount: events, labelledCount: labelled }] }),
});
const stressOf = (missingValuesChange: [number, number] | undefined, n = 2000): ReadinessEvidence => ({
  stress: {
    asOf: AS_OF,
    tests: [
      { test: "gaussian_noise", metric: "roc_auc", change: est([-0.02, -0.01]) },
      ...(missingValuesChange === undefined
        ? []
        : [{ test: "missing_values", metric: "roc_auc" as const, change: est(missingValuesChange, { n }) }]),
    ],
  },
});
const slicesOf = (south: [number, number], southN = 500): ReadinessEvidence => ({
  benchmark: benchmark({
    slices: [
      { column: "region", value: "north", metrics: { roc_auc: est([0.74, 0.8], { n: 800 }) } },
      { column: "region", value: "south", metrics: { roc_auc: est(south, { n: southN }) } },
    ],
  }),
});
const costOf = (interval: [number, number], n = 2000): ReadinessEvidence => ({
  benchmark: benchmark({ decisionCost: est(interval, { n }) }),
});

const ROWS: Row[] = [
  // metric, absolute (benchmark roc_auc ≥ 0.80)
  {
    kind: "metric",
    case: "pass",
    gate: metricAbsolute,
    evidence: aucOnBenchmark([0.81, 0.86]),
    status: "pass",
    reason: "interval [0.81, 0.86] lies entirely above 0.80",
  },
  {
    kind: "metric",
    case: "fail",
    gate: metricAbsolute,
    evidence: aucOnBenchmark([0.7, 0.78]),
    status: "fail",
    reason: "interval [0.70, 0.78] lies entirely below 0.80",
  },
  {
    kind: "metric",
    case: "straddles",
    gate: metricAbsolute,
    evidence: aucOnBenchmark([0.78, 0.83]),
    status: "insufficient_evidence",
    reason: "interval [0.78, 0.83] straddles 0.80; more evidence is needed to decide",
  },
  {
    kind: "metric",
    case: "missing",
    gate: metricAbsolute,
    evidence: { benchmark: benchmark() },
    status: "insufficient_evidence",
    reason: "no benchmark roc_auc in the evidence",
  },
  {
    kind: "metric",
    case: "small_n",
    gate: metricAbsolute,
    evidence: aucOnBenchmark([0.81, 0.86], 600),
    status: "insufficient_evidence",
    reason: "only 600 of 1,000 required labelled benchmark rows",
  },
  // metric, relative to the champion in shadow (difference this version − champion ≥ −0.01)
  {
    kind: "metric",
    case: "extra",
    name: "relative pass",
    gate: metricRelative,
    evidence: aucDifferenceInShadow([-0.004, 0.012]),
    status: "pass",
    reason: "this version − champion roc_auc: interval [−0.004, 0.012] lies entirely above −0.01",
  },
  {
    kind: "metric",
    case: "extra",
    name: "relative fail",
    gate: metricRelative,
    evidence: aucDifferenceInShadow([-0.05, -0.02]),
    status: "fail",
    reason: "this version − champion roc_auc: interval [−0.05, −0.02] lies entirely below −0.01",
  },
  {
    kind: "metric",
    case: "extra",
    name: "relative straddles the margin",
    gate: metricRelative,
    evidence: aucDifferenceInShadow([-0.02, 0.01]),
    status: "insufficient_evidence",
    reason:
      "this version − champion roc_auc: interval [−0.02, 0.01] straddles −0.01; more evidence is needed to decide",
  },
  {
    kind: "metric",
    case: "extra",
    name: "relative without champion evidence",
    gate: metricRelative,
    evidence: { shadow: shadow({ metrics: { roc_auc: cs([0.8, 0.84]) } }) },
    status: "insufficient_evidence",
    reason: "no champion version evidence on the shadow; a gate relative to production needs it",
  },
  {
    kind: "metric",
    case: "extra",
    name: "relative with too few events",
    gate: metricRelative,
    evidence: aucDifferenceInShadow([-0.004, 0.012], 400),
    status: "insufficient_evidence",
    reason: "only 400 of 1,000 required labelled shadow events",
  },
  // metric, relative, lower-is-better (log_loss ≤ production + 0.02)
  {
    kind: "metric",
    case: "extra",
    name: "lower-is-better relative pass",
    gate: logLossRelative,
    evidence: logLossDifference([-0.03, 0.015]),
    status: "pass",
    reason: "this version − production log_loss: interval [−0.03, 0.015] lies entirely below 0.02",
  },
  {
    kind: "metric",
    case: "extra",
    name: "lower-is-better relative fail",
    gate: logLossRelative,
    evidence: logLossDifference([0.025, 0.06]),
    status: "fail",
    reason: "this version − production log_loss: interval [0.025, 0.06] lies entirely above 0.02",
  },
  // gap (benchmark − shadow roc_auc ≤ 0.05)
  {
    kind: "gap",
    case: "pass",
    gate: gapGate,
    evidence: gapOf([0.01, 0.04]),
    status: "pass",
    reason: "interval [0.01, 0.04] lies entirely below 0.05",
  },
  {
    kind: "gap",
    case: "fail",
    gate: gapGate,
    evidence: gapOf([0.06, 0.09]),
    status: "fail",
    reason: "interval [0.06, 0.09] lies entirely above 0.05",
  },
  {
    kind: "gap",
    case: "straddles",
    gate: gapGate,
    evidence: gapOf([0.03, 0.07]),
    status: "insufficient_evidence",
    reason: "interval [0.03, 0.07] straddles 0.05; more evidence is needed to decide",
  },
  {
    kind: "gap",
    case: "missing",
    gate: gapGate,
    evidence: { benchmark: benchmark(), shadow: shadow() },
    status: "insufficient_evidence",
    reason: "no gap evidence",
  },
  {
    kind: "gap",
    case: "small_n",
    gate: gapGate,
    evidence: gapOf([0.01, 0.04], 999),
    status: "insufficient_evidence",
    reason: "only 999 of 1,000 required labelled shadow events",
  },
  // calibration (benchmark ece ≤ 0.05)
  {
    kind: "calibration",
    case: "pass",
    gate: calibrationGate,
    evidence: eceOf([0.01, 0.03]),
    status: "pass",
    reason: "interval [0.01, 0.03] lies entirely below 0.05",
  },
  {
    kind: "calibration",
    case: "fail",
    gate: calibrationGate,
    evidence: eceOf([0.06, 0.08]),
    status: "fail",
    reason: "interval [0.06, 0.08] lies entirely above 0.05",
  },
  {
    kind: "calibration",
    case: "straddles",
    gate: calibrationGate,
    evidence: eceOf([0.04, 0.06]),
    status: "insufficient_evidence",
    reason: "interval [0.04, 0.06] straddles 0.05; more evidence is needed to decide",
  },
  {
    kind: "calibration",
    case: "missing",
    gate: calibrationGate,
    evidence: aucOnBenchmark([0.81, 0.86]),
    status: "insufficient_evidence",
    reason: "no benchmark ece in the evidence",
  },
  {
    kind: "calibration",
    case: "small_n",
    gate: calibrationGate,
    evidence: eceOf([0.01, 0.03], 10),
    status: "insufficient_evidence",
    reason: "only 10 of 1,000 required labelled benchmark rows",
  },
  // latency (shadow p95 ≤ 200 ms)
  {
    kind: "latency",
    case: "pass",
    gate: latencyGate,
    evidence: latencyOf(183),
    status: "pass",
    reason: "p95 latency 183 ms ≤ 200 ms over 2,000 calls",
  },
  {
    kind: "latency",
    case: "extra",
    name: "at the limit passes",
    gate: latencyGate,
    evidence: latencyOf(200),
    status: "pass",
    reason: "p95 latency 200 ms ≤ 200 ms over 2,000 calls",
  },
  {
    kind: "latency",
    case: "fail",
    gate: latencyGate,
    evidence: latencyOf(200.4),
    status: "fail",
    reason: "p95 latency 200.4 ms > 200 ms over 2,000 calls",
  },
  {
    kind: "latency",
    case: "missing",
    gate: latencyGate,
    evidence: { shadow: shadow() },
    status: "insufficient_evidence",
    reason: "no shadow latency measurements",
  },
  {
    kind: "latency",
    case: "extra",
    name: "percentile not measured",
    gate: latencyGate,
    evidence: { shadow: shadow({ latency: { n: 2000, percentilesMs: { p50: 40 } } }) },
    status: "insufficient_evidence",
    reason: "no p95 latency in the shadow evidence",
  },
  {
    kind: "latency",
    case: "small_n",
    gate: latencyGate,
    evidence: latencyOf(183, 300),
    status: "insufficient_evidence",
    reason: "only 300 of 1,000 required shadow latency measurements",
  },
  // drift (psi ≤ 0.2 for age and income)
  {
    kind: "drift",
    case: "pass",
    gate: driftGate,
    evidence: driftOf(0.12),
    status: "pass",
    reason: "all 2 features pass; worst income: psi 0.12 ≤ 0.20",
  },
  {
    kind: "drift",
    case: "fail",
    gate: driftGate,
    evidence: driftOf(0.31),
    status: "fail",
    reason: "1 of 2 features fail; income: psi 0.31 > 0.20",
  },
  {
    kind: "drift",
    case: "missing",
    gate: driftGate,
    evidence: driftOf(undefined),
    status: "insufficient_evidence",
    reason: "1 of 2 features insufficient; income: no drift measured",
  },
  {
    kind: "drift",
    case: "extra",
    name: "no drift evidence at all",
    gate: driftGate,
    evidence: {},
    status: "insufficient_evidence",
    reason: "no drift evidence",
  },
  {
    kind: "drift",
    case: "small_n",
    gate: driftGate,
    evidence: driftOf(0.01, 300),
    status: "insufficient_evidence",
    reason: "1 of 2 features insufficient; income: only 300 of 1,000 required current rows",
  },
  // label maturity (≥ 80% of events older than 7 days labelled)
  {
    kind: "label_maturity",
    case: "pass",
    gate: maturityGate,
    evidence: maturityOf(900),
    status: "pass",
    reason: "90% of 1,000 shadow events older than 7 days are labelled (≥ 80% required)",
  },
  {
    kind: "label_maturity",
    case: "fail",
    gate: maturityGate,
    evidence: maturityOf(620),
    status: "fail",
    reason: "62% of 1,000 shadow events older than 7 days are labelled; at least 80% required",
  },
  {
    kind: "label_maturity",
    case: "missing",
    gate: maturityGate,
    evidence: { shadow: shadow() },
    status: "insufficient_evidence",
    reason: "no label maturity for shadow events older than 7 days",
  },
  {
    kind: "label_maturity",
    case: "small_n",
    gate: maturityGate,
    evidence: maturityOf(120, 120),
    status: "insufficient_evidence",
    reason: "only 120 of 500 required shadow events older than 7 days",
  },
  // labelled sample size (≥ 5,000 labelled shadow events)
  {
    kind: "labelled_sample_size",
    case: "pass",
    gate: sampleSizeGate,
    evidence: { shadow: shadow({ labelledCount: 5210 }) },
    status: "pass",
    reason: "5,210 labelled shadow events (≥ 5,000 required)",
  },
  {
    kind: "labelled_sample_size",
    case: "small_n",
    gate: sampleSizeGate,
    evidence: { shadow: shadow({ labelledCount: 1204 }) },
    status: "insufficient_evidence",
    reason: "only 1,204 of 5,000 required labelled shadow events",
  },
  {
    kind: "labelled_sample_size",
    case: "extra",
    name: "zero labels is insufficient, not fail",
    gate: sampleSizeGate,
    evidence: { shadow: shadow({ labelledCount: 0 }) },
    status: "insufficient_evidence",
    reason: "only 0 of 5,000 required labelled shadow events",
  },
  {
    kind: "labelled_sample_size",
    case: "missing",
    gate: sampleSizeGate,
    evidence: { benchmark: benchmark() },
    status: "insufficient_evidence",
    reason: "no shadow evidence",
  },
  // stress degradation (roc_auc worse by ≤ 0.05 under gaussian_noise and missing_values)
  {
    kind: "stress_degradation",
    case: "pass",
    gate: stressGate,
    evidence: stressOf([-0.03, -0.01]),
    status: "pass",
    reason: "all 2 stress tests pass; worst missing_values: interval [0.01, 0.03] lies entirely below 0.05",
  },
  {
    kind: "stress_degradation",
    case: "fail",
    gate: stressGate,
    evidence: stressOf([-0.09, -0.06]),
    status: "fail",
    reason: "1 of 2 stress tests fail; missing_values: interval [0.06, 0.09] lies entirely above 0.05",
  },
  {
    kind: "stress_degradation",
    case: "straddles",
    gate: stressGate,
    evidence: stressOf([-0.07, -0.03]),
    status: "insufficient_evidence",
    reason:
      "1 of 2 stress tests insufficient; missing_values: interval [0.03, 0.07] straddles 0.05; more evidence is needed to decide",
  },
  {
    kind: "stress_degradation",
    case: "missing",
    gate: stressGate,
    evidence: stressOf(undefined),
    status: "insufficient_evidence",
    reason: "1 of 2 stress tests insufficient; missing_values: no stress result on roc_auc",
  },
  {
    kind: "stress_degradation",
    case: "small_n",
    gate: stressGate,
    evidence: stressOf([-0.03, -0.01], 50),
    status: "insufficient_evidence",
    reason: "1 of 2 stress tests insufficient; missing_values: only 50 of 1,000 required labelled benchmark rows",
  },
  // worst slice (every region ≥ 0.70)
  {
    kind: "worst_slice",
    case: "pass",
    gate: sliceGate,
    evidence: slicesOf([0.75, 0.85]),
    status: "pass",
    reason: "all 2 slices pass; worst region=north: interval [0.74, 0.80] lies entirely above 0.70",
  },
  {
    kind: "worst_slice",
    case: "fail",
    gate: sliceGate,
    evidence: slicesOf([0.6, 0.68]),
    status: "fail",
    reason: "1 of 2 slices fail; region=south: interval [0.60, 0.68] lies entirely below 0.70",
  },
  {
    kind: "worst_slice",
    case: "straddles",
    gate: sliceGate,
    evidence: slicesOf([0.68, 0.74]),
    status: "insufficient_evidence",
    reason:
      "1 of 2 slices insufficient; region=south: interval [0.68, 0.74] straddles 0.70; more evidence is needed to decide",
  },
  {
    kind: "worst_slice",
    case: "missing",
    gate: sliceGate,
    evidence: aucOnBenchmark([0.81, 0.86]),
    status: "insufficient_evidence",
    reason: "no benchmark slices",
  },
  {
    kind: "worst_slice",
    case: "small_n",
    gate: sliceGate,
    evidence: slicesOf([0.75, 0.85], 50),
    status: "insufficient_evidence",
    reason: "1 of 2 slices insufficient; region=south: only 50 of 200 required labelled benchmark rows",
  },
  // decision cost (≤ 1.5 per decision)
  {
    kind: "decision_cost",
    case: "pass",
    gate: costGate,
    evidence: costOf([1.1, 1.4]),
    status: "pass",
    reason: "interval [1.10, 1.40] lies entirely below 1.50",
  },
  {
    kind: "decision_cost",
    case: "fail",
    gate: costGate,
    evidence: costOf([1.6, 1.9]),
    status: "fail",
    reason: "interval [1.60, 1.90] lies entirely above 1.50",
  },
  {
    kind: "decision_cost",
    case: "straddles",
    gate: costGate,
    evidence: costOf([1.3, 1.7]),
    status: "insufficient_evidence",
    reason: "interval [1.30, 1.70] straddles 1.50; more evidence is needed to decide",
  },
  {
    kind: "decision_cost",
    case: "missing",
    gate: costGate,
    evidence: { benchmark: benchmark() },
    status: "insufficient_evidence",
    reason: "no benchmark expected cost per decision in the evidence",
  },
  {
    kind: "decision_cost",
    case: "small_n",
    gate: costGate,
    evidence: costOf([1.1, 1.4], 20),
    status: "insufficient_evidence",
    reason: "only 20 of 1,000 required labelled benchmark rows",
  },
];

describe("evaluateGates: every gate kind × pass, fail, straddles, missing, small n", () => {
  it.each(ROWS.map((row) => ({ ...row, label: `${row.kind} · ${row.name ?? row.case}` })))(
    "$label → $status",
    ({ gate, evidence, status, reason }) => {
      const result = evaluateGates({ policy: { gates: [gate] }, evidence, now: NOW });
      expect(result.gates[0]?.status).toBe(status);
      expect(result.gates[0]?.reason).toBe(reason);
      expect(result.verdict).toBe(status);
    },
  );

  it("covers every kind and case, except the ones that cannot apply", () => {
    const missing = GATE_KINDS.flatMap((kind) =>
      CASES.filter((c) => !(NOT_APPLICABLE[kind] ?? []).includes(c))
        .filter((c) => !ROWS.some((row) => row.kind === kind && row.case === c))
        .map((c) => `${kind} × ${c}`),
    );
    expect(missing).toEqual([]);
    expect(ROWS.every((row) => row.gate.kind === row.kind)).toBe(true);
  });

  it("never passes on missing evidence, for any kind", () => {
    for (const row of ROWS) {
      const result = evaluateGates({ policy: { gates: [row.gate] }, evidence: {}, now: NOW });
      expect(result.gates[0]?.status, row.kind).toBe("insufficient_evidence");
    }
  });
});
