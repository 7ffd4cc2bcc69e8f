import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { countStatuses, evaluateGates, verdictOf } from "./evaluate-gates.ts";
import type { GateStatus } from "./gate-result.ts";
import type { EvidenceEstimate, ReadinessEvidence } from "./readiness-evidence.ts";
import type { Gate, MetricGate } from "./readiness-policy-schema.ts";
import { benchmark, cs, est, NOW, shadow } from "./testing/evidence-fixtures.ts";

const aucGate: MetricGate = {
  id: "bench-auc",
  kind: "metric",
  source: "benchmark",
  metric: "roc_auc",
  comparator: ">=",
  threshold: 0.8,
  confidenceLevel: 0.95,
  minN: 1000,
};

function judgeAuc(estimate: EvidenceEstimate, gate: Gate = aucGate) {
  const evidence: ReadinessEvidence = { benchmark: benchmark({ metrics: { roc_auc: estimate } }) };
  const result = evaluateGates({ policy: { gates: [gate] }, evidence, now: NOW }).gates[0];
  if (result === undefined) throw new Error("no result");
  return result;
}

describe("interval gates decide on the interval, never the point estimate", () => {
  it.each([
    {
      name: "point above, interval straddles",
      estimate: est([0.78, 0.95], { value: 0.9 }),
      status: "insufficient_evidence",
    },
    { name: "point below, interval above", estimate: est([0.81, 0.86], { value: 0.7 }), status: "pass" },
    { name: "point above, interval below", estimate: est([0.7, 0.78], { value: 0.85 }), status: "fail" },
    { name: "lower bound exactly at the threshold", estimate: est([0.8, 0.9]), status: "pass" },
    { name: "upper bound exactly at the threshold", estimate: est([0.7, 0.8]), status: "insufficient_evidence" },
    { name: "zero-width interval at the threshold", estimate: est([0.8, 0.8]), status: "pass" },
    { name: "just below the threshold", estimate: est([0.7, 0.7999999]), status: "fail" },
    { name: "n exactly the minimum", estimate: est([0.81, 0.86], { n: 1000 }), status: "pass" },
    { name: "n one short of the minimum", estimate: est([0.81, 0.86], { n: 999 }), status: "insufficient_evidence" },
    { name: "no interval", estimate: est(null, { value: 0.95 }), status: "insufficient_evidence" },
    { name: "interval upside down", estimate: est([0.86, 0.81]), status: "insufficient_evidence" },
    { name: "interval with NaN", estimate: est([Number.NaN, 0.9]), status: "insufficient_evidence" },
    { name: "n is NaN", estimate: est([0.81, 0.86], { n: Number.NaN }), status: "insufficient_evidence" },
    {
      name: "interval less confident than the gate",
      estimate: est([0.81, 0.86], { level: 0.9 }),
      status: "insufficient_evidence",
    },
    { name: "interval more confident than the gate", estimate: est([0.81, 0.86], { level: 0.99 }), status: "pass" },
    { name: "NaN point, decisive interval", estimate: est([0.81, 0.86], { value: Number.NaN }), status: "pass" },
  ] satisfies { name: string; estimate: EvidenceEstimate; status: GateStatus }[])(
    "$name → $status",
    ({ estimate, status }) => {
      expect(judgeAuc(estimate).status).toBe(status);
    },
  );

  it("says why a too-narrow or point-only estimate cannot decide", () => {
    expect(judgeAuc(est([0.81, 0.86], { level: 0.9 })).reason).toBe(
      "benchmark roc_auc interval is at 90% confidence; the gate needs at least 95%",
    );
    expect(judgeAuc(est(null, { value: 0.95 })).reason).toBe(
      "benchmark roc_auc has no interval; a point estimate alone cannot decide",
    );
    expect(judgeAuc(est([0.8, 0.9])).reason).toBe("interval [0.80, 0.90] lies entirely at or above 0.80");
    const ece: Gate = {
      id: "ece",
      kind: "calibration",
      source: "benchmark",
      maxEce: 0.05,
      confidenceLevel: 0.95,
      minN: 1,
    };
    const atLimit = evaluateGates({
      policy: { gates: [ece] },
      evidence: { benchmark: benchmark({ metrics: { ece: est([0.02, 0.05]) } }) },
      now: NOW,
    }).gates[0];
    expect([atLimit?.status, atLimit?.reason]).toEqual([
      "pass",
      "interval [0.02, 0.05] lies entirely at or below 0.05",
    ]);
  });

  it("adds digits until a bound no longer reads like the threshold", () => {
    expect(judgeAuc(est([0.7, 0.7999])).reason).toBe("interval [0.70, 0.7999] lies entirely below 0.80");
    expect(judgeAuc(est([0.79996, 0.85])).reason).toBe(
      "interval [0.79996, 0.85] straddles 0.80; more evidence is needed to decide",
    );
  });
});

