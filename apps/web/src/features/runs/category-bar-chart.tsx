"use client";

import type { ReactElement, ReactNode } from "react";
import { BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisProps, axisTitle, ChartFigure, type FigureTable } from "./chart-figure";
import { type LegendItem, legendAbove } from "./chart-parts";

/**
 * The skeleton of the category charts (slices, stress, drift): one horizontal bar per labelled
 * category (rows of `{ label }`, in the order given), a numeric x axis, the category axis as wide
 * as the longest label, a tooltip and the ChartLegend, inside a ChartFigure as tall as its rows.
 * The chart's own marks (reference lines, the Bar) are its children, drawn after the legend;
 * `defs` (a hatch pattern) are drawn first.
 */
export function CategoryBarChart<Row extends { label: string }>(props: {
  testId: string;
  caption: string;
  csvName: string;
  table: FigureTable;
  rows: Row[];
  /** Height of one category row, px. */
  rowPx: number;
  /** Room right of the plot for the values printed past the bars' ends, px. */
  marginRight: number;
  /** The chart's accessible title; the caption is its description. */
  title: string;
  x: { domain: [number, number]; ticks: number[]; tickFormatter: (v: number) => string; title: string };
  yTitle: string;
  tooltip: ReactElement;
  legend: readonly LegendItem[];
  defs?: ReactNode;
  children: ReactNode;
}) {
  const { rows, x } = props;
  const longest = Math.max(4, ...rows.map((r) => r.label.length));
  const tickWidth = Math.min(220, Math.round(longest * 6.2) + 8);
  return (
    <ChartFigure
      testId={props.testId}
      caption={props.caption}
      csvName={props.csvName}
      height="min-h-40"
      heightPx={rows.length * props.rowPx + 96}
      table={props.table}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={rows}
          layout="vertical"
          margin={{ top: 18, right: props.marginRight, bottom: 24, left: 0 }}
          barCategoryGap="22%"
          title={props.title}
          desc={props.caption}
        >
          {props.defs}
          <CartesianGrid horizontal={false} stroke="var(--chart-grid)" />
          <XAxis
            type="number"
            domain={x.domain}
            ticks={x.ticks}
            {...axisProps}
            tickFormatter={x.tickFormatter}
            label={axisTitle(x.title, "x")}
          />
          <YAxis
            type="category"
            dataKey="label"
            width={tickWidth + 18}
            interval={0}
            {...axisProps}
            label={axisTitle(props.yTitle, "y", 0)}
          />
          <Tooltip content={props.tooltip} cursor={{ fill: "var(--surface-muted)" }} />
          <Legend {...legendAbove(props.legend)} />
          {props.children}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
