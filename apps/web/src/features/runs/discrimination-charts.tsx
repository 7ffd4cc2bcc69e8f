"use client";

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceDot,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatCount, formatMetric } from "~/lib/format";
import { axisProps, axisTitle, ChartFigure, tooltipStyle, UNIT_TICKS } from "./chart-figure";
import { type Curves, formatThreshold } from "./run-results-view";

type Metric = { metric: string; value: number; lower: number | null; upper: number | null };

const withInterval = (m: Metric | undefined) =>
  m
    ? `${formatMetric(m.value)}${m.lower !== null && m.upper !== null ? ` (${formatMetric(m.lower)}–${formatMetric(m.upper)})` : ""}`
    : null;

type Point = NonNullable<Curves["atThreshold"]>;

function pointLabel(name: string, p: Point) {
  return `${name}: threshold ${formatThreshold(p.threshold)}, TPR ${formatMetric(p.tpr)}, FPR ${formatMetric(p.fpr)}, precision ${formatMetric(p.precision)}, recall ${formatMetric(p.recall)}`;
}

/** ROC and precision–recall curves side by side (UI.md): square 0–1 axes, chance lines, operating points. */
export function DiscriminationCharts({ curves, metrics }: { curves: Curves; metrics: readonly Metric[] }) {
  const auc = withInterval(metrics.find((m) => m.metric === "roc_auc"));
  const ap = withInterval(metrics.find((m) => m.metric === "average_precision"));
  const points = [
    { name: "Stated threshold", point: curves.atThreshold, fill: "var(--chart-1)" },
    ...(curves.atCostOptimal
      ? [{ name: "Cost-optimal threshold", point: curves.atCostOptimal, fill: "var(--chart-2)" }]
      : []),
  ];
  const operating = points.map((p) => pointLabel(p.name, p.point)).join("; ");
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      {curves.roc ? (
        <ChartFigure
          testId="run-roc"
          csvName="roc.csv"
          height="max-w-sm"
          caption={`ROC curve of ${formatCount(curves.n)} test rows (${formatCount(curves.positives)} labelled 1)${auc ? `, AUC ${auc}` : ""}. ${operating}.`}
          table={{ columns: ["threshold", "FPR", "TPR"], rows: curves.roc.map((p) => [p.threshold, p.fpr, p.tpr]) }}
        >
          <p className="mb-1 text-xs font-medium">ROC{auc ? ` · AUC ${auc}` : ""}</p>
          <div className="aspect-square w-full">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart margin={{ top: 8, right: 12, bottom: 20, left: 0 }} title="ROC curve" desc={operating}>
                <CartesianGrid stroke="var(--chart-grid)" />
                <XAxis
                  type="number"
                  dataKey="fpr"
                  domain={[0, 1]}
                  ticks={UNIT_TICKS}
                  {...axisProps}
                  label={axisTitle("False positive rate", "x")}
                />
                <YAxis
                  type="number"
                  domain={[0, 1]}
                  ticks={UNIT_TICKS}
                  {...axisProps}
                  label={axisTitle("True positive rate", "y")}
                />
                <ReferenceLine
                  segment={[
                    { x: 0, y: 0 },
                    { x: 1, y: 1 },
                  ]}
                  stroke="var(--muted-foreground)"
                  strokeDasharray="4 4"
                />
                <Tooltip
                  contentStyle={tooltipStyle}
                  formatter={(v) => formatMetric(Number(v))}
                  labelFormatter={(v) => `FPR ${formatMetric(Number(v))}`}
                />
                <Legend verticalAlign="top" align="right" wrapperStyle={{ fontSize: 11, paddingBottom: 4 }} />
                <Line
                  data={curves.roc}
                  dataKey="tpr"
                  name={`ROC${auc ? ` (AUC ${auc})` : ""}`}
                  stroke="var(--chart-1)"
                  strokeWidth={2}
                  dot={false}
                  isAnimationActive={false}
                />
                {points.map((p) =>
                  p.point.fpr !== null && p.point.tpr !== null ? (
                    <ReferenceDot
                      key={p.name}
                      x={p.point.fpr}
                      y={p.point.tpr}
                      r={5}
                      fill={p.fill}
                      stroke="var(--surface)"
                      label={{ value: p.name, fontSize: 10, position: "right", fill: "var(--foreground)" }}
                    />
                  ) : null,
                )}
              </LineChart>
            </ResponsiveContainer>
          </div>
        </ChartFigure>
      ) : (
        <p data-testid="run-roc-empty" className="text-muted-foreground">
          No ROC curve: {curves.rocProblem ?? "it needs both classes among the test rows"}.
        </p>
      )}
      {curves.pr ? (
        <ChartFigure
          testId="run-pr"
          csvName="precision-recall.csv"
          height="max-w-sm"
          caption={`Precision–recall curve${ap ? `, AP ${ap}` : ""}; a classifier without skill stays at the prevalence ${formatMetric(curves.prevalence)}. ${operating}.`}
          table={{
            columns: ["threshold", "recall", "precision"],
            rows: curves.pr.map((p) => [p.threshold, p.recall, p.precision]),
          }}
        >
          <p className="mb-1 text-xs font-medium">Precision–recall{ap ? ` · AP ${ap}` : ""}</p>
          <div className="aspect-square w-full">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart
                margin={{ top: 8, right: 12, bottom: 20, left: 0 }}
                title="Precision–recall curve"
                desc={operating}
              >
                <CartesianGrid stroke="var(--chart-grid)" />
                <XAxis
                  type="number"
                  dataKey="recall"
                  domain={[0, 1]}
                  ticks={UNIT_TICKS}
                  {...axisProps}
                  label={axisTitle("Recall", "x")}
                />
                <YAxis
                  type="number"
                  domain={[0, 1]}
                  ticks={UNIT_TICKS}
                  {...axisProps}
                  label={axisTitle("Precision", "y")}
                />
                {curves.prevalence !== null && (
                  <ReferenceLine
                    y={curves.prevalence}
                    stroke="var(--muted-foreground)"
                    strokeDasharray="4 4"
                    label={{
                      value: "prevalence",
                      fontSize: 10,
                      position: "insideBottomRight",
                      fill: "var(--muted-foreground)",
                    }}
                  />
                )}
                <Tooltip
                  contentStyle={tooltipStyle}
                  formatter={(v) => formatMetric(Number(v))}
                  labelFormatter={(v) => `Recall ${formatMetric(Number(v))}`}
                />
                <Legend verticalAlign="top" align="right" wrapperStyle={{ fontSize: 11, paddingBottom: 4 }} />
                <Line
                  data={curves.pr}
                  dataKey="precision"
                  name={`PR${ap ? ` (AP ${ap})` : ""}`}
                  stroke="var(--chart-1)"
                  strokeWidth={2}
                  dot={false}
                  isAnimationActive={false}
                />
                {points.map((p) =>
                  p.point.recall !== null && p.point.precision !== null ? (
                    <ReferenceDot
                      key={p.name}
                      x={p.point.recall}
                      y={p.point.precision}
                      r={5}
                      fill={p.fill}
                      stroke="var(--surface)"
                      label={{ value: p.name, fontSize: 10, position: "left", fill: "var(--foreground)" }}
                    />
                  ) : null,
                )}
              </LineChart>
            </ResponsiveContainer>
          </div>
        </ChartFigure>
      ) : (
        <p data-testid="run-pr-empty" className="text-muted-foreground">
          No precision–recall curve: {curves.prProblem ?? "it needs a test row labelled 1"}.
        </p>
      )}
    </div>
  );
}
