"use client";

/**
 * "Readiness over time": one version's verdict per report as a step line (a verdict holds until
 * the next report), worst at the bottom. Dots carry the status token of their verdict; the y-axis
 * ticks carry the words, so colour is never alone. Its text alternative is ChartFigure's caption,
 * table and CSV.
 */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisProps, axisTitle, ChartFigure, tooltipStyle } from "~/features/runs/chart-figure";
import { legendAbove } from "~/features/runs/chart-parts";
import { formatTime } from "~/lib/format";
import {
  countsLabel,
  type HistoryRow,
  historyCaption,
  LEVEL_VERDICT,
  VERDICT_LABEL,
  verdictStatus,
} from "./readiness-data";

const tickTime = new Intl.DateTimeFormat("en", {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

const DOT_FILL = { pass: "var(--pass)", fail: "var(--fail)", insufficient_evidence: "var(--insufficient)" } as const;

const HOUR = 3_600_000;

function levelLabel(level: number): string {
  const verdict = LEVEL_VERDICT[level];
  return verdict ? VERDICT_LABEL[verdict] : "";
}

function HistoryTooltip({ active, payload }: { active?: boolean; payload?: { payload?: HistoryRow }[] }) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  return (
    <div style={tooltipStyle} className="rounded px-2 py-1">
      <div className="text-muted-foreground">{formatTime(new Date(row.t))}</div>
      <div className="font-medium">{VERDICT_LABEL[row.verdict]}</div>
      <div className="tabular text-muted-foreground">
        {countsLabel({ pass: row.pass, fail: row.fail, insufficient_evidence: row.insufficient, total: row.total })}
      </div>
    </div>
  );
}

function StatusDot(props: { cx?: number; cy?: number; payload?: HistoryRow }) {
  const { cx, cy, payload } = props;
  if (cx === undefined || cy === undefined || !payload) return null;
  return (
    <circle
      cx={cx}
      cy={cy}
      r={4}
      fill={DOT_FILL[verdictStatus(payload.verdict)]}
      stroke="var(--surface)"
      strokeWidth={1}
    />
  );
}

function HistoryPlot({ rows, caption }: { rows: HistoryRow[]; caption: string }) {
  // Rendered in the browser only (ChartFigure mounts it when visible): the viewer's zone.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const first = rows[0]?.t ?? 0;
  const last = rows[rows.length - 1]?.t ?? 0;
  // One report (or all at one instant) still gets a readable time axis around it.
  const domain: [number, number] = last > first ? [first, last] : [first - HOUR, first + HOUR];
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart
        data={rows}
        margin={{ top: 8, right: 16, bottom: 20, left: 24 }}
        title="Readiness over time"
        desc={caption}
      >
        <CartesianGrid stroke="var(--chart-grid)" />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={domain}
          padding={{ left: 12, right: 12 }}
          {...axisProps}
          tickFormatter={(v: number) => tickTime.format(new Date(v))}
          label={axisTitle(`Report time (${zone})`, "x")}
        />
        <YAxis
          {...axisProps}
          type="number"
          domain={[0, 2]}
          ticks={[0, 1, 2]}
          width={84}
          interval={0}
          tickFormatter={levelLabel}
        />
        <Tooltip content={<HistoryTooltip />} />
        {/* The dots' status colours named in words (the y ticks say them too). */}
        <Legend
          {...legendAbove([
            {
              label: "verdict held until the next report",
              swatch: { kind: "line", color: "var(--muted-foreground)" },
            },
            ...LEVEL_VERDICT.map((v) => ({
              label: `report: ${VERDICT_LABEL[v]}`,
              swatch: { kind: "dot", color: DOT_FILL[verdictStatus(v)] } as const,
            })),
          ])}
        />
        <Line
          dataKey="level"
          type="stepAfter"
          name="Verdict"
          stroke="var(--muted-foreground)"
          strokeWidth={1.5}
          dot={<StatusDot />}
          activeDot={{ r: 5 }}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}

export function ReadinessHistoryChart({ rows, versionLabel }: { rows: HistoryRow[]; versionLabel: string }) {
  const caption = historyCaption(rows);
  const table = {
    columns: ["Report time (UTC)", "Verdict", "Pass", "Fail", "Insufficient", "Gates"],
    rows: rows.map((r) => [
      new Date(r.t).toISOString(),
      VERDICT_LABEL[r.verdict],
      r.pass,
      r.fail,
      r.insufficient,
      r.total,
    ]),
  };
  return (
    <ChartFigure
      testId="readiness-history-chart"
      caption={caption}
      table={table}
      csvName={`readiness-${versionLabel}.csv`}
      height="h-52"
    >
      <HistoryPlot rows={rows} caption={caption} />
    </ChartFigure>
  );
}
