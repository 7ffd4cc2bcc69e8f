"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatCount, formatMetric } from "~/lib/format";
import { axisProps, axisTitle, ChartFigure, tooltipStyle, UNIT_TICKS } from "./chart-figure";
import { legendAbove } from "./chart-parts";
import { type Reliability, reliabilityPoints } from "./run-results-view";

/**
 * Reliability diagram (UI.md): square 0–1 axes, dashed y = x, one point per non-empty bin of
 * the 15 ECE bins, bin counts as a bar strip under the x-axis, ECE in the title.
 */
export function ReliabilityChart({ reliability }: { reliability: Reliability }) {
  if (!reliability.bins) {
    return (
      <p data-testid="run-reliability-empty" className="text-muted-foreground">
        No reliability diagram: {reliability.problem ?? "the scores are not probabilities"}. Calibration needs scores
        between 0 and 1.
      </p>
    );
  }
  const points = reliabilityPoints(reliability.bins);
  const counts = reliability.bins.map((b) => ({ center: (b.lower + b.upper) / 2, count: b.count }));
  const worst = points.reduce<(typeof points)[number] | null>(
    (w, p) => (w === null || Math.abs(p.observed - p.predicted) > Math.abs(w.observed - w.predicted) ? p : w),
    null,
  );
  const caption =
    `ECE ${formatMetric(reliability.ece)} over ${formatCount(reliability.n)} test rows in ${points.length} non-empty bins of 15` +
    (worst
      ? `; the largest gap is in the bin around ${formatMetric(worst.predicted)}, where ${formatMetric(worst.observed)} are labelled 1 (n = ${formatCount(worst.count)}).`
      : ".");
  return (
    <ChartFigure
      testId="run-reliability"
      caption={caption}
      csvName="reliability.csv"
      height="max-w-sm"
      table={{
        columns: ["bin", "lower", "upper", "n", "mean predicted", "observed frequency"],
        rows: reliability.bins.map((b) => [b.bin, b.lower, b.upper, b.count, b.meanPredicted, b.observedRate]),
      }}
    >
      <p className="mb-1 text-xs font-medium">Reliability · ECE {formatMetric(reliability.ece)}</p>
      <div className="aspect-square w-full">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart
            margin={{ top: 8, right: 12, bottom: 16, left: 0 }}
            title={`Reliability diagram, ECE ${formatMetric(reliability.ece)}`}
            desc={caption}
          >
            <CartesianGrid stroke="var(--chart-grid)" />
            <XAxis
              type="number"
              dataKey="predicted"
              domain={[0, 1]}
              ticks={UNIT_TICKS}
              {...axisProps}
              label={axisTitle("Mean predicted probability", "x")}
            />
            <YAxis
              type="number"
              dataKey="observed"
              domain={[0, 1]}
              ticks={UNIT_TICKS}
              {...axisProps}
              label={axisTitle("Observed frequency", "y")}
            />
            <ReferenceLine
              segment={[
                { x: 0, y: 0 },
                { x: 1, y: 1 },
              ]}
              stroke="var(--muted-foreground)"
              strokeDasharray="4 4"
              ifOverflow="hidden"
            />
            <Tooltip
              contentStyle={tooltipStyle}
              formatter={(v) => formatMetric(Number(v))}
              labelFormatter={(v) => `Mean predicted ${formatMetric(Number(v))}`}
            />
            <Legend
              {...legendAbove([
                {
                  label: "observed frequency per non-empty bin",
                  swatch: { kind: "line", color: "var(--chart-1)" },
                },
                {
                  label: "perfect calibration (y = x)",
                  swatch: { kind: "line", color: "var(--muted-foreground)", dash: "4 4" },
                },
              ])}
            />
            <Line
              data={points}
              dataKey="observed"
              name="Observed frequency"
              stroke="var(--chart-1)"
              strokeWidth={2}
              dot={{ r: 3, fill: "var(--chart-1)" }}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <div className="h-10 w-full" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          {/* Left margin = the diagram's y-axis width, so the strip lines up with its x-axis. */}
          {/* Not focusable: the strip is hidden from assistive technology (its counts are in the table). */}
          <BarChart data={counts} margin={{ top: 0, right: 12, bottom: 0, left: 60 }} accessibilityLayer={false}>
            <XAxis type="number" dataKey="center" domain={[0, 1]} hide />
            <YAxis hide />
            <Bar dataKey="count" fill="var(--chart-1)" fillOpacity={0.4} barSize={8} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <p className="text-xs text-muted-foreground">Rows per bin</p>
    </ChartFigure>
  );
}
