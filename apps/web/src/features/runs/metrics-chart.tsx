"use client";

import { Bar, BarChart, CartesianGrid, ErrorBar, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMetric } from "~/lib/format";
import { axisProps, axisTitle, ChartBoundary, tooltipStyle } from "./chart-figure";
import { legendAbove } from "./chart-parts";
import { finiteOrNull, intervalLegend } from "./run-results-view";

type MetricValue = {
  metric: string;
  value: number;
  n: number;
  lower?: number | null;
  upper?: number | null;
  level?: number | null;
};

/** The run's metric values as bars with their intervals as error bars; the caption states them in words (text alternative). */
export function MetricsChart({ metrics }: { metrics: MetricValue[] }) {
  const data = metrics.map((m) => {
    const value = finiteOrNull(m.value);
    const lower = finiteOrNull(m.lower);
    const upper = finiteOrNull(m.upper);
    return {
      metric: m.metric,
      value,
      error: value !== null && lower !== null && upper !== null ? [value - lower, upper - value] : null,
    };
  });
  const level = metrics.find((m) => m.level != null)?.level;
  const hasInterval = data.some((d) => d.error !== null);
  // Most metrics live in [0, 1]; log_loss and friends may not.
  const top = Math.max(1, ...data.map((d) => d.value ?? 0), ...metrics.map((m) => finiteOrNull(m.upper) ?? 0));
  const caption = metrics
    .map(
      (m) =>
        `${m.metric} ${formatMetric(m.value)}${m.lower != null && m.upper != null ? ` [${formatMetric(m.lower)}, ${formatMetric(m.upper)}]` : ""} (n = ${m.n})`,
    )
    .join(", ");
  return (
    <figure data-testid="run-metrics-chart" className="flex flex-col gap-2">
      <div className="h-60 w-full">
        <ChartBoundary>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              data={data}
              margin={{ top: 8, right: 8, bottom: 20, left: 8 }}
              title="Metric values"
              desc={caption}
            >
              <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
              <XAxis dataKey="metric" {...axisProps} label={axisTitle("Metric", "x")} />
              <YAxis
                domain={[0, top]}
                ticks={top === 1 ? [0, 0.2, 0.4, 0.6, 0.8, 1] : undefined}
                {...axisProps}
                tickFormatter={(v: number) => v.toFixed(1)}
                label={axisTitle("Value (each metric's own scale)", "y", 0)}
              />
              <Tooltip
                formatter={(v) => formatMetric(Number(v))}
                contentStyle={tooltipStyle}
                cursor={{ fill: "var(--surface-muted)" }}
              />
              <Legend
                {...legendAbove([
                  { label: "metric value", swatch: { kind: "bar", color: "var(--chart-1)" } },
                  hasInterval
                    ? { label: intervalLegend(level), swatch: { kind: "whisker", color: "var(--foreground)" } }
                    : { label: "no intervals computed", swatch: { kind: "note" } },
                ])}
              />
              <Bar
                dataKey="value"
                name="value"
                fill="var(--chart-1)"
                radius={[3, 3, 0, 0]}
                maxBarSize={48}
                isAnimationActive={false}
              >
                <ErrorBar dataKey="error" width={6} stroke="var(--foreground)" direction="y" />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </ChartBoundary>
      </div>
      <figcaption className="text-xs text-muted-foreground tabular">{caption}.</figcaption>
    </figure>
  );
}
