"use client";

/**
 * One shadow quantity over snapshot time: a straight line per model version with its interval as
 * a band (Recharts Area with a [low, high] value), no smoothing, a snapshot without a value a gap
 * (never bridged, never a zero). Optional zero reference line and event volume as faint bars on
 * a hidden axis behind the lines.
 */
import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { axisProps, axisTitle, ChartFigure, type FigureTable, tooltipStyle } from "~/features/runs/chart-figure";
import { formatCount, formatMetric, formatTime } from "~/lib/format";
import type { BandRow, BandSeries } from "./shadow-chart-data";
import { formatInterval } from "./shadow-format";

const tickTime = new Intl.DateTimeFormat("en", {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function BandTooltip({
  active,
  payload,
  series,
}: {
  active?: boolean;
  payload?: { payload?: BandRow }[];
  series: readonly BandSeries[];
}) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  return (
    <div style={tooltipStyle} className="rounded px-2 py-1">
      <div className="text-muted-foreground">
        Snapshot {row.sequence} · {formatTime(new Date(row.t))}
      </div>
      {series.map((s) => {
        const value = row[s.valueKey];
        const band = row[s.bandKey];
        return (
          <div key={s.modelVersionId} className="tabular">
            <span style={{ color: s.stroke }} aria-hidden>
              ━{" "}
            </span>
            {s.label}: {typeof value === "number" ? formatMetric(value) : "—"}{" "}
            {Array.isArray(band) ? formatInterval(band) : ""}
          </div>
        );
      })}
      <div className="text-muted-foreground tabular">
        {formatCount(row.events)} events · {formatCount(row.labelled)} labelled
      </div>
    </div>
  );
}

function BandPlot({
  title,
  caption,
  yLabel,
  rows,
  series,
  zeroLine,
  showEvents,
}: {
  title: string;
  caption: string;
  yLabel: string;
  rows: BandRow[];
  series: readonly BandSeries[];
  zeroLine: boolean;
  showEvents: boolean;
}) {
  // Rendered in the browser only (the figure mounts its chart when visible): the viewer's zone.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 20, left: 8 }} title={title} desc={caption}>
        <CartesianGrid stroke="var(--chart-grid)" />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={["dataMin", "dataMax"]}
          padding={{ left: 16, right: 16 }}
          {...axisProps}
          tickFormatter={(v: number) => tickTime.format(new Date(v))}
          label={axisTitle(`Snapshot time (${zone})`, "x")}
        />
        <YAxis
          {...axisProps}
          domain={["auto", "auto"]}
          tickFormatter={(v: number) => v.toFixed(2)}
          label={axisTitle(yLabel, "y", 0)}
        />
        {showEvents && <YAxis yAxisId="events" hide domain={[0, "dataMax"]} />}
        <Tooltip content={<BandTooltip series={series} />} />
        <Legend wrapperStyle={{ fontSize: 11, paddingTop: 16 }} />
        {showEvents && (
          <Bar
            yAxisId="events"
            dataKey="events"
            name="events scored (faint bars)"
            fill="var(--chart-grid)"
            maxBarSize={8}
            isAnimationActive={false}
          />
        )}
        {zeroLine && <ReferenceLine y={0} stroke="var(--muted-foreground)" strokeDasharray="4 4" />}
        {series.map((s) => (
          <Area
            key={`band-${s.modelVersionId}`}
            dataKey={s.bandKey}
            type="linear"
            stroke="none"
            fill={s.stroke}
            fillOpacity={0.14}
            connectNulls={false}
            isAnimationActive={false}
            legendType="none"
            activeDot={false}
            name={`${s.label} interval`}
          />
        ))}
        {series.map((s) => (
          <Line
            key={`line-${s.modelVersionId}`}
            dataKey={s.valueKey}
            type="linear"
            name={`${s.role === "champion" ? "champion" : "challenger"} · ${s.label}`}
            stroke={s.stroke}
            strokeDasharray={s.dash}
            strokeWidth={2}
            dot={{ r: 2 }}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </ComposedChart>
    </ResponsiveContainer>
  );
}

export function BandChart({
  testId,
  title,
  caption,
  yLabel,
  bandLegend,
  rows,
  series,
  table,
  csvName,
  zeroLine = false,
  showEvents = false,
}: {
  testId: string;
  title: string;
  caption: string;
  yLabel: string;
  /** What the bands are ("95% confidence sequence"), printed beside the chart. */
  bandLegend: string;
  rows: BandRow[];
  series: readonly BandSeries[];
  table: FigureTable;
  csvName: string;
  zeroLine?: boolean;
  showEvents?: boolean;
}) {
  return (
    <div className="flex flex-col gap-1">
      <p className="text-xs font-medium">
        {title} <span className="font-normal text-muted-foreground">· bands: {bandLegend}</span>
      </p>
      <ChartFigure testId={testId} caption={caption} table={table} csvName={csvName} height="h-72">
        <BandPlot
          title={title}
          caption={caption}
          yLabel={yLabel}
          rows={rows}
          series={series}
          zeroLine={zeroLine}
          showEvents={showEvents}
        />
      </ChartFigure>
    </div>
  );
}

/** The rows of a band chart as its "View as table" (one row per snapshot and version). */
export function bandTable(rows: readonly BandRow[], series: readonly BandSeries[], valueName: string): FigureTable {
  return {
    columns: ["snapshot", "scored at", "version", "role", valueName, "lower", "upper", "events", "labelled"],
    rows: rows.flatMap((r) =>
      series.map((s) => {
        const value = r[s.valueKey];
        const band = r[s.bandKey];
        return [
          r.sequence,
          new Date(r.t).toISOString(),
          s.label,
          s.role,
          typeof value === "number" ? value : null,
          Array.isArray(band) ? band[0] : null,
          Array.isArray(band) ? band[1] : null,
          r.events,
          r.labelled,
        ];
      }),
    ),
  };
}
