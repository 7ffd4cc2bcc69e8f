import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { describeGate } from "./describe-gate.ts";
import {
  evaluateLabelledSampleSizeGate,
  evaluateLabelMaturityGate,
  evaluateLatencyGate,
} from "./evaluate-count-gates.ts";
import {
  evaluateCalibrationGate,
  evaluateDecisionCostGate,
  evaluateGapGate,
  evaluateMetricGate,
} from "./evaluate-estimate-gates.ts";
import { evaluateDriftGate, evaluateStressDegradationGate, evaluateWorstSliceGate } from "./evaluate-item-gates.ts";
import type { GateCounts, GateResult, GateStatus, ReadinessEvaluation } from "./gate-result.ts";
import type { GateContext, GateOutcome } from "./judge.ts";
import type { ReadinessEvidence } from "./readiness-evidence.ts";
import type { Gate, ReadinessPolicy } from "./readiness-policy-schema.ts";

export interface EvaluateGatesOptions {
  /** A policy already validated with `readinessPolicySchema`. */
  policy: ReadinessPolicy;
  evidence: ReadinessEvidence;
  /** The evaluation time: stamps the result and ages the evidence (`maxEvidenceAgeHours`). */
  now: Date;
}

/**
 * Judges every gate of a ReadinessPolicy against the evidence: pure, no clock but `now`.
 * Missing, thin, stale or too-uncertain evidence makes a gate insufficient_evidence, never
 * pass. The verdict is fail if any gate fails, else insufficient_evidence if any gate is
 * (or the policy has no gates), else pass. Gates keep the policy's order.
 */
export function evaluateGates(options: EvaluateGatesOptions): ReadinessEvaluation {
  const { policy, evidence, now } = options;
  const nowMs = now instanceof Date ? now.getTime() : Number.NaN;
  if (Number.isNaN(nowMs)) throw new InvalidInputError("now must be a valid Date");
  const ctx: GateContext = { evidence, nowMs, maxEvidenceAgeHours: policy.maxEvidenceAgeHours };
  const gates: GateResult[] = policy.gates.map((gate) => ({
    id: gate.id,
    kind: gate.kind,
    description: describeGate(gate),
    ...evaluateGate(gate, ctx),
  }));
  const counts = countStatuses(gates.map((gate) => gate.status));
  return {
    verdict: verdictOf(counts),
    counts,
    summary:
      counts.total === 0
        ? "no gates: a policy without gates cannot pass"
        : `${counts.pass} pass · ${counts.fail} fail · ${counts.insufficient_evidence} insufficient`,
    gates,
    evaluatedAt: now.toISOString(),
  };
}

function evaluateGate(gate: Gate, ctx: GateContext): GateOutcome {
  switch (gate.kind) {
    case "metric":
      return evaluateMetricGate(gate, ctx);
    case "gap":
      return evaluateGapGate(gate, ctx);
    case "calibration":
      return evaluateCalibrationGate(gate, ctx);
    case "latency":
      return evaluateLatencyGate(gate, ctx);
    case "drift":
      return evaluateDriftGate(gate, ctx);
    case "label_maturity":
      return evaluateLabelMaturityGate(gate, ctx);
    case "labelled_sample_size":
      return evaluateLabelledSampleSizeGate(gate, ctx);
    case "stress_degradation":
      return evaluateStressDegradationGate(gate, ctx);
    case "worst_slice":
      return evaluateWorstSliceGate(gate, ctx);
    case "decision_cost":
      return evaluateDecisionCostGate(gate, ctx);
  }
}

export function countStatuses(statuses: readonly GateStatus[]): GateCounts {
  const counts: GateCounts = { pass: 0, fail: 0, insufficient_evidence: 0, total: statuses.length };
  for (const status of statuses) counts[status]++;
  return counts;
}

/** fail if any fail; else insufficient_evidence if any insufficient or none at all; else pass. */
export function verdictOf(counts: GateCounts): GateStatus {
  if (counts.fail > 0) return "fail";
  if (counts.insufficient_evidence > 0 || counts.total === 0) return "insufficient_evidence";
  return "pass";
}
