// Relative, not "~/": the unit tests run under vitest, which has no "~" alias.

import type { Interval, ShadowDifferenceView } from "~/server/shadow/shadow-view-types";
import { formatMetric } from "../../lib/format";

/** "[0.781, 0.823]", or an em dash without an interval. */
export function formatInterval(interval: Interval | undefined): string {
  if (!interval) return "—";
  return `[${formatMetric(interval[0])}, ${formatMetric(interval[1])}]`;
}

/** "0.812 ± 0.021" when the interval is symmetric enough to say so, else "0.812 [0.79, 0.83]". */
export function formatWithInterval(value: number | null | undefined, interval: Interval | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  if (!interval) return formatMetric(value);
  const below = value - interval[0];
  const above = interval[1] - value;
  if (Math.abs(below - above) <= 0.0005) return `${formatMetric(value)} ± ${formatMetric(above)}`;
  return `${formatMetric(value)} ${formatInterval(interval)}`;
}

/** A signed difference with fixed decimals ("+0.012", "−0.004"). */
export function formatSigned(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  const text = Math.abs(value).toFixed(3);
  if (text === "0.000") return "0.000";
  return `${value > 0 ? "+" : "−"}${text}`;
}

/** "95%" from a level of 0.95. */
export function formatLevel(level: number): string {
  return `${Math.round(level * 1000) / 10}%`;
}

/** A duration in the largest unit that keeps it readable ("42 s", "18 min", "3.5 h", "2.1 d"). */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "—";
  const s = ms / 1000;
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} d`;
}

/** A p-value with two significant digits, small ones as "< 0.0001". */
export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return "—";
  if (p < 0.0001) return "< 0.0001";
  return p.toPrecision(2);
}

/** The decision as words and an icon (never colour alone). */
export function decisionOf(decision: ShadowDifferenceView["decision"]): {
  icon: string;
  words: string;
  className: string;
} {
  switch (decision) {
    case "challenger_better":
      return { icon: "▲", words: "challenger better", className: "text-foreground" };
    case "champion_better":
      return { icon: "▼", words: "champion better", className: "text-foreground" };
    case "undecided":
      return { icon: "◌", words: "undecided — insufficient evidence", className: "text-insufficient" };
    default:
      return { icon: "○", words: "not decided yet (no labelled matched events)", className: "text-muted-foreground" };
  }
}

/** p-value keys as words (the server names its tests). */
export const P_VALUE_WORDS: Record<string, string> = {
  mcnemar: "McNemar (exact)",
  delong: "DeLong, roc_auc",
};
