"use client";

/**
 * The lead metric per slice of one slice column (UI.md Slices): a horizontal bar per slice with
 * its interval as error bars, the whole test set as a reference line, worst first. The worst slice
 * is drawn in the emphasis ink and says "worst"; insufficient slices are hatched, without an
 * interval, and say "insufficient"; a slice without a value is a labelled gap.
 * e2e: figure run-slices-chart inside run-slice-column[data-column], bars path.recharts-rectangle, whiskers
 * .recharts-errorBar line.
 */
import { useId } from "react";
import { Bar, ErrorBar, ReferenceLine } from "recharts";
import { formatCount, formatMetric } from "~/lib/format";
import { CategoryBarChart } from "./category-bar-chart";
import { tooltipStyle } from "./chart-figure";
import { HatchPattern, horizontalBarShape, type LegendItem, ReferenceLabel } from "./chart-parts";
import { formatDelta, metricAxisLabel, type SliceColumn } from "./run-results-view";
import { type SliceBar, sliceCaption, sliceChartData } from "./slices-chart-data";

const ROW_PX = 26;

function SliceTooltip({
  active,
  payload,
  metric,
  minSliceSize,
}: {
  active?: boolean;
  payload?: { payload?: SliceBar }[];
  metric: string;
  minSliceSize: number;
}) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  return (
    <div style={tooltipStyle} className="rounded px-2 py-1">
      <div className="font-medium">
        {row.slice}
        {row.worst && " · worst"}
      </div>
      <div className="tabular">
        {metric} {formatMetric(row.value)}
        {row.lower !== null && row.upper !== null && ` [${formatMetric(row.lower)}, ${formatMetric(row.upper)}]`} · n ={" "}
        {formatCount(row.n)}
      </div>
      <div className="tabular text-muted-foreground">Δ vs whole test set {formatDelta(row.delta)}</div>
      {row.insufficient && (
        <div className="text-muted-foreground">
          insufficient: fewer than {formatCount(minSliceSize)} rows, no interval
        </div>
      )}
    </div>
  );
}

export function SlicesChart({
  column,
  metric,
  overall,
  minSliceSize,
}: {
  column: SliceColumn;
  metric: string;
  overall: number | null;
  minSliceSize: number;
}) {
  const hatchId = `slice-hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const data = sliceChartData({ column, metric, overall, minSliceSize });
  const caption = sliceCaption(data);
  const legend: LegendItem[] = [
    { label: `${metric} per slice`, swatch: { kind: "bar", color: "var(--chart-1)", opacity: 0.75 } },
    { label: "worst slice", swatch: { kind: "bar", color: "var(--chart-emphasis)" } },
    ...(data.insufficient > 0
      ? [
          {
            label: `insufficient (n < ${formatCount(minSliceSize)}), no interval`,
            swatch: { kind: "hatch", color: "var(--muted-foreground)" } as const,
          },
        ]
      : []),
    ...(data.intervalName
      ? [{ label: data.intervalName, swatch: { kind: "whisker", color: "var(--foreground)" } as const }]
      : []),
    ...(data.overall !== null
      ? [{ label: "whole test set", swatch: { kind: "line", color: "var(--muted-foreground)", dash: "4 3" } as const }]
      : []),
  ];
  const shape = horizontalBarShape<SliceBar>(
    (r) =>
      r.insufficient
        ? { fill: `url(#${hatchId})`, stroke: "var(--muted-foreground)", strokeDasharray: "3 2" }
        : r.worst
          ? { fill: "var(--chart-emphasis)" }
          : { fill: "var(--chart-1)", fillOpacity: 0.75 },
    (r) => ({ value: r.value, lower: r.lower, upper: r.upper, text: r.valueText }),
  );
  return (
    <CategoryBarChart
      testId="run-slices-chart"
      caption={caption}
      csvName={`slices-${column.column}-${metric}.csv`}
      table={{
        columns: ["slice", "n", metric, "lower", "upper", "Δ vs whole test set", "insufficient", "worst"],
        rows: data.rows.map((r) => [
          r.slice,
          r.n,
          r.value,
          r.lower,
          r.upper,
          r.delta,
          r.insufficient ? "yes" : "no",
          r.worst ? "yes" : "no",
        ]),
      }}
      rows={data.rows}
      rowPx={ROW_PX}
      marginRight={96}
      title={`${metric} per slice of ${column.column}, worst first`}
      x={{
        domain: data.domain,
        ticks: data.ticks,
        tickFormatter: (v: number) => v.toFixed(2),
        title: metricAxisLabel(metric),
      }}
      yTitle={`${column.column} (slice)`}
      tooltip={<SliceTooltip metric={metric} minSliceSize={minSliceSize} />}
      legend={legend}
      defs={<HatchPattern id={hatchId} color="var(--muted-foreground)" />}
    >
      {data.overall !== null && (
        <ReferenceLine
          x={data.overall}
          stroke="var(--muted-foreground)"
          strokeDasharray="4 3"
          label={<ReferenceLabel text={`whole test set ${formatMetric(data.overall)}`} />}
        />
      )}
      <Bar dataKey="value" name={metric} isAnimationActive={false} maxBarSize={18} shape={shape}>
        <ErrorBar dataKey="error" direction="x" width={5} stroke="var(--foreground)" strokeWidth={1.25} />
      </Bar>
    </CategoryBarChart>
  );
}
