// Relative, not "~/": the unit tests run under vitest, which has no "~" alias.

import type { DriftFeatureView } from "~/server/shadow/shadow-view-types";
import { formatCount, formatMetric } from "../../lib/format";
import { niceAxis } from "../runs/run-results-view";
import { shortLabel } from "../runs/slices-chart-data";
import { driftByPsi } from "./shadow-chart-data";
import { formatPValue } from "./shadow-format";

/** The conventional PSI thresholds: below 0.1 no real shift, 0.1–0.25 moderate, 0.25 and above significant. */
export const PSI_MODERATE = 0.1;
export const PSI_SIGNIFICANT = 0.25;
/** Features drawn at most; the table lists every feature. */
export const DRIFT_CHART_CAP = 25;

export type PsiBand = "significant" | "moderate" | "stable";

export function psiBand(psi: number | null): PsiBand | null {
  if (psi === null || !Number.isFinite(psi)) return null;
  if (psi >= PSI_SIGNIFICANT) return "significant";
  if (psi >= PSI_MODERATE) return "moderate";
  return "stable";
}

export interface DriftBar extends DriftFeatureView {
  /** The category tick: the feature, shortened, plus "drifting" / "moderate" / "no PSI" in words. */
  label: string;
  /** PSI when finite, else null (a gap, never 0). */
  value: number | null;
  band: PsiBand | null;
  valueText: string;
}

export interface DriftChartData {
  rows: DriftBar[];
  total: number;
  counts: Record<PsiBand | "none", number>;
  domain: [number, number];
  ticks: number[];
}

const TAG: Record<PsiBand, string> = { significant: " (drifting)", moderate: " (moderate)", stable: "" };

/** PSI per feature, drifting first (driftByPsi), capped at `cap`; both threshold lines always on the axis. */
export function driftChartData(drift: readonly DriftFeatureView[], cap = DRIFT_CHART_CAP): DriftChartData {
  const all = driftByPsi(drift).map((d): DriftBar => {
    const value = d.psi !== null && Number.isFinite(d.psi) ? d.psi : null;
    const band = psiBand(value);
    return {
      ...d,
      value,
      band,
      label: `${shortLabel(d.feature)}${band ? TAG[band] : " (no PSI)"}`,
      valueText: value === null ? "" : formatMetric(value),
    };
  });
  const counts = { significant: 0, moderate: 0, stable: 0, none: 0 };
  for (const r of all) counts[r.band ?? "none"] += 1;
  const rows = all.slice(0, Math.max(0, cap));
  const max = Math.max(0, ...rows.map((r) => r.value ?? 0));
  // Room beyond the 0.25 line so it is always drawn, and beyond the longest bar for its label.
  return { rows, total: all.length, counts, ...niceAxis(0, Math.max(PSI_SIGNIFICANT * 1.2, max * 1.15)) };
}

const statisticName = (kind: DriftFeatureView["kind"]) => (kind === "numeric" ? "KS" : "χ²");

/** "KS 0.210, p < 0.0001" (or χ² for a categorical feature); an em dash for what is missing. */
export function driftTest(d: Pick<DriftFeatureView, "kind" | "statistic" | "pValue">): string {
  const p = formatPValue(d.pValue);
  const pText = p === "—" ? "no p-value" : p.startsWith("<") ? `p ${p}` : `p = ${p}`;
  return `${statisticName(d.kind)} ${formatMetric(d.statistic)}, ${pText}`;
}

export function driftCaption(data: DriftChartData): string {
  const { counts, total, rows } = data;
  const largest = rows[0]?.value != null ? rows[0] : null;
  const parts = [
    `${formatCount(counts.significant)} of ${formatCount(total)} features drift (PSI ≥ ${PSI_SIGNIFICANT}), ${formatCount(counts.moderate)} shift moderately (${PSI_MODERATE}–${PSI_SIGNIFICANT}), ${formatCount(counts.stable)} stay below ${PSI_MODERATE}${counts.none > 0 ? `, ${formatCount(counts.none)} without a PSI (no bar)` : ""}.`,
  ];
  if (largest) {
    parts.push(`Largest: ${largest.feature}, PSI ${formatMetric(largest.value)} (${driftTest(largest)}).`);
  }
  if (rows.length < total) {
    parts.push(`The chart shows the top ${rows.length} of ${formatCount(total)} by PSI; the table lists all.`);
  }
  parts.push("PSI is a single distance between the reference and the window: no interval.");
  return parts.join(" ");
}
