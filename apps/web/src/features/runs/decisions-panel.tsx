"use client";

import {
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
import { tableClass, tdClass, thClass } from "~/components/ui/section";
import { formatCount, formatMetric } from "~/lib/format";
import { axisProps, axisTitle, ChartFigure, tooltipStyle } from "./chart-figure";
import { legendAbove } from "./chart-parts";
import { type Confusion, type Costs, formatPercent, formatThreshold } from "./run-results-view";

/**
 * Confusion matrix at the stated threshold (UI.md): axes "Actual" and "Predicted", counts plus
 * row %, one sequential hue whose strength follows the count (never pass/fail colours).
 */
export function ConfusionMatrix({ confusion }: { confusion: Confusion }) {
  const max = Math.max(confusion.tp, confusion.fp, confusion.tn, confusion.fn, 1);
  const rows = [
    {
      actual: "1",
      cells: [
        { key: "tp", predicted: "1", count: confusion.tp },
        { key: "fn", predicted: "0", count: confusion.fn },
      ],
    },
    {
      actual: "0",
      cells: [
        { key: "fp", predicted: "1", count: confusion.fp },
        { key: "tn", predicted: "0", count: confusion.tn },
      ],
    },
  ];
  return (
    <figure data-testid="run-confusion" className="flex flex-col gap-2">
      <table className="w-auto border-collapse text-sm" aria-describedby="run-confusion-caption">
        <thead>
          <tr>
            <th className="px-2 py-1" />
            <th colSpan={2} scope="colgroup" className="px-2 py-1 text-xs font-medium text-muted-foreground">
              Predicted
            </th>
          </tr>
          <tr>
            <th className="px-2 py-1 text-xs font-medium text-muted-foreground">Actual</th>
            <th scope="col" className="px-4 py-1 text-xs font-medium">
              1
            </th>
            <th scope="col" className="px-4 py-1 text-xs font-medium">
              0
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const total = row.cells.reduce((n, c) => n + c.count, 0);
            return (
              <tr key={row.actual}>
                <th scope="row" className="px-2 py-1 text-xs font-medium">
                  {row.actual}
                </th>
                {row.cells.map((cell) => (
                  <td
                    key={cell.key}
                    data-cell={cell.key}
                    className="border px-4 py-3 text-center tabular"
                    style={{
                      background: `color-mix(in oklch, var(--chart-1) ${Math.round((cell.count / max) * 40)}%, transparent)`,
                    }}
                  >
                    <span className="block font-medium">{formatCount(cell.count)}</span>
                    {/* Foreground, not muted: the cell's tint would take muted text below 4.5:1. */}
                    <span className="block text-xs">{formatPercent(total > 0 ? cell.count / total : null)}</span>
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <figcaption id="run-confusion-caption" className="text-xs text-muted-foreground">
        At threshold {formatMetric(confusion.threshold)} (predicted 1 when score ≥ threshold) on{" "}
        {formatCount(confusion.n)} test rows: {formatCount(confusion.tp)} true positives, {formatCount(confusion.fn)}{" "}
        false negatives, {formatCount(confusion.fp)} false positives, {formatCount(confusion.tn)} true negatives.
        Percentages are of the actual class (row).
      </figcaption>
    </figure>
  );
}

/** Expected cost per decision at the stated and the cost-optimal threshold, and the cost curve. */
export function CostsPanel({ costs }: { costs: Costs }) {
  const { atThreshold, optimal } = costs;
  const saving = atThreshold.expectedCost - optimal.expectedCost;
  const curve = costs.curve.filter((p): p is { threshold: number; expectedCost: number } => p.threshold !== null);
  const allNegative = costs.curve.find((p) => p.threshold === null);
  const caption =
    `Expected cost per decision ${formatMetric(atThreshold.expectedCost)} at the stated threshold ${formatThreshold(atThreshold.threshold)}; ` +
    `${formatMetric(optimal.expectedCost)} at the cost-optimal threshold ${formatThreshold(optimal.threshold)}` +
    (saving > 0 ? `, ${formatMetric(saving)} less per decision.` : " — the stated threshold is already optimal.") +
    (allNegative ? ` Predicting every row negative costs ${formatMetric(allNegative.expectedCost)}.` : "");
  return (
    <div data-testid="run-costs" className="flex flex-col gap-4">
      <table className={tableClass}>
        <thead>
          <tr>
            <th className={thClass}>Threshold</th>
            <th className={`${thClass} text-right`}>Value</th>
            <th className={`${thClass} text-right`}>Expected cost per decision</th>
            <th className={`${thClass} text-right`}>TP · FP · TN · FN</th>
          </tr>
        </thead>
        <tbody>
          {[
            { key: "stated", label: "Stated", cost: atThreshold },
            { key: "optimal", label: "Cost-optimal", cost: optimal },
          ].map(({ key, label, cost }) => (
            <tr key={key} data-testid="run-cost-row" data-threshold={key}>
              <td className={tdClass}>{label}</td>
              <td className={`${tdClass} tabular text-right`}>{formatThreshold(cost.threshold)}</td>
              <td className={`${tdClass} tabular text-right`}>{formatMetric(cost.expectedCost)}</td>
              <td className={`${tdClass} tabular text-right text-muted-foreground`}>
                {[cost.counts.tp, cost.counts.fp, cost.counts.tn, cost.counts.fn].map(formatCount).join(" · ")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-muted-foreground">
        Costs per decision: false positive {costs.costs.fp}, false negative {costs.costs.fn}, true positive{" "}
        {costs.costs.tp}, true negative {costs.costs.tn} (the benchmark's unit).
      </p>
      <ChartFigure
        testId="run-cost-curve"
        csvName="cost-curve.csv"
        height="h-64"
        caption={caption}
        table={{
          columns: ["threshold", "expected cost per decision"],
          rows: costs.curve.map((p) => [p.threshold === null ? "+inf" : p.threshold, p.expectedCost]),
        }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart
            data={curve}
            margin={{ top: 20, right: 16, bottom: 20, left: 8 }}
            title="Cost curve"
            desc={caption}
          >
            <CartesianGrid stroke="var(--chart-grid)" />
            <XAxis
              type="number"
              dataKey="threshold"
              domain={["dataMin", "dataMax"]}
              {...axisProps}
              tickFormatter={(v: number) => v.toFixed(2)}
              label={axisTitle("Threshold", "x")}
            />
            <YAxis
              {...axisProps}
              tickFormatter={(v: number) => v.toFixed(2)}
              label={axisTitle("Cost per decision (cost units)", "y", 4)}
            />
            <Tooltip
              contentStyle={tooltipStyle}
              formatter={(v) => formatMetric(Number(v))}
              labelFormatter={(v) => `Threshold ${formatMetric(Number(v))}`}
            />
            <Legend
              {...legendAbove([
                { label: "expected cost per decision", swatch: { kind: "line", color: "var(--chart-1)" } },
                { label: "stated threshold", swatch: { kind: "line", color: "var(--chart-1)", dash: "4 4" } },
                { label: "cost-optimal threshold", swatch: { kind: "line", color: "var(--chart-2)", dash: "4 4" } },
              ])}
            />
            {atThreshold.threshold !== null && (
              <ReferenceLine
                x={atThreshold.threshold}
                stroke="var(--chart-1)"
                strokeDasharray="4 4"
                label={{ value: "stated", fontSize: 10, position: "top", fill: "var(--foreground)" }}
              />
            )}
            {optimal.threshold !== null && (
              <ReferenceLine
                x={optimal.threshold}
                stroke="var(--chart-2)"
                strokeDasharray="4 4"
                label={{ value: "cost-optimal", fontSize: 10, position: "insideTopRight", fill: "var(--foreground)" }}
              />
            )}
            <Line
              dataKey="expectedCost"
              name="Expected cost per decision"
              stroke="var(--chart-1)"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </ChartFigure>
    </div>
  );
}