describe("shadow metric gates need an anytime-valid interval", () => {
  const shadowGate: MetricGate = { ...aucGate, id: "shadow-auc", source: "shadow" };
  const judge = (estimate: EvidenceEstimate) =>
    evaluateGates({
      policy: { gates: [shadowGate] },
      evidence: { shadow: shadow({ metrics: { roc_auc: estimate } }) },
      now: NOW,
    }).gates[0];

  it("passes on a confidence sequence", () => {
    expect(judge(cs([0.81, 0.86]))?.status).toBe("pass");
  });

  it("is insufficient on a fixed-sample interval, however decisive", () => {
    const result = judge(est([0.81, 0.86]));
    expect(result?.status).toBe("insufficient_evidence");
    expect(result?.reason).toBe(
      "shadow roc_auc interval is fixed-sample; shadow evidence is re-checked as labels arrive, so the gate needs an anytime-valid interval (confidence sequence)",
    );
  });

  it("does not fail on a fixed-sample interval either: it is not valid under repeated looks", () => {
    expect(judge(est([0.6, 0.7]))?.status).toBe("insufficient_evidence");
  });
});

describe("relative gates", () => {
  const relative: MetricGate = {
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

  it("reports the difference, the margin as threshold, the champion's value and the runs", () => {
    const result = evaluateGates({
      policy: { gates: [relative] },
      evidence: {
        shadow: shadow({
          runIds: ["run-7"],
          production: {
            metrics: { roc_auc: cs([0.81, 0.85], { value: 0.83 }) },
            differences: { roc_auc: cs([-0.004, 0.012], { value: 0.004, n: 5210 }) },
          },
        }),
      },
      now: NOW,
    }).gates[0];
    expect(result).toEqual({
      id: "shadow-auc-vs-champion",
      kind: "metric",
      description: "shadow roc_auc ≥ champion roc_auc − 0.01 at 95% confidence",
      status: "pass",
      observed: 0.004,
      interval: [-0.004, 0.012],
      threshold: -0.01,
      comparator: ">=",
      evidenceN: 5210,
      reason: "this version − champion roc_auc: interval [−0.004, 0.012] lies entirely above −0.01",
      baseline: 0.83,
      runIds: ["run-7"],
    });
  });

  it("needs the paired difference, not just the champion's own value", () => {
    const result = evaluateGates({
      policy: { gates: [relative] },
      evidence: { shadow: shadow({ production: { metrics: { roc_auc: cs([0.81, 0.85]) }, differences: {} } }) },
      now: NOW,
    }).gates[0];
    expect(result?.status).toBe("insufficient_evidence");
    expect(result?.reason).toBe("no paired roc_auc difference to champion (this version − champion) in the evidence");
  });

  it("with margin 0 requires the whole difference interval at or above 0", () => {
    const strict: MetricGate = { ...relative, margin: 0 };
    const judge = (interval: [number, number]) =>
      evaluateGates({
        policy: { gates: [strict] },
        evidence: { shadow: shadow({ production: { metrics: {}, differences: { roc_auc: cs(interval) } } }) },
        now: NOW,
      }).gates[0];
    expect(judge([0, 0.02])?.status).toBe("pass");
    expect(judge([-0.001, 0.02])?.status).toBe("insufficient_evidence");
    expect(judge([0, 0.02])?.description).toBe("shadow roc_auc ≥ champion roc_auc at 95% confidence");
  });
});

describe("evidence age", () => {
  const policy = { gates: [aucGate], maxEvidenceAgeHours: 24 };
  const judgeAsOf = (asOf: string) =>
    evaluateGates({
      policy,
      evidence: { benchmark: benchmark({ asOf, metrics: { roc_auc: est([0.81, 0.86]) } }) },
      now: NOW,
    }).gates[0];

  it.each([
    { asOf: "2025-03-01T00:00:00.000Z", status: "pass", reason: "interval [0.81, 0.86] lies entirely above 0.80" },
    { asOf: "2025-02-28T12:00:00.000Z", status: "pass", reason: "interval [0.81, 0.86] lies entirely above 0.80" },
    {
      asOf: "2025-02-26T12:00:00.000Z",
      status: "insufficient_evidence",
      reason: "benchmark evidence is 3 days old (as of 2025-02-26T12:00:00.000Z); the policy accepts at most 1 day",
    },
    {
      asOf: "last week",
      status: "insufficient_evidence",
      reason: 'benchmark evidence has no valid asOf time ("last week"), so its age is unknown',
    },
  ])("as of $asOf → $status", ({ asOf, status, reason }) => {
    const result = judgeAsOf(asOf);
    expect(result?.status).toBe(status);
    expect(result?.reason).toBe(reason);
  });

  it("is not checked when the policy sets no maximum", () => {
    const result = evaluateGates({
      policy: { gates: [aucGate] },
      evidence: { benchmark: benchmark({ asOf: "2020-01-01T00:00:00Z", metrics: { roc_auc: est([0.81, 0.86]) } }) },
      now: NOW,
    });
    expect(result.verdict).toBe("pass");
  });

  it("refuses an invalid now", () => {
    expect(() => evaluateGates({ policy: { gates: [aucGate] }, evidence: {}, now: new Date("nope") })).toThrow(
      InvalidInputError,
    );
  });
});

describe("verdict", () => {
  const statuses = (...list: GateStatus[]) => list;
  it.each([
    { statuses: statuses("pass", "pass"), verdict: "pass" },
    { statuses: statuses("pass", "insufficient_evidence"), verdict: "insufficient_evidence" },
    { statuses: statuses("pass", "fail"), verdict: "fail" },
    { statuses: statuses("insufficient_evidence", "fail", "pass"), verdict: "fail" },
    { statuses: statuses("insufficient_evidence"), verdict: "insufficient_evidence" },
    { statuses: statuses(), verdict: "insufficient_evidence" },
  ])("$statuses → $verdict", ({ statuses, verdict }) => {
    expect(verdictOf(countStatuses(statuses))).toBe(verdict);
  });

  it("aggregates a whole policy, keeps its order and counts", () => {
    const gates: Gate[] = [
      { ...aucGate, id: "a", threshold: 0.8 },
      { ...aucGate, id: "b", threshold: 0.9 },
      { ...aucGate, id: "c", threshold: 0.7 },
      { id: "d", kind: "labelled_sample_size", source: "shadow", minLabelled: 5000 },
    ];
    const result = evaluateGates({
      policy: { gates },
      evidence: { benchmark: benchmark({ metrics: { roc_auc: est([0.81, 0.86]) } }) },
      now: NOW,
    });
    expect(result.gates.map((gate) => [gate.id, gate.status])).toEqual([
      ["a", "pass"],
      ["b", "fail"],
      ["c", "pass"],
      ["d", "insufficient_evidence"],
    ]);
    expect(result.verdict).toBe("fail");
    expect(result.counts).toEqual({ pass: 2, fail: 1, insufficient_evidence: 1, total: 4 });
    expect(result.summary).toBe("2 pass · 1 fail · 1 insufficient");
    expect(result.evaluatedAt).toBe("2025-03-01T12:00:00.000Z");
  });

  it("never passes a policy without gates", () => {
    const result = evaluateGates({ policy: { gates: [] }, evidence: {}, now: NOW });
    expect(result.verdict).toBe("insufficient_evidence");
    expect(result.summary).toBe("no gates: a policy without gates cannot pass");
  });
});

describe("gates over several items", () => {
  it("lists every drift feature with its own status", () => {
    const result = evaluateGates({
      policy: {
        gates: [
          { id: "drift", kind: "drift", features: ["age", "zip"], statistic: "ks_statistic", maxValue: 0.1, minN: 100 },
        ],
      },
      evidence: {
        drift: {
          asOf: "2025-03-01T00:00:00Z",
          runIds: ["run-drift"],
          features: {
            age: { type: "numeric", referenceN: 500, currentN: 400, ks_statistic: 0.04, psi: 0.01 },
            zip: { type: "categorical", referenceN: 500, currentN: 400, psi: 0.3 },
          },
        },
      },
      now: NOW,
    }).gates[0];
    expect(result?.status).toBe("insufficient_evidence");
    expect(result?.items).toEqual([
      { label: "age", status: "pass", observed: 0.04, interval: null, n: 400, reason: "ks_statistic 0.04 ≤ 0.10" },
      {
        label: "zip",
        status: "insufficient_evidence",
        observed: null,
        interval: null,
        n: 400,
        reason: "ks_statistic is not defined for a categorical feature",
      },
    ]);
    expect(result?.runIds).toEqual(["run-drift"]);
  });

  it("a stress gate over all tests needs at least one", () => {
    const result = evaluateGates({
      policy: {
        gates: [
          {
            id: "stress",
            kind: "stress_degradation",
            metric: "log_loss",
            tests: "all",
            maxDegradation: 0.1,
            confidenceLevel: 0.95,
            minN: 100,
          },
        ],
      },
      evidence: {
        stress: {
          asOf: "2025-03-01T00:00:00Z",
          tests: [{ test: "gaussian_noise", metric: "roc_auc", change: est([-0.02, -0.01]) }],
        },
      },
      now: NOW,
    }).gates[0];
    expect(result?.status).toBe("insufficient_evidence");
    expect(result?.reason).toBe("no stress tests on log_loss");
  });

  it("orients stress degradation by the metric's direction (log_loss up is worse)", () => {
    const judge = (change: [number, number]) =>
      evaluateGates({
        policy: {
          gates: [
            {
              id: "stress",
              kind: "stress_degradation",
              metric: "log_loss",
              tests: "all",
              maxDegradation: 0.1,
              confidenceLevel: 0.95,
              minN: 100,
            },
          ],
        },
        evidence: {
          stress: { asOf: "2025-03-01T00:00:00Z", tests: [{ test: "noise", metric: "log_loss", change: est(change) }] },
        },
        now: NOW,
      }).gates[0]?.status;
    expect(judge([0.02, 0.05])).toBe("pass");
    expect(judge([0.2, 0.3])).toBe("fail");
    expect(judge([-0.3, -0.2])).toBe("pass");
  });

  it("a worst-slice gate on a lower-is-better metric bounds every slice from above", () => {
    const result = evaluateGates({
      policy: {
        gates: [
          {
            id: "slice-rmse",
            kind: "worst_slice",
            source: "benchmark",
            metric: "rmse",
            threshold: 12,
            columns: ["region", "device"],
            confidenceLevel: 0.95,
            minN: 100,
          },
        ],
      },
      evidence: {
        benchmark: benchmark({
          slices: [
            { column: "region", value: "north", metrics: { rmse: est([8, 11], { n: 400 }) } },
            { column: "region", value: "south", metrics: { rmse: est([9, 11.5], { n: 400 }) } },
          ],
        }),
      },
      now: NOW,
    }).gates[0];
    expect(result?.description).toBe(
      "worst benchmark slice rmse ≤ 12 over slice columns region, device at 95% confidence",
    );
    expect(result?.status).toBe("insufficient_evidence");
    expect(result?.reason).toBe("1 of 3 slices insufficient; device: no slices of this column");
  });
});
