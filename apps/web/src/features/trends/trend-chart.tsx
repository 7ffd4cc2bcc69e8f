"use client";

/**
 * One benchmark version's trend of one metric. e2e: figure data-testid="trend-chart" (with
 * data-benchmark-id and data-metric); regression markers are labelled "regression" on the chart.
 */
import { useRouter } from "next/navigation";
import {
  CartesianGrid,
  ErrorBar,
  Legend,
  Line,
  LineChart,
  ReferenceDot,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { axisProps, axisTitle, ChartFigure, tooltipStyle } from "~/features/runs/chart-figure";
import { ChartLegend, type LegendItem } from "~/features/runs/chart-parts";
import { formatMetric, formatTime } from "~/lib/format";
import type { ChartPoint, ChartSeries } from "./trend-view";

function PointTooltip({ active, payload }: { active?: boolean; payload?: { payload?: ChartPoint; name?: string }[] }) {
  const item = payload?.[0];
  const p = item?.payload;
  if (!active || !p) return null;
  return (
    <div style={tooltipStyle} className="rounded px-2 py-1">
      <div className="font-medium">{item.name}</div>
      <div className="tabular">
        {formatMetric(p.value)}
        {p.lower !== null && p.upper !== null && ` [${formatMetric(p.lower)}, ${formatMetric(p.upper)}]`} · n = {p.n}
      </div>
      <div className="text-muted-foreground">{formatTime(new Date(p.t))}</div>
      <div className="font-mono text-muted-foreground">run {p.runId.slice(0, 8)} (click the point to open)</div>
      {p.regression && <div className="text-fail">regression · p = {p.regression.pValue.toPrecision(2)}</div>}
    </div>
  );
}

export function TrendChart({
  benchmarkId,
  benchmarkLabel,
  metric,
  series,
  legend,
}: {
  benchmarkId: string;
  benchmarkLabel: string;
  metric: string;
  series: ChartSeries[];
  legend: string | null;
}) {
  const router = useRouter();
  const all = series.flatMap((s) => s.points.map((p) => ({ ...p, label: s.label })));
  const regressions = all.filter((p) => p.regression);
  const latest = series.map((s) => {
    const last = s.points[s.points.length - 1] as ChartPoint;
    return `${s.label} ${formatMetric(last.value)} (n = ${last.n})`;
  });
  const caption = `${metric} on ${benchmarkLabel} over run finish time: latest ${latest.join(", ")}; ${
    regressions.length === 0 ? "no significant regression" : `${regressions.length} significant regression(s) flagged`
  }.${legend ? ` Error bars: ${legend}.` : " No intervals were computed."}`;
  // Recharts' legend names only the lines; this one names the error bars too (UI.md: the legend names the interval).
  const legendItems: LegendItem[] = [
    ...series.map((s) => ({ label: s.label, swatch: { kind: "line", color: s.stroke, dash: s.dash } as const })),
    legend
      ? { label: legend, swatch: { kind: "whisker", color: "var(--muted-foreground)" } as const }
      : { label: "no intervals computed", swatch: { kind: "note" } as const },
  ];
  return (
    <div data-testid="trend-chart" data-benchmark-id={benchmarkId} data-metric={metric}>
      <ChartFigure
        testId="trend-figure"
        caption={caption}
        csvName={`trend-${metric}.csv`}
        height="h-64"
        table={{
          columns: ["version", "finished", "run", metric, "lower", "upper", "n", "regression p"],
          rows: all.map((p) => [
            p.label,
            formatTime(new Date(p.t)),
            p.runId,
            p.value,
            p.lower,
            p.upper,
            p.n,
            p.regression ? p.regression.pValue : null,
          ]),
        }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart margin={{ top: 8, right: 16, bottom: 20, left: 8 }} title={`${metric} over time`} desc={caption}>
            <CartesianGrid stroke="var(--chart-grid)" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={["dataMin", "dataMax"]}
              padding={{ left: 16, right: 16 }}
              {...axisProps}
              tickFormatter={(v: number) => formatTime(new Date(v))}
              label={axisTitle("Run finish time (zone as in the ticks)", "x")}
            />
            <YAxis
              {...axisProps}
              domain={["auto", "auto"]}
              tickFormatter={(v: number) => v.toFixed(2)}
              label={axisTitle(metric, "y", 0)}
            />
            <Tooltip content={<PointTooltip />} />
            <Legend verticalAlign="top" align="left" content={<ChartLegend items={legendItems} />} />
            {series.map((s) => (
              // Straight segments between runs of one version; no smoothing, no bridging.
              <Line
                key={s.modelVersionId}
                data={s.points}
                dataKey="value"
                name={s.label}
                stroke={s.stroke}
                strokeDasharray={s.dash}
                strokeWidth={2}
                isAnimationActive={false}
                connectNulls={false}
                activeDot={{
                  r: 5,
                  cursor: "pointer",
                  onClick: (_: unknown, e: unknown) => {
                    const runId = (e as { payload?: ChartPoint })?.payload?.runId;
                    if (runId) router.push(`/runs/${runId}`);
                  },
                }}
              >
                <ErrorBar dataKey="error" width={4} stroke={s.stroke} direction="y" />
              </Line>
            ))}
            {regressions.map((p) => (
              <ReferenceDot
                key={`reg-${p.runId}`}
                x={p.t}
                y={p.value}
                r={7}
                fill="none"
                stroke="var(--fail)"
                strokeWidth={2}
                label={{ value: "regression", position: "top", fontSize: 10, fill: "var(--fail)" }}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </ChartFigure>
    </div>
  );
}
