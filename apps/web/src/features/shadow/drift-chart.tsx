"use client";

/**
 * Drift per feature (UI.md Drift): PSI of each feature, window against the benchmark's reference,
 * as horizontal bars, drifting first, with the conventional thresholds 0.1 (moderate) and 0.25
 * (significant) as labelled reference lines. Features at or past 0.25 are drawn in the emphasis
 * ink and say "drifting" (never a status colour alone); a feature without a PSI is a labelled gap.
 * The KS / χ² statistic and p-value are in the tooltip and the table, not on a second axis.
 * e2e: figure shadow-drift-chart, bars path.recharts-rectangle.
 */
import { Bar, ReferenceLine } from "recharts";
import { CategoryBarChart } from "~/features/runs/category-bar-chart";
import { tooltipStyle } from "~/features/runs/chart-figure";
import { horizontalBarShape, type LegendItem, ReferenceLabel } from "~/features/runs/chart-parts";
import { formatCount, formatMetric } from "~/lib/format";
import type { DriftFeatureView } from "~/server/shadow/shadow-view-types";
import {
  type DriftBar,
  driftCaption,
  driftChartData,
  driftTest,
  PSI_MODERATE,
  PSI_SIGNIFICANT,
} from "./drift-chart-data";

const ROW_PX = 24;

const BAND_WORDS = {
  significant: "significant shift (PSI ≥ 0.25)",
  moderate: "moderate shift (PSI 0.1–0.25)",
  stable: "no real shift (PSI < 0.1)",
} as const;

function DriftTooltip({ active, payload }: { active?: boolean; payload?: { payload?: DriftBar }[] }) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  return (
    <div style={tooltipStyle} className="rounded px-2 py-1">
      <div className="font-mono">{row.feature}</div>
      <div className="tabular">
        PSI {formatMetric(row.value)} · {row.band ? BAND_WORDS[row.band] : "no PSI"}
      </div>
      <div className="tabular text-muted-foreground">
        {row.kind} · {driftTest(row)}
      </div>
      <div className="tabular text-muted-foreground">
        JS distance {formatMetric(row.js)} · missing {formatCount(row.missing)}
      </div>
    </div>
  );
}

export function DriftChart({ drift }: { drift: readonly DriftFeatureView[] }) {
  const data = driftChartData(drift);
  if (data.rows.length === 0) return null;
  const caption = driftCaption(data);
  const legend: LegendItem[] = [
    { label: "PSI per feature", swatch: { kind: "bar", color: "var(--chart-1)", opacity: 0.75 } },
    { label: "drifting (PSI ≥ 0.25)", swatch: { kind: "bar", color: "var(--chart-emphasis)" } },
    { label: "thresholds 0.1 and 0.25", swatch: { kind: "line", color: "var(--muted-foreground)", dash: "4 3" } },
    { label: "no interval: PSI is one distance per feature", swatch: { kind: "note" } },
  ];
  const shape = horizontalBarShape<DriftBar>(
    (r) =>
      r.band === "significant"
        ? { fill: "var(--chart-emphasis)" }
        : { fill: "var(--chart-1)", fillOpacity: r.band === "moderate" ? 0.75 : 0.5 },
    (r) => ({ value: r.value, text: r.valueText }),
  );
  return (
    <CategoryBarChart
      testId="shadow-drift-chart"
      caption={caption}
      csvName="shadow-drift-psi.csv"
      table={{
        columns: ["feature", "type", "PSI", "band", "statistic", "p-value", "JS distance", "missing"],
        rows: data.rows.map((r) => [
          r.feature,
          r.kind,
          r.value,
          r.band ?? "no PSI",
          r.statistic,
          r.pValue,
          r.js,
          r.missing,
        ]),
      }}
      rows={data.rows}
      rowPx={ROW_PX}
      marginRight={56}
      title="PSI per feature, window against reference, drifting first"
      x={{
        domain: data.domain,
        ticks: data.ticks,
        tickFormatter: (v: number) => v.toFixed(2),
        title: "PSI (population stability index, unitless; higher = more drift)",
      }}
      yTitle="Feature"
      tooltip={<DriftTooltip />}
      legend={legend}
    >
      {/* The two labels read away from each other, so they never overlap however close the lines are. */}
      <ReferenceLine
        x={PSI_MODERATE}
        stroke="var(--muted-foreground)"
        strokeDasharray="4 3"
        label={<ReferenceLabel text={`moderate ${PSI_MODERATE}`} anchor="end" />}
      />
      <ReferenceLine
        x={PSI_SIGNIFICANT}
        stroke="var(--muted-foreground)"
        strokeDasharray="4 3"
        label={<ReferenceLabel text={`${PSI_SIGNIFICANT} significant`} anchor="start" />}
      />
      <Bar dataKey="value" name="PSI" isAnimationActive={false} maxBarSize={16} shape={shape} />
    </CategoryBarChart>
  );
}
