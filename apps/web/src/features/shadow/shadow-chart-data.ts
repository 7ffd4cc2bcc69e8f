import type {
  Interval,
  ShadowEvaluationView,
  ShadowSeriesPoint,
  ShadowVersionView,
} from "~/server/shadow/shadow-view-types";

/** What shadow.get returns: the latest snapshot's view plus every snapshot's headline numbers. */
export type ShadowPageData = ShadowEvaluationView & { series: ShadowSeriesPoint[] };

/** How one model version is drawn: champion and challengers keep one hue everywhere (theme variables only). */
export interface VersionStyle {
  modelVersionId: string;
  role: ShadowVersionView["role"];
  label: string;
  stroke: string;
  dash: string | undefined;
}

/** Challengers share the second hue; a second, third… challenger is told apart by its dash. */
const CHALLENGER_DASHES = [undefined, "6 3", "2 2", "8 3 2 3", "1 3"] as const;

export function versionStyles(versions: readonly Pick<ShadowVersionView, "modelVersionId" | "role" | "label">[]) {
  let challenger = 0;
  return versions.map((v): VersionStyle => {
    if (v.role === "champion") {
      return {
        modelVersionId: v.modelVersionId,
        role: v.role,
        label: v.label,
        stroke: "var(--chart-1)",
        dash: undefined,
      };
    }
    const dash = CHALLENGER_DASHES[challenger % CHALLENGER_DASHES.length];
    challenger += 1;
    return { modelVersionId: v.modelVersionId, role: v.role, label: v.label, stroke: "var(--chart-2)", dash };
  });
}

/** One row per snapshot; `v<i>` is series i's value and `b<i>` its [low, high] band, null where missing. */
export type BandRow = { t: number; sequence: number; events: number; labelled: number } & {
  [key: `v${number}` | `b${number}`]: number | [number, number] | null;
};

export interface BandSeries extends VersionStyle {
  valueKey: `v${number}`;
  bandKey: `b${number}`;
}

export interface BandEntry {
  id: string;
  value: number | null;
  interval: Interval;
}

const finite = (x: number | null | undefined): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : x;

/** A finite, ordered band or null (a missing or broken interval is a gap, never a zero). */
export function bandOf(interval: Interval): [number, number] | null {
  if (!interval) return null;
  const [low, high] = interval;
  if (finite(low) === null || finite(high) === null || low > high) return null;
  return [low, high];
}

/**
 * Snapshots as chart rows for the series `pick` returns per snapshot (oldest first, as the server
 * sends them). Only versions with at least one entry become series; a snapshot without a value is
 * a null (a gap in the line, never bridged).
 */
export function bandChartData(
  points: readonly ShadowSeriesPoint[],
  styles: readonly VersionStyle[],
  pick: (p: ShadowSeriesPoint) => readonly BandEntry[],
): { rows: BandRow[]; series: BandSeries[] } {
  const present = new Set(points.flatMap((p) => pick(p).map((e) => e.id)));
  const series: BandSeries[] = styles
    .filter((s) => present.has(s.modelVersionId))
    .map((s, i) => ({ ...s, valueKey: `v${i}`, bandKey: `b${i}` }));
  const rows = points
    .map((p) => {
      const entries = pick(p);
      const row: BandRow = {
        t: new Date(p.scoredAt).getTime(),
        sequence: p.sequence,
        events: p.events,
        labelled: p.labelled,
      };
      for (const s of series) {
        const e = entries.find((x) => x.id === s.modelVersionId);
        row[s.valueKey] = finite(e?.value);
        row[s.bandKey] = e ? bandOf(e.interval) : null;
      }
      return row;
    })
    .filter((r) => Number.isFinite(r.t))
    .sort((a, b) => a.t - b.t);
  return { rows, series };
}

/** The headline metric's name the series carries (roc_auc, accuracy or mae by task). */
export function headlineMetric(data: Pick<ShadowPageData, "series" | "difference" | "gap">): string | null {
  for (let i = data.series.length - 1; i >= 0; i--) {
    const metric = data.series[i]?.versions[0]?.metric;
    if (metric) return metric;
  }
  return data.difference[0]?.metric ?? data.gap[0]?.metric ?? null;
}

/** Drift rows, largest PSI first; a feature without a PSI goes last (never read as 0). */
export function driftByPsi<T extends { feature: string; psi: number | null }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => {
    const pa = finite(a.psi);
    const pb = finite(b.psi);
    if (pa === null && pb === null) return a.feature.localeCompare(b.feature);
    if (pa === null) return 1;
    if (pb === null) return -1;
    return pb - pa || a.feature.localeCompare(b.feature);
  });
}

/** Every metric any version reports, in first-seen order. */
export function metricNames(versions: readonly Pick<ShadowVersionView, "metrics" | "labelFree">[]): string[] {
  const names: string[] = [];
  for (const v of versions) {
    for (const m of [...Object.keys(v.metrics), ...Object.keys(v.labelFree?.metrics ?? {})]) {
      if (!names.includes(m)) names.push(m);
    }
  }
  return names;
}
