import { baselineName, gapRule, labelledNoun } from "./describe-gate.ts";
import type { GateComparator } from "./gate-metric.ts";
import {
  blockProblem,
  checkEstimate,
  finiteOrNull,
  type GateContext,
  type GateOutcome,
  intervalOrNull,
  judgeInterval,
  outcome,
  runIdsOf,
} from "./judge.ts";
import type { EvidenceBlock, EvidenceEstimate } from "./readiness-evidence.ts";
import type { CalibrationGate, DecisionCostGate, GapGate, MetricGate } from "./readiness-policy-schema.ts";

/** Gates that judge one EvidenceEstimate by its interval: metric, gap, calibration, decision cost. */

export function evaluateMetricGate(gate: MetricGate, ctx: GateContext): GateOutcome {
  const block = ctx.evidence[gate.source];
  const requirement = {
    minN: gate.minN,
    confidenceLevel: gate.confidenceLevel,
    // Shadow metrics are re-checked as labels arrive; only a confidence sequence keeps that honest.
    anytimeValid: gate.source === "shadow",
    nNoun: labelledNoun(gate.source),
  };
  if (gate.relativeTo === undefined) {
    return judgeEstimate({
      block,
      blockName: gate.source,
      ctx,
      estimate: block?.metrics?.[gate.metric],
      what: `${gate.source} ${gate.metric}`,
      comparator: gate.comparator,
      threshold: gate.threshold ?? Number.NaN,
      requirement,
    });
  }
  const baseline = baselineName(gate.source);
  const margin = gate.margin ?? 0;
  const threshold = gate.comparator === ">=" ? -margin : margin;
  const production = block?.production;
  if (block !== undefined && production === undefined) {
    const problem = blockProblem(block, gate.source, ctx);
    return outcome({
      status: "insufficient_evidence",
      reason:
        problem ?? `no ${baseline} version evidence on the ${gate.source}; a gate relative to production needs it`,
      threshold,
      comparator: gate.comparator,
      runIds: runIdsOf(block),
    });
  }
  return judgeEstimate({
    block,
    blockName: gate.source,
    ctx,
    estimate: production?.differences?.[gate.metric],
    what: `paired ${gate.metric} difference to ${baseline} (this version − ${baseline})`,
    comparator: gate.comparator,
    threshold,
    requirement,
    baseline: finiteOrNull(production?.metrics?.[gate.metric]?.value),
    prefix: `this version − ${baseline} ${gate.metric}: `,
  });
}

export function evaluateGapGate(gate: GapGate, ctx: GateContext): GateOutcome {
  const { comparator, threshold } = gapRule(gate.metric, gate.maxGap);
  return judgeEstimate({
    block: ctx.evidence.gap,
    blockName: "gap",
    ctx,
    estimate: ctx.evidence.gap?.metrics?.[gate.metric],
    what: `gap ${gate.metric}`,
    comparator,
    threshold,
    requirement: {
      minN: gate.minN,
      confidenceLevel: gate.confidenceLevel,
      anytimeValid: false,
      nNoun: labelledNoun("shadow"),
    },
  });
}

export function evaluateCalibrationGate(gate: CalibrationGate, ctx: GateContext): GateOutcome {
  const block = ctx.evidence[gate.source];
  return judgeEstimate({
    block,
    blockName: gate.source,
    ctx,
    estimate: block?.metrics?.ece,
    what: `${gate.source} ece`,
    comparator: "<=",
    threshold: gate.maxEce,
    requirement: {
      minN: gate.minN,
      confidenceLevel: gate.confidenceLevel,
      anytimeValid: false,
      nNoun: labelledNoun(gate.source),
    },
  });
}

export function evaluateDecisionCostGate(gate: DecisionCostGate, ctx: GateContext): GateOutcome {
  const block = ctx.evidence[gate.source];
  return judgeEstimate({
    block,
    blockName: gate.source,
    ctx,
    estimate: block?.decisionCost,
    what: `${gate.source} expected cost per decision`,
    comparator: "<=",
    threshold: gate.maxCostPerDecision,
    requirement: {
      minN: gate.minN,
      confidenceLevel: gate.confidenceLevel,
      anytimeValid: false,
      nNoun: labelledNoun(gate.source),
    },
  });
}

interface JudgeEstimateOptions {
  block: EvidenceBlock | undefined;
  blockName: string;
  ctx: GateContext;
  estimate: EvidenceEstimate | undefined;
  what: string;
  comparator: GateComparator;
  threshold: number;
  requirement: Parameters<typeof checkEstimate>[2];
  baseline?: number | null;
  prefix?: string;
}

function judgeEstimate(opts: JudgeEstimateOptions): GateOutcome {
  const { estimate, comparator, threshold } = opts;
  const shown = {
    threshold,
    comparator,
    baseline: opts.baseline ?? null,
    runIds: runIdsOf(opts.block),
    observed: finiteOrNull(estimate?.value),
    interval: intervalOrNull(estimate?.interval),
    evidenceN: finiteOrNull(estimate?.n),
  };
  const problem = blockProblem(opts.block, opts.blockName, opts.ctx);
  if (problem !== null) return outcome({ ...shown, status: "insufficient_evidence", reason: problem });
  if (!Number.isFinite(threshold)) {
    return outcome({ ...shown, status: "insufficient_evidence", reason: "the gate has no valid threshold" });
  }
  const check = checkEstimate(estimate, opts.what, opts.requirement);
  if (!check.ok) return outcome({ ...shown, status: "insufficient_evidence", reason: check.reason });
  const judgement = judgeInterval(check.interval, comparator, threshold);
  return outcome({ ...shown, status: judgement.status, reason: `${opts.prefix ?? ""}${judgement.reason}` });
}
