import { METRIC_DIRECTION } from "../realism/metric-direction.ts";
import { labelledNoun } from "./describe-gate.ts";
import { comparatorFor, type GateComparator } from "./gate-metric.ts";
import {
  aggregateItems,
  blockProblem,
  checkEstimate,
  type EstimateRequirement,
  finiteOrNull,
  type GateContext,
  type GateOutcome,
  intervalOrNull,
  type JudgedItem,
  judgeInterval,
  judgePoint,
  outcome,
  runIdsOf,
  shortOf,
  toItemResult,
} from "./judge.ts";
import type { EvidenceEstimate } from "./readiness-evidence.ts";
import type { DriftGate, StressDegradationGate, WorstSliceGate } from "./readiness-policy-schema.ts";

/** Gates over several items, each judged on its own: drift features, stress tests, slices. */

export function evaluateDriftGate(gate: DriftGate, ctx: GateContext): GateOutcome {
  const block = ctx.evidence.drift;
  const base = { threshold: gate.maxValue, comparator: "<=" as const, runIds: runIdsOf(block) };
  const problem = blockProblem(block, "drift", ctx);
  if (problem !== null) return outcome({ ...base, status: "insufficient_evidence", reason: problem });
  const items = gate.features.map((feature): JudgedItem => {
    const drift = block?.features?.[feature];
    const item = {
      label: feature,
      observed: null,
      interval: null,
      n: finiteOrNull(drift?.currentN),
      slack: Number.NaN,
    };
    const insufficient = (reason: string): JudgedItem => ({ ...item, status: "insufficient_evidence", reason });
    if (drift === undefined || drift === null) return insufficient("no drift measured");
    const n = Math.min(drift.currentN, drift.referenceN);
    if (!(n >= gate.minN)) {
      const side = drift.currentN <= drift.referenceN ? "current" : "reference";
      return insufficient(shortOf(n, gate.minN, `${side} row`));
    }
    const value = drift[gate.statistic];
    if (value === undefined || !Number.isFinite(value)) {
      const why =
        drift.type === "categorical" && (gate.statistic === "ks_statistic" || gate.statistic === "wasserstein");
      return insufficient(why ? `${gate.statistic} is not defined for a categorical feature` : `no ${gate.statistic}`);
    }
    const judged = judgePoint(value, "<=", gate.maxValue, (shown) => `${gate.statistic} ${shown}`);
    return { ...item, ...judged, observed: value, slack: gate.maxValue - value };
  });
  return fromItems(items, "feature", base);
}

export function evaluateStressDegradationGate(gate: StressDegradationGate, ctx: GateContext): GateOutcome {
  const block = ctx.evidence.stress;
  const base = { threshold: gate.maxDegradation, comparator: "<=" as const, runIds: runIdsOf(block) };
  const problem = blockProblem(block, "stress", ctx);
  if (problem !== null) return outcome({ ...base, status: "insufficient_evidence", reason: problem });
  const onMetric = (block?.tests ?? []).filter((test) => test.metric === gate.metric);
  const names = gate.tests === "all" ? [...new Set(onMetric.map((test) => test.test))] : gate.tests;
  if (names.length === 0) {
    return outcome({ ...base, status: "insufficient_evidence", reason: `no stress tests on ${gate.metric}` });
  }
  const requirement = {
    minN: gate.minN,
    confidenceLevel: gate.confidenceLevel,
    anytimeValid: false,
    nNoun: labelledNoun("benchmark"),
  };
  const items = names.map((name) => {
    const change = onMetric.find((test) => test.test === name)?.change;
    // Degradation is "how much worse", positive = worse, whatever the metric's direction.
    const degradation = change === undefined ? undefined : orientAsDegradation(change, gate.metric);
    return judgeEstimateItem({
      label: name,
      estimate: degradation,
      what: `${gate.metric} degradation`,
      missing: `no stress result on ${gate.metric}`,
      comparator: "<=",
      threshold: gate.maxDegradation,
      requirement,
    });
  });
  return fromItems(items, "stress test", base);
}

export function evaluateWorstSliceGate(gate: WorstSliceGate, ctx: GateContext): GateOutcome {
  const block = ctx.evidence[gate.source];
  const comparator = comparatorFor(gate.metric);
  const base = { threshold: gate.threshold, comparator, runIds: runIdsOf(block) };
  const problem = blockProblem(block, gate.source, ctx);
  if (problem !== null) return outcome({ ...base, status: "insufficient_evidence", reason: problem });
  const slices = block?.slices;
  if (slices === undefined || slices === null || slices.length === 0) {
    return outcome({ ...base, status: "insufficient_evidence", reason: `no ${gate.source} slices` });
  }
  const requirement = {
    minN: gate.minN,
    confidenceLevel: gate.confidenceLevel,
    anytimeValid: false,
    nNoun: labelledNoun(gate.source),
  };
  const columns = gate.columns ?? [...new Set(slices.map((slice) => slice.column))];
  const items = columns.flatMap((column): JudgedItem[] => {
    const ofColumn = slices.filter((slice) => slice.column === column);
    if (ofColumn.length === 0) {
      return [
        {
          label: column,
          status: "insufficient_evidence",
          reason: "no slices of this column",
          observed: null,
          interval: null,
          n: null,
          slack: Number.NaN,
        },
      ];
    }
    return ofColumn.map((slice) =>
      judgeEstimateItem({
        label: `${slice.column}=${slice.value}`,
        estimate: slice.metrics?.[gate.metric],
        what: gate.metric,
        missing: `no ${gate.metric}`,
        comparator,
        threshold: gate.threshold,
        requirement,
      }),
    );
  });
  return fromItems(items, "slice", base);
}

function orientAsDegradation(change: EvidenceEstimate, metric: StressDegradationGate["metric"]): EvidenceEstimate {
  if (METRIC_DIRECTION[metric] === "lower_is_better") return change;
  const interval = change.interval === null ? null : ([-change.interval[1], -change.interval[0]] as const);
  return { ...change, value: -change.value, interval };
}

interface EstimateItemOptions {
  label: string;
  estimate: EvidenceEstimate | undefined;
  what: string;
  missing: string;
  comparator: GateComparator;
  threshold: number;
  requirement: EstimateRequirement;
}

function judgeEstimateItem(opts: EstimateItemOptions): JudgedItem {
  const { estimate, comparator, threshold } = opts;
  const item = {
    label: opts.label,
    observed: finiteOrNull(estimate?.value),
    interval: intervalOrNull(estimate?.interval),
    n: finiteOrNull(estimate?.n),
  };
  if (estimate === undefined) {
    return { ...item, status: "insufficient_evidence", reason: opts.missing, slack: Number.NaN };
  }
  const check = checkEstimate(estimate, opts.what, opts.requirement);
  if (!check.ok) return { ...item, status: "insufficient_evidence", reason: check.reason, slack: Number.NaN };
  const [lower, upper] = check.interval;
  const slack = comparator === ">=" ? lower - threshold : threshold - upper;
  return { ...item, ...judgeInterval(check.interval, comparator, threshold), slack };
}

function fromItems(
  items: JudgedItem[],
  noun: string,
  base: Pick<GateOutcome, "threshold" | "comparator" | "runIds">,
): GateOutcome {
  const { judgement, decisive } = aggregateItems(items, noun);
  return outcome({
    ...base,
    ...judgement,
    observed: decisive?.observed ?? null,
    interval: decisive?.interval ?? null,
    evidenceN: decisive?.n ?? null,
    items: items.map(toItemResult),
  });
}
