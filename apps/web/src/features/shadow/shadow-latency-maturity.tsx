"use client";

/**
 * Latency per version (p50/p95/p99 bars in the versions' identity colours, error and timeout
 * rates in the table) and label maturity (cumulative % labelled by event age).
 * e2e: shadow-latency (rows shadow-latency-row data-version-id), shadow-latency-chart,
 * shadow-maturity-chart, shadow-maturity (rows shadow-maturity-row).
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { tableClass, tdClass, thClass } from "~/components/ui/section";
import { axisProps, axisTitle, ChartFigure, tooltipStyle } from "~/features/runs/chart-figure";
import { legendAbove } from "~/features/runs/chart-parts";
import { formatMs, formatPercent } from "~/features/runs/run-results-view";
import { formatCount } from "~/lib/format";
import type { ShadowPageData, VersionStyle } from "./shadow-chart-data";
import { VersionName } from "./shadow-tables";

const ms = (value: number | null) => (value === null || !Number.isFinite(value) ? "—" : formatMs(value));

export function LatencySection({ view, styles }: { view: ShadowPageData; styles: readonly VersionStyle[] }) {
  const rows = view.latency.map((l) => ({ ...l, style: styles.find((s) => s.modelVersionId === l.modelVersionId) }));
  // One group per percentile, one bar per version; a missing percentile is no bar (never 0 ms).
  const data = (["p50", "p95", "p99"] as const).map((p) => ({
    percentile: p,
    ...Object.fromEntries(rows.map((r, i) => [`v${i}`, r[p] !== null && Number.isFinite(r[p]) ? r[p] : null])),
  }));
  const caption = `Latency per call: ${rows
    .map(
      (r) =>
        `${r.style?.label ?? r.modelVersionId.slice(0, 8)} p50 ${ms(r.p50)}, p95 ${ms(r.p95)}, p99 ${ms(r.p99)} over ${formatCount(r.calls)} calls`,
    )
    .join("; ")}.`;
  return (
    <div className="grid items-start gap-6 lg:grid-cols-2">
      <ScrollRegion label="Latency percentiles">
        <table className={tableClass} data-testid="shadow-latency">
          <thead>
            <tr>
              <th className={thClass}>Version</th>
              <th className={`${thClass} text-right`}>p50</th>
              <th className={`${thClass} text-right`}>p95</th>
              <th className={`${thClass} text-right`}>p99</th>
              <th className={`${thClass} text-right`}>Error rate</th>
              <th className={`${thClass} text-right`}>Timeout rate</th>
              <th className={`${thClass} text-right`}>Calls</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.modelVersionId} data-testid="shadow-latency-row" data-version-id={r.modelVersionId}>
                <td className={tdClass}>
                  <VersionName style={r.style} />
                </td>
                <td className={`${tdClass} tabular text-right`}>{ms(r.p50)}</td>
                <td className={`${tdClass} tabular text-right`}>{ms(r.p95)}</td>
                <td className={`${tdClass} tabular text-right`}>{ms(r.p99)}</td>
                <td className={`${tdClass} tabular text-right`}>{formatPercent(r.errorRate)}</td>
                <td className={`${tdClass} tabular text-right`}>{formatPercent(r.timeoutRate)}</td>
                <td className={`${tdClass} tabular text-right`}>{formatCount(r.calls)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-2 text-xs text-muted-foreground">
          The champion's latency is what production served; each challenger's is its shadow call.
        </p>
      </ScrollRegion>
      <ChartFigure
        testId="shadow-latency-chart"
        caption={caption}
        csvName="shadow-latency.csv"
        height="h-56"
        table={{
          columns: ["version", "role", "p50 (ms)", "p95 (ms)", "p99 (ms)", "error rate", "timeout rate", "calls"],
          rows: rows.map((r) => [
            r.style?.label ?? r.modelVersionId,
            r.style?.role ?? null,
            r.p50,
            r.p95,
            r.p99,
            r.errorRate,
            r.timeoutRate,
            r.calls,
          ]),
        }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data}
            margin={{ top: 8, right: 8, bottom: 20, left: 8 }}
            title="Latency percentiles per version"
            desc={caption}
          >
            <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
            <XAxis dataKey="percentile" {...axisProps} label={axisTitle("Percentile", "x")} />
            <YAxis {...axisProps} label={axisTitle("Latency (ms)", "y", 0)} />
            <Tooltip
              contentStyle={tooltipStyle}
              formatter={(v) => ms(v === null || v === undefined ? null : Number(v))}
              cursor={{ fill: "var(--surface-muted)" }}
            />
            <Legend wrapperStyle={{ fontSize: 11, paddingTop: 16 }} />
            {rows.map((r, i) => (
              <Bar
                key={r.modelVersionId}
                dataKey={`v${i}`}
                name={`${r.style?.role ?? "version"} · ${r.style?.label ?? r.modelVersionId.slice(0, 8)}`}
                fill={r.style?.stroke ?? "var(--muted-foreground)"}
                // A second challenger shares the hue; its paler fill and outline tell it apart.
                fillOpacity={r.style?.dash ? 0.45 : 0.9}
                stroke={r.style?.stroke ?? "var(--muted-foreground)"}
                maxBarSize={28}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </ChartFigure>
    </div>
  );
}

export function LabelMaturitySection({ view }: { view: ShadowPageData }) {
  const buckets = view.labelMaturity;
  const data = buckets.map((b) => ({
    label: b.label,
    cumulative: b.cumulativeShare !== null && Number.isFinite(b.cumulativeShare) ? b.cumulativeShare * 100 : null,
  }));
  const last = buckets[buckets.length - 1];
  const caption = last
    ? `Cumulative share of events labelled by event age: ${buckets
        .map((b) => `${b.label} ${formatPercent(b.cumulativeShare)}`)
        .join(
          ", ",
        )}; ${formatCount(view.counts.labelled)} of ${formatCount(view.counts.events)} events labelled in all.`
    : "No events yet.";
  return (
    <div className="grid items-start gap-6 lg:grid-cols-2">
      <ChartFigure
        testId="shadow-maturity-chart"
        caption={caption}
        csvName="shadow-label-maturity.csv"
        height="h-56"
        table={{
          columns: ["event age", "events", "labelled", "share labelled", "cumulative share labelled"],
          rows: buckets.map((b) => [b.label, b.events, b.labelled, b.share, b.cumulativeShare]),
        }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data}
            margin={{ top: 8, right: 8, bottom: 20, left: 8 }}
            title="Label maturity"
            desc={caption}
          >
            <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
            <XAxis dataKey="label" {...axisProps} label={axisTitle("Event age", "x")} />
            <YAxis
              {...axisProps}
              domain={[0, 100]}
              ticks={[0, 25, 50, 75, 100]}
              tickFormatter={(v: number) => `${v}%`}
              label={axisTitle("Labelled (%)", "y", 0)}
            />
            <Tooltip
              contentStyle={tooltipStyle}
              formatter={(v) => (v === null || v === undefined ? "—" : `${Number(v).toFixed(1)}%`)}
              cursor={{ fill: "var(--surface-muted)" }}
            />
            <Legend
              {...legendAbove([
                {
                  label: "cumulative % of events labelled (all versions)",
                  swatch: { kind: "bar", color: "var(--muted-foreground)", opacity: 0.55 },
                },
                { label: "a share of events, no interval", swatch: { kind: "note" } },
              ])}
            />
            {/* Labels belong to no version: a neutral ink, not a series or status colour. */}
            <Bar
              dataKey="cumulative"
              name="cumulative % labelled"
              fill="var(--muted-foreground)"
              fillOpacity={0.55}
              maxBarSize={40}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </ChartFigure>
      <ScrollRegion label="Label maturity">
        <table className={tableClass} data-testid="shadow-maturity">
          <thead>
            <tr>
              <th className={thClass}>Event age</th>
              <th className={`${thClass} text-right`}>Events</th>
              <th className={`${thClass} text-right`}>Labelled</th>
              <th className={`${thClass} text-right`}>Share</th>
              <th className={`${thClass} text-right`}>Cumulative</th>
            </tr>
          </thead>
          <tbody>
            {buckets.map((b) => (
              <tr key={b.label} data-testid="shadow-maturity-row">
                <td className={tdClass}>{b.label}</td>
                <td className={`${tdClass} tabular text-right`}>{formatCount(b.events)}</td>
                <td className={`${tdClass} tabular text-right`}>{formatCount(b.labelled)}</td>
                <td className={`${tdClass} tabular text-right`}>{formatPercent(b.share)}</td>
                <td className={`${tdClass} tabular text-right`}>{formatPercent(b.cumulativeShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}
