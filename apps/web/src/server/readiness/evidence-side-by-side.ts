import type { EvidenceEstimate, ReadinessEvidence } from "@fieldtest/core";

/** One measured number as the review page shows it. */
export interface SideEstimate {
  value: number;
  interval: [number, number] | null;
  level: number;
  n: number;
}

/** A metric's benchmark value, shadow (field) value and the gap between them, from one report's evidence. */
export interface SideBySideRow {
  metric: string;
  benchmark: SideEstimate | null;
  shadow: SideEstimate | null;
  /** benchmark − shadow, with its interval (present when the shadow evaluation named a benchmark). */
  gap: SideEstimate | null;
}

export interface SideBySide {
  benchmarkAsOf: string | null;
  shadowAsOf: string | null;
  benchmarkRunIds: string[];
  shadowRunIds: string[];
  rows: SideBySideRow[];
}

function side(estimate: EvidenceEstimate | undefined): SideEstimate | null {
  if (!estimate || !Number.isFinite(estimate.value)) return null;
  return {
    value: estimate.value,
    interval: estimate.interval ? [estimate.interval[0], estimate.interval[1]] : null,
    level: estimate.level,
    n: estimate.n,
  };
}

/**
 * The benchmark and shadow evidence of a readiness report side by side, per metric: the metrics
 * both sources measured first (they are the comparison), then those only one did, each group in
 * name order. Read from the evidence frozen in the report, so it is what the verdict judged.
 */
export function evidenceSideBySide(evidence: ReadinessEvidence): SideBySide {
  const bench = evidence.benchmark?.metrics ?? {};
  const shadow = evidence.shadow?.metrics ?? {};
  const gap = evidence.gap?.metrics ?? {};
  const names = [...new Set([...Object.keys(bench), ...Object.keys(shadow)])] as (keyof typeof bench)[];
  const rows = names.map((metric) => ({
    metric,
    benchmark: side(bench[metric]),
    shadow: side(shadow[metric]),
    gap: side(gap[metric]),
  }));
  const both = (r: SideBySideRow) => (r.benchmark && r.shadow ? 0 : 1);
  rows.sort((a, b) => both(a) - both(b) || a.metric.localeCompare(b.metric));
  return {
    benchmarkAsOf: evidence.benchmark?.asOf ?? null,
    shadowAsOf: evidence.shadow?.asOf ?? null,
    benchmarkRunIds: [...(evidence.benchmark?.runIds ?? [])],
    shadowRunIds: [...(evidence.shadow?.runIds ?? [])],
    rows,
  };
}
