"use client";

import { CartesianGrid, ErrorBar, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { tableClass, tdClass, thClass } from "~/components/ui/section";
import { formatCount, formatMetric } from "~/lib/format";
import { axisProps, axisTitle, ChartFigure, tooltipStyle } from "./chart-figure";
import { legendAbove } from "./chart-parts";
import { type Folds, finiteOrNull, intervalLegend, metricAxisLabel } from "./run-results-view";

const day = (iso: string) => iso.slice(0, 10);

/** A rolling backtest: each fold's windows and metrics ± CI, the mean across folds, and the lead metric per fold. */
export function FoldsPanel({ folds }: { folds: Folds }) {
  const metrics = folds.mean.map((m) => m.metric);
  const lead = metrics[0] ?? "";
  const series = folds.folds.map((f) => {
    const m = f.metrics.find((x) => x.metric === lead);
    const value = finiteOrNull(m?.value);
    const lower = finiteOrNull(m?.lower);
    const upper = finiteOrNull(m?.upper);
    return {
      fold: f.fold,
      value,
      // No interval: no error bar (never a zero-width one that reads as certainty).
      error: value !== null && lower !== null && upper !== null ? [value - lower, upper - value] : null,
    };
  });
  const level = folds.folds.flatMap((f) => f.metrics).find((m) => m.metric === lead && m.level != null)?.level;
  const hasInterval = series.some((p) => p.error !== null);
  const leadMean = folds.mean.find((m) => m.metric === lead);
  const caption = `${lead} per fold of a ${folds.folds.length}-fold rolling backtest (error bars: per-fold ${intervalLegend(level)}); mean across folds ${formatMetric(leadMean?.value)} over ${leadMean?.folds ?? 0} folds.`;
  return (
    <div data-testid="run-folds" className="flex flex-col gap-4">
      <ScrollRegion label="Folds">
        <table className={tableClass}>
          <thead>
            <tr>
              <th className={thClass}>Fold</th>
              <th className={thClass}>Train window</th>
              <th className={thClass}>Test window</th>
              <th className={`${thClass} text-right`}>Train rows</th>
              <th className={`${thClass} text-right`}>Test rows</th>
              {metrics.map((m) => (
                <th key={m} className={`${thClass} text-right`}>
                  {m}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {folds.folds.map((f) => (
              <tr key={f.fold} data-testid="run-fold-row" data-fold={f.fold}>
                <td className={`${tdClass} tabular`}>{f.fold + 1}</td>
                <td className={`${tdClass} tabular whitespace-nowrap text-xs`}>
                  {day(f.trainStart)} → {day(f.trainEnd)}
                </td>
                <td className={`${tdClass} tabular whitespace-nowrap text-xs`}>
                  {day(f.testStart)} → {day(f.testEnd)}
                </td>
                <td className={`${tdClass} tabular text-right`}>{formatCount(f.trainRows)}</td>
                <td className={`${tdClass} tabular text-right`}>{formatCount(f.testRows)}</td>
                {metrics.map((metric) => {
                  const m = f.metrics.find((x) => x.metric === metric);
                  return (
                    <td key={metric} className={`${tdClass} tabular text-right`} title={m?.problem}>
                      {formatMetric(m?.value)}
                      {m?.lower != null && m.upper != null && (
                        <span className="ml-1 block text-xs whitespace-nowrap text-muted-foreground">
                          ({formatMetric(m.lower)}–{formatMetric(m.upper)})
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr data-testid="run-fold-mean" className="font-medium">
              <td className={tdClass} colSpan={5}>
                Mean across folds
              </td>
              {folds.mean.map((m) => (
                <td key={m.metric} className={`${tdClass} tabular text-right`}>
                  {formatMetric(m.value)}
                  {m.folds < folds.folds.length && (
                    <span className="ml-1 text-xs text-muted-foreground">({m.folds} folds)</span>
                  )}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </ScrollRegion>
      <ChartFigure
        testId="run-folds-chart"
        csvName="folds.csv"
        height="h-60"
        caption={caption}
        table={{
          columns: ["fold", "test start", "test end", ...metrics],
          rows: folds.folds.map((f) => [
            f.fold + 1,
            f.testStart,
            f.testEnd,
            ...metrics.map((metric) => f.metrics.find((x) => x.metric === metric)?.value ?? null),
          ]),
        }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart
            data={series}
            margin={{ top: 8, right: 12, bottom: 16, left: 0 }}
            title={`${lead} per fold`}
            desc={caption}
          >
            <CartesianGrid stroke="var(--chart-grid)" />
            <XAxis
              dataKey="fold"
              {...axisProps}
              tickFormatter={(v: number) => String(v + 1)}
              label={axisTitle("Fold (earliest first)", "x")}
            />
            <YAxis
              {...axisProps}
              domain={["auto", "auto"]}
              tickFormatter={(v: number) => v.toFixed(2)}
              label={axisTitle(metricAxisLabel(lead), "y", 0)}
            />
            <Tooltip
              contentStyle={tooltipStyle}
              formatter={(v) => formatMetric(Number(v))}
              labelFormatter={(v) => `Fold ${Number(v) + 1}`}
            />
            <Legend
              {...legendAbove([
                { label: `${lead} per fold`, swatch: { kind: "line", color: "var(--chart-1)" } },
                hasInterval
                  ? {
                      label: `per-fold ${intervalLegend(level)}`,
                      swatch: { kind: "whisker", color: "var(--chart-1)" },
                    }
                  : { label: "no per-fold interval", swatch: { kind: "note" } },
              ])}
            />
            {/* Straight segments; a fold without a value is a gap, never a zero. */}
            <Line
              dataKey="value"
              name={lead}
              stroke="var(--chart-1)"
              strokeWidth={2}
              connectNulls={false}
              isAnimationActive={false}
            >
              <ErrorBar dataKey="error" width={4} stroke="var(--chart-1)" direction="y" />
            </Line>
          </LineChart>
        </ResponsiveContainer>
      </ChartFigure>
    </div>
  );
}
