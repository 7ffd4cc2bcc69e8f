"use client";

/**
 * Stress degradation (UI.md Stress): per scenario, the lead metric's change on perturbed test rows
 * against the clean rows (stressed − clean) as a horizontal bar from a zero line labelled with the
 * clean value, the largest degradation first; the worst scenario in the emphasis ink and says
 * "worst". A scenario without a delta is a labelled gap. There is no interval to draw: each
 * scenario is one seeded perturbation, and the legend says so.
 * e2e: figure run-stress-chart, bars path.recharts-rectangle.
 */
import { Bar, ReferenceLine } from "recharts";
import { formatMetric } from "~/lib/format";
import { CategoryBarChart } from "./category-bar-chart";
import { tooltipStyle } from "./chart-figure";
import { horizontalBarShape, type LegendItem, ReferenceLabel } from "./chart-parts";
import { formatDelta, metricAxisLabel, type Stress } from "./run-results-view";
import { type StressBar, stressCaption, stressChartData } from "./stress-chart-data";

const ROW_PX = 28;

function StressTooltip({
  active,
  payload,
  metric,
  kindWords,
}: {
  active?: boolean;
  payload?: { payload?: StressBar }[];
  metric: string;
  kindWords: (kind: string) => string;
}) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  return (
    <div style={tooltipStyle} className="rounded px-2 py-1">
      <div className="font-medium">
        {row.scenario}
        {row.worst && " · worst"}
      </div>
      <div className="text-muted-foreground">{row.perturbations.map(kindWords).join(" → ")}</div>
      <div className="tabular">
        {metric}: clean {formatMetric(row.baseline)} → stressed {formatMetric(row.stressed)} (Δ {formatDelta(row.delta)}
        )
      </div>
    </div>
  );
}

export function StressChart({ stress, kindWords }: { stress: Stress; kindWords: (kind: string) => string }) {
  const data = stressChartData(stress);
  if (data.rows.length === 0 || data.metric === "") return null;
  const caption = stressCaption(data);
  const { metric } = data;
  const legend: LegendItem[] = [
    { label: `Δ ${metric} (stressed − clean)`, swatch: { kind: "bar", color: "var(--chart-1)", opacity: 0.75 } },
    { label: "worst scenario", swatch: { kind: "bar", color: "var(--chart-emphasis)" } },
    {
      label: `clean rows (Δ = 0${data.clean !== null ? `, ${metric} ${formatMetric(data.clean)}` : ""})`,
      swatch: { kind: "line", color: "var(--muted-foreground)" },
    },
    { label: "no interval: one seeded perturbation per scenario", swatch: { kind: "note" } },
  ];
  const shape = horizontalBarShape<StressBar>(
    (r) => (r.worst ? { fill: "var(--chart-emphasis)" } : { fill: "var(--chart-1)", fillOpacity: 0.75 }),
    (r) => ({ value: r.delta, text: r.valueText }),
  );
  return (
    <CategoryBarChart
      testId="run-stress-chart"
      caption={caption}
      csvName={`stress-${metric}.csv`}
      table={{
        columns: [
          "scenario",
          "perturbations",
          `clean ${metric}`,
          `stressed ${metric}`,
          "Δ (stressed − clean)",
          "worst",
        ],
        rows: data.rows.map((r) => [
          r.scenario,
          r.perturbations.join(" → "),
          r.baseline,
          r.stressed,
          r.delta,
          r.worst ? "yes" : "no",
        ]),
      }}
      rows={data.rows}
      rowPx={ROW_PX}
      marginRight={56}
      title={`Change in ${metric} under each stress scenario, largest degradation first`}
      x={{
        domain: data.domain,
        ticks: data.ticks,
        tickFormatter: (v: number) => formatDelta(v),
        title: metricAxisLabel(metric, "Δ "),
      }}
      yTitle="Scenario"
      tooltip={<StressTooltip metric={metric} kindWords={kindWords} />}
      legend={legend}
    >
      <ReferenceLine
        x={0}
        stroke="var(--muted-foreground)"
        strokeWidth={1.5}
        label={<ReferenceLabel text={`clean ${formatMetric(data.clean)}`} />}
      />
      <Bar dataKey="delta" name={`Δ ${metric}`} isAnimationActive={false} maxBarSize={18} shape={shape} />
    </CategoryBarChart>
  );
}
