import { labelledNoun } from "./describe-gate.ts";
import { formatHours, formatNumber, formatPercent, plural } from "./format-text.ts";
import { blockProblem, finiteOrNull, type GateContext, type GateOutcome, outcome, runIdsOf, shortOf } from "./judge.ts";
import type { LabelledSampleSizeGate, LabelMaturityGate, LatencyGate } from "./readiness-policy-schema.ts";

/**
 * Gates on counts and percentiles without an interval: latency, label maturity, labelled
 * sample size. Their guard against thin evidence is the minimum n.
 */

export function evaluateLatencyGate(gate: LatencyGate, ctx: GateContext): GateOutcome {
  const block = ctx.evidence[gate.source];
  const latency = block?.latency;
  const key = `p${gate.percentile}` as const;
  const value = latency?.percentilesMs?.[key];
  const shown = {
    threshold: gate.maxMs,
    comparator: "<=" as const,
    runIds: runIdsOf(block),
    observed: finiteOrNull(value),
    evidenceN: finiteOrNull(latency?.n),
  };
  const insufficient = (reason: string) => outcome({ ...shown, status: "insufficient_evidence", reason });
  const problem = blockProblem(block, gate.source, ctx);
  if (problem !== null) return insufficient(problem);
  if (latency === undefined || latency === null) return insufficient(`no ${gate.source} latency measurements`);
  if (!(latency.n >= gate.minN))
    return insufficient(shortOf(latency.n, gate.minN, `${gate.source} latency measurement`));
  if (value === undefined || !Number.isFinite(value))
    return insufficient(`no ${key} latency in the ${gate.source} evidence`);
  const measured = `${key} latency ${formatNumber(value, { distinctFrom: gate.maxMs })} ms`;
  const limit = `${formatNumber(gate.maxMs)} ms`;
  return value <= gate.maxMs
    ? outcome({ ...shown, status: "pass", reason: `${measured} ≤ ${limit} over ${plural(latency.n, "call")}` })
    : outcome({ ...shown, status: "fail", reason: `${measured} > ${limit} over ${plural(latency.n, "call")}` });
}

export function evaluateLabelMaturityGate(gate: LabelMaturityGate, ctx: GateContext): GateOutcome {
  const block = ctx.evidence.shadow;
  const events = `shadow events older than ${formatHours(gate.minEventAgeHours)}`;
  const bucket = block?.labelMaturity?.find((entry) => entry.minEventAgeHours === gate.minEventAgeHours);
  const fraction =
    bucket !== undefined && bucket.eventCount > 0 ? bucket.labelledCount / bucket.eventCount : Number.NaN;
  const shown = {
    threshold: gate.minLabelledFraction,
    comparator: ">=" as const,
    runIds: runIdsOf(block),
    observed: finiteOrNull(fraction),
    evidenceN: finiteOrNull(bucket?.eventCount),
  };
  const insufficient = (reason: string) => outcome({ ...shown, status: "insufficient_evidence", reason });
  const problem = blockProblem(block, "shadow", ctx);
  if (problem !== null) return insufficient(problem);
  if (bucket === undefined) return insufficient(`no label maturity for ${events}`);
  const { eventCount, labelledCount } = bucket;
  if (!(eventCount >= gate.minN)) {
    return insufficient(`only ${formatNumber(eventCount)} of ${formatNumber(gate.minN)} required ${events}`);
  }
  if (!(labelledCount >= 0 && labelledCount <= eventCount)) {
    return insufficient(
      `label maturity is malformed: ${String(labelledCount)} labelled of ${String(eventCount)} events`,
    );
  }
  const share = `${formatPercent(fraction, gate.minLabelledFraction)} of ${formatNumber(eventCount)} ${events} are labelled`;
  const required = `${formatPercent(gate.minLabelledFraction)} required`;
  return fraction >= gate.minLabelledFraction
    ? outcome({ ...shown, status: "pass", reason: `${share} (≥ ${required})` })
    : outcome({ ...shown, status: "fail", reason: `${share}; at least ${required}` });
}

/** Short of the minimum is insufficient, never fail: more labels may still arrive. */
export function evaluateLabelledSampleSizeGate(gate: LabelledSampleSizeGate, ctx: GateContext): GateOutcome {
  const block = ctx.evidence[gate.source];
  const count = block?.labelledCount;
  const noun = labelledNoun(gate.source);
  const shown = {
    threshold: gate.minLabelled,
    comparator: ">=" as const,
    runIds: runIdsOf(block),
    observed: finiteOrNull(count),
    evidenceN: finiteOrNull(count),
  };
  const problem = blockProblem(block, gate.source, ctx);
  if (problem !== null) return outcome({ ...shown, status: "insufficient_evidence", reason: problem });
  if (typeof count !== "number" || !Number.isFinite(count)) {
    return outcome({ ...shown, status: "insufficient_evidence", reason: `no count of ${noun}s` });
  }
  if (count < gate.minLabelled) {
    return outcome({ ...shown, status: "insufficient_evidence", reason: shortOf(count, gate.minLabelled, noun) });
  }
  return outcome({
    ...shown,
    status: "pass",
    reason: `${plural(count, noun)} (≥ ${formatNumber(gate.minLabelled)} required)`,
  });
}
