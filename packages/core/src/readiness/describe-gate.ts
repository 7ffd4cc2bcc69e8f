import type { MetricName } from "../realism/metric-direction.ts";
import { comparatorSymbol, plural as countOf, formatHours, formatNumber, formatPercent } from "./format-text.ts";
import { comparatorFor, directionWords } from "./gate-metric.ts";
import type { EvidenceSource, Gate, MetricGate } from "./readiness-policy-schema.ts";

/** The rule of a gate in words, as shown on the readiness report and in the policy editor. */
export function describeGate(gate: Gate): string {
  switch (gate.kind) {
    case "metric":
      return describeMetricGate(gate);
    case "gap": {
      const { comparator, threshold } = gapRule(gate.metric, gate.maxGap);
      return `gap ${gate.metric} (benchmark − shadow) ${comparatorSymbol(comparator)} ${formatNumber(threshold)}${atLevel(gate.confidenceLevel)}`;
    }
    case "calibration":
      return `${gate.source} ece ≤ ${formatNumber(gate.maxEce)}${atLevel(gate.confidenceLevel)}`;
    case "latency":
      return `${gate.source} p${gate.percentile} latency ≤ ${formatNumber(gate.maxMs)} ms`;
    case "drift":
      return `${gate.statistic} ≤ ${formatNumber(gate.maxValue)} for ${oneOrMany(gate.features.length, "feature", "features")} ${gate.features.join(", ")}`;
    case "label_maturity":
      return `≥ ${formatPercent(gate.minLabelledFraction)} of shadow events older than ${formatHours(gate.minEventAgeHours)} labelled`;
    case "labelled_sample_size":
      return `≥ ${countOf(gate.minLabelled, labelledNoun(gate.source))}`;
    case "stress_degradation": {
      const under =
        gate.tests === "all"
          ? "every stress test"
          : `stress ${oneOrMany(gate.tests.length, "test", "tests")} ${gate.tests.join(", ")}`;
      return `benchmark ${gate.metric} degrades by ≤ ${formatNumber(gate.maxDegradation)} under ${under}${atLevel(gate.confidenceLevel)}`;
    }
    case "worst_slice": {
      const over =
        gate.columns === undefined
          ? ""
          : ` over slice ${oneOrMany(gate.columns.length, "column", "columns")} ${gate.columns.join(", ")}`;
      return `worst ${gate.source} slice ${gate.metric} ${comparatorSymbol(comparatorFor(gate.metric))} ${formatNumber(gate.threshold)}${over}${atLevel(gate.confidenceLevel)}`;
    }
    case "decision_cost":
      return `${gate.source} expected cost per decision ≤ ${formatNumber(gate.maxCostPerDecision)}${atLevel(gate.confidenceLevel)}`;
  }
}

function describeMetricGate(gate: MetricGate): string {
  const symbol = comparatorSymbol(gate.comparator);
  let rule: string;
  if (gate.relativeTo === undefined) {
    rule = `${gate.source} ${gate.metric} ${symbol} ${formatNumber(gate.threshold ?? Number.NaN)}`;
  } else {
    const margin = gate.margin ?? 0;
    const sign = gate.comparator === ">=" ? "−" : "+";
    const plusMargin = margin === 0 ? "" : ` ${sign} ${formatNumber(margin)}`;
    rule = `${gate.source} ${gate.metric} ${symbol} ${baselineName(gate.source)} ${gate.metric}${plusMargin}`;
  }
  const against =
    gate.againstDirection === true
      ? ` (deliberately against ${gate.metric}'s direction: ${directionWords(gate.metric)})`
      : "";
  return `${rule}${atLevel(gate.confidenceLevel)}${against}`;
}

/** The harmful side of a Gap (benchmark − shadow): shadow worse than benchmark. */
export function gapRule(metric: MetricName, maxGap: number): { comparator: ">=" | "<="; threshold: number } {
  return comparatorFor(metric) === ">="
    ? { comparator: "<=", threshold: maxGap }
    : { comparator: ">=", threshold: -maxGap };
}

/** What production is called on each source: the champion, in a shadow evaluation. */
export function baselineName(source: EvidenceSource): string {
  return source === "shadow" ? "champion" : "production";
}

/** What n counts on each source. */
export function labelledNoun(source: EvidenceSource): string {
  return source === "shadow" ? "labelled shadow event" : "labelled benchmark row";
}

function atLevel(level: number): string {
  return ` at ${formatPercent(level)} confidence`;
}

function oneOrMany(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}
