"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMetric } from "~/lib/format";

/** The run's metric values as bars; the caption states them in words (text alternative). */
export function MetricsChart({ metrics }: { metrics: { metric: string; value: number; n: number }[] }) {
  const data = metrics.map((m) => ({ metric: m.metric, value: m.value }));
  // Most metrics live in [0, 1]; log_loss and friends may not.
  const top = Math.max(1, ...data.map((d) => d.value));
  const caption = metrics.map((m) => `${m.metric} ${formatMetric(m.value)} (n = ${m.n})`).join(", ");
  return (
    <figure data-testid="run-metrics-chart" className="flex flex-col gap-2">
      <div className="h-52 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data}
            margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
            title="Metric values"
            desc={caption}
          >
            <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
            <XAxis dataKey="metric" tick={{ fill: "var(--muted-foreground)", fontSize: 11 }} stroke="var(--border)" />
            <YAxis
              domain={[0, top]}
              ticks={top === 1 ? [0, 0.2, 0.4, 0.6, 0.8, 1] : undefined}
              tick={{ fill: "var(--muted-foreground)", fontSize: 11 }}
              stroke="var(--border)"
              tickFormatter={(v: number) => v.toFixed(1)}
            />
            <Tooltip
              formatter={(v) => formatMetric(Number(v))}
              contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)", fontSize: 12 }}
              cursor={{ fill: "var(--surface-muted)" }}
            />
            <Bar dataKey="value" name="value" fill="var(--chart-1)" radius={[3, 3, 0, 0]} maxBarSize={48} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs text-muted-foreground">{caption}.</figcaption>
    </figure>
  );
}
