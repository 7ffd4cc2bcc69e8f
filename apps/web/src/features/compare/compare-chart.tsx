"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  ErrorBar,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { axisProps, axisTitle, ChartFigure, tooltipStyle } from "~/features/runs/chart-figure";
import { formatMetric } from "~/lib/format";
import { type Comparison, differenceCaption, differenceRows, differenceTable, formatPValue } from "./compare-data";

/**
 * The comparison's headline chart: B − A per metric, the point as a bar from zero with its paired
 * bootstrap interval as error bars, and the zero line (no difference). Without a paired test the
 * bars are the point differences only, and the caption says why there is no interval.
 */
export function CompareChart({ comparison }: { comparison: Comparison }) {
  const rows = differenceRows(comparison);
  const caption = differenceCaption(comparison);
  const data = rows.filter((r) => r.difference !== null);
  const level = comparison.paired ? `${Math.round(comparison.paired.level * 1000) / 10}% paired bootstrap CI` : null;
  return (
    <ChartFigure
      testId="compare-chart"
      caption={caption}
      table={differenceTable(rows)}
      csvName="comparison-differences.csv"
      height="h-40"
      heightPx={Math.max(140, 44 * data.length + 56)}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 8, right: 16, bottom: 20, left: 8 }}
          title={`Difference B − A per metric${level ? ` with ${level}` : ""}`}
          desc={caption}
        >
          <CartesianGrid horizontal={false} stroke="var(--chart-grid)" />
          <XAxis
            type="number"
            {...axisProps}
            domain={["auto", "auto"]}
            tickFormatter={(v: number) => v.toFixed(2)}
            label={axisTitle(`B − A (metric units)${level ? `, bars: ${level}` : ""}`, "x")}
          />
          <YAxis type="category" dataKey="metric" {...axisProps} width={120} />
          <Tooltip
            contentStyle={tooltipStyle}
            cursor={{ fill: "var(--surface-muted)" }}
            formatter={(_v, _name, item) => {
              const r = item.payload as (typeof rows)[number];
              const interval =
                r.lower !== null && r.upper !== null ? ` [${formatMetric(r.lower)}, ${formatMetric(r.upper)}]` : "";
              const test = r.test ? ` · ${r.test} p ${formatPValue(r.pValue)} · ${r.decision}` : "";
              return [`${formatMetric(r.difference)}${interval}${test}`, "B − A"];
            }}
          />
          <ReferenceLine x={0} stroke="var(--foreground)" strokeDasharray="4 3" ifOverflow="extendDomain" />
          <Bar dataKey="difference" name="B − A" fill="var(--chart-1)" maxBarSize={22} isAnimationActive={false}>
            {comparison.paired && <ErrorBar dataKey="error" width={6} stroke="var(--chart-emphasis)" direction="x" />}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
