"use client";

/**
 * Shadow evaluation detail (UI.md "Shadow evaluation"), polling every 5 s while queued or running.
 * e2e: status strip shadow-status-strip (badge shadow-status with data-status, shadow-window,
 *   shadow-events, shadow-labelled, shadow-gap-headline, shadow-as-of), progress bar
 *   shadow-progress (role="progressbar"), failure shadow-error, Stop shadow-stop → shadow-stop-confirm
 *   (refusal shadow-stop-error); warnings shadow-warnings (items shadow-warning data-code);
 *   CSV link shadow-rows-csv; empty states shadow-no-snapshot, shadow-no-labels, shadow-no-benchmark;
 *   charts shadow-metric-chart, shadow-gap-chart, shadow-difference-chart, shadow-drift-chart (each a <figure> with
 *   "View as table"); tables shadow-difference, shadow-metrics, shadow-gap, shadow-latency,
 *   shadow-maturity, shadow-drift (see shadow-tables.tsx, shadow-latency-maturity.tsx).
 */
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { EmptyState, Section, tableClass, tdClass, thClass } from "~/components/ui/section";
import { formatCount, formatMetric } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { BandChart, bandTable } from "./band-chart";
import { DriftChart } from "./drift-chart";
import {
  bandChartData,
  headlineMetric,
  type ShadowPageData,
  type VersionStyle,
  versionStyles,
} from "./shadow-chart-data";
import { decisionOf, formatInterval, formatLevel, formatSigned, formatWithInterval } from "./shadow-format";
import { LabelMaturitySection, LatencySection } from "./shadow-latency-maturity";
import { ShadowStatusStrip } from "./shadow-status-strip";
import { DifferenceTable, DriftTable, MetricsTable, PredictionShiftTable, VersionName } from "./shadow-tables";

const isActive = (status: ShadowPageData["status"]) => status === "queued" || status === "running";

export function ShadowEvaluationView({ initial }: { initial: ShadowPageData }) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.shadow.get.queryOptions(
      { id: initial.id },
      {
        initialData: initial,
        // Live while shadow inference and scoring go on; stops once the evaluation is final.
        refetchInterval: (q) => (q.state.data && isActive(q.state.data.status) ? 5000 : false),
        refetchIntervalInBackground: false,
      },
    ),
  );
  // initialData makes data defined; the fallback keeps the type honest whichever overload applies.
  const view: ShadowPageData = query.data ?? initial;
  const styles = versionStyles(view.versions);

  return (
    <div className="flex flex-col gap-6">
      <ShadowStatusStrip view={view} refreshError={query.isRefetchError} />
      <Warnings warnings={view.warnings} />
      <p className="text-sm">
        <a
          href={`/api/shadow-evaluations/${view.id}/rows.csv`}
          download
          className="text-primary hover:underline"
          data-testid="shadow-rows-csv"
        >
          Export matched, labelled rows (CSV)
        </a>
      </p>
      {view.snapshot === null ? (
        view.status === "failed" ? null : (
          <EmptyState title="Scoring the first snapshot…" testId="shadow-no-snapshot">
            {formatCount(view.counts.events)} events so far. Metrics, gap and drift appear once the first snapshot is
            scored; this page refreshes by itself.
          </EmptyState>
        )
      ) : (
        <Results view={view} styles={styles} />
      )}
    </div>
  );
}

function Results({ view, styles }: { view: ShadowPageData; styles: VersionStyle[] }) {
  const metric = headlineMetric(view) ?? "metric";
  const level = formatLevel(view.level);
  const noLabels = view.counts.labelled === 0;
  return (
    <>
      <Section
        title="Champion vs challenger over time"
        id="over-time"
        description={`${metric} per snapshot on the same labelled requests; faint bars are events scored.`}
      >
        {noLabels && <NoLabels testId="shadow-no-labels" />}
        <MetricOverTime view={view} styles={styles} metric={metric} level={level} />
      </Section>

      <Section
        title="Difference"
        id="difference"
        description="Challenger − champion on the same labelled requests, with the decision so far."
      >
        <div className="flex flex-col gap-6">
          {view.difference.length === 0 ? (
            <p className="text-muted-foreground">No difference computed yet.</p>
          ) : (
            <DifferenceTable view={view} styles={styles} />
          )}
          <DifferenceOverTime view={view} styles={styles} level={level} />
        </div>
      </Section>

      <Section
        title="Gap"
        id="gap"
        description={
          view.benchmark
            ? `Benchmark − shadow per version, against ${view.benchmark.name} v${view.benchmark.version}.`
            : "Benchmark − shadow per version."
        }
      >
        {view.benchmark ? (
          <GapPanel view={view} styles={styles} />
        ) : (
          <p data-testid="shadow-no-benchmark" className="text-muted-foreground">
            No benchmark: the gap needs a benchmark run of each version. Run a benchmark for the champion and each
            challenger (model page → Run benchmark); a new shadow evaluation uses the champion's latest one.
          </p>
        )}
      </Section>

      <Section
        title="Metrics"
        id="metrics"
        description={`Latest snapshot: every metric per version on labelled matched events (${formatCount(view.counts.matched)} matched, ${formatCount(view.counts.labelled)} labelled).`}
      >
        {noLabels && <NoLabels testId="shadow-no-labels-metrics" />}
        <MetricsTable view={view} styles={styles} />
      </Section>

      <Section
        title="Latency"
        id="latency"
        description="Per-call latency and failures of each version on the same requests."
      >
        {view.latency.length === 0 ? (
          <p className="text-muted-foreground">No latency recorded yet.</p>
        ) : (
          <LatencySection view={view} styles={styles} />
        )}
      </Section>

      <Section
        title="Label maturity"
        id="label-maturity"
        description="How many events have their label, by how long ago the event happened."
      >
        {view.labelMaturity.length === 0 ? (
          <p className="text-muted-foreground">No events yet.</p>
        ) : (
          <LabelMaturitySection view={view} />
        )}
      </Section>

      <Section
        title="Drift"
        id="drift"
        description="Each feature of the shadow window against the benchmark's reference data, largest PSI first."
      >
        {view.drift.length === 0 ? (
          <p className="text-muted-foreground">
            {view.benchmark
              ? "No drift computed: no features were compared yet."
              : "No drift: the reference data comes from a benchmark, and this evaluation has none."}
          </p>
        ) : (
          <div className="flex flex-col gap-4">
            <DriftChart drift={view.drift} />
            <DriftTable drift={view.drift} />
          </div>
        )}
      </Section>

      {view.predictionShift.length > 0 && (
        <Section
          title="Prediction shift"
          id="prediction-shift"
          description="How each version's production scores are distributed, against its benchmark predictions and the champion's."
        >
          <PredictionShiftTable shift={view.predictionShift} />
        </Section>
      )}
    </>
  );
}

function NoLabels({ testId }: { testId: string }) {
  return (
    <p data-testid={testId} className="mb-3 rounded-md border border-dashed px-3 py-2 text-muted-foreground">
      No labels yet: metrics appear as labels arrive; the label-free estimate is shown meanwhile.
    </p>
  );
}

function Warnings({ warnings }: { warnings: ShadowPageData["warnings"] }) {
  if (warnings.length === 0) return null;
  return (
    <div
      role="note"
      data-testid="shadow-warnings"
      className="rounded-lg border border-insufficient/50 bg-insufficient/10 p-4"
    >
      <ul className="flex flex-col gap-1">
        {warnings.map((w) => (
          <li key={w.code} data-testid="shadow-warning" data-code={w.code}>
            <span className="font-medium text-insufficient">
              <span aria-hidden>⚠ </span>Warning
            </span>{" "}
            {w.message} <span className="font-mono text-xs text-muted-foreground">({w.code})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ChartEmpty({ children }: { children: ReactNode }) {
  return <p className="rounded-md border border-dashed px-3 py-6 text-center text-muted-foreground">{children}</p>;
}

function MetricOverTime({
  view,
  styles,
  metric,
  level,
}: {
  view: ShadowPageData;
  styles: VersionStyle[];
  metric: string;
  level: string;
}) {
  const { rows, series } = bandChartData(view.series, styles, (p) =>
    p.versions.map((v) => ({ id: v.modelVersionId, value: v.value, interval: v.interval })),
  );
  const anyValue = rows.some((r) => series.some((s) => typeof r[s.valueKey] === "number"));
  if (!anyValue) {
    return (
      <ChartEmpty>
        No {metric} yet: 0 of {formatCount(view.counts.events)} events labelled. The line starts at the first snapshot
        with labelled matched events.
      </ChartEmpty>
    );
  }
  const latest = view.versions
    .map(
      (v) =>
        `${v.role} ${v.label} ${formatWithInterval(v.metrics[metric], v.intervals[metric])} (n = ${formatCount(v.n)})`,
    )
    .join(", ");
  const caption = `${metric} over ${rows.length} snapshots; latest: ${latest}. Bands: intervals that hold at ${level} across every look together; a snapshot without a value is a gap.`;
  return (
    <BandChart
      testId="shadow-metric-chart"
      title={`${metric} over time`}
      caption={caption}
      yLabel={metric}
      bandLegend={`${level} over all looks`}
      rows={rows}
      series={series}
      table={bandTable(rows, series, metric)}
      csvName={`shadow-${metric}.csv`}
      showEvents
    />
  );
}

function DifferenceOverTime({ view, styles, level }: { view: ShadowPageData; styles: VersionStyle[]; level: string }) {
  const { rows, series } = bandChartData(
    view.series,
    styles.filter((s) => s.role === "challenger"),
    (p) => p.difference.map((d) => ({ id: d.challengerVersionId, value: d.value, interval: d.interval })),
  );
  const anyValue = rows.some((r) => series.some((s) => typeof r[s.valueKey] === "number"));
  if (!anyValue) return <ChartEmpty>No difference over time yet: it needs labelled matched events.</ChartEmpty>;
  const metric = view.series.flatMap((p) => p.difference.map((d) => d.metric))[0] ?? "metric";
  const caption = `Challenger − champion ${metric} over ${rows.length} snapshots; latest: ${view.difference
    .map((d) => {
      const label = styles.find((s) => s.modelVersionId === d.challengerVersionId)?.label ?? "challenger";
      return `${label} ${formatSigned(d.challengerMinusChampion)} ${formatInterval(d.interval)}, ${decisionOf(d.decision).words}`;
    })
    .join("; ")}. A band that straddles zero is insufficient evidence.`;
  return (
    <BandChart
      testId="shadow-difference-chart"
      title={`Challenger − champion ${metric}`}
      caption={caption}
      yLabel={`Δ ${metric} (challenger − champion)`}
      bandLegend={`${level} over all looks`}
      rows={rows}
      series={series}
      table={bandTable(rows, series, `challenger − champion ${metric}`)}
      csvName={`shadow-difference-${metric}.csv`}
      zeroLine
    />
  );
}

function GapPanel({ view, styles }: { view: ShadowPageData; styles: VersionStyle[] }) {
  // Benchmark interval − shadow interval: it covers whenever both do, so at least 1 − 2α.
  const gapLevel = formatLevel(Math.max(0, 2 * view.level - 1));
  const { rows, series } = bandChartData(view.series, styles, (p) =>
    p.gap.map((g) => ({ id: g.modelVersionId, value: g.gap, interval: g.interval })),
  );
  const anyValue = rows.some((r) => series.some((s) => typeof r[s.valueKey] === "number"));
  const metric = view.gap[0]?.metric ?? "metric";
  const caption = `Benchmark − shadow ${metric} over ${rows.length} snapshots; latest: ${view.gap
    .map((g) => {
      const label = styles.find((s) => s.modelVersionId === g.modelVersionId)?.label ?? "version";
      return `${label} ${formatSigned(g.gap)} ${formatInterval(g.interval)}`;
    })
    .join("; ")}. Above zero the benchmark overstates the field.`;
  return (
    <div className="flex flex-col gap-6">
      <ScrollRegion label="Snapshots">
        <table className={tableClass} data-testid="shadow-gap">
          <thead>
            <tr>
              <th className={thClass}>Version</th>
              <th className={thClass}>Metric</th>
              <th className={`${thClass} text-right`}>Benchmark</th>
              <th className={`${thClass} text-right`}>Shadow</th>
              <th className={`${thClass} text-right`}>Gap (benchmark − shadow)</th>
              <th className={`${thClass} text-right`} title="Benchmark interval − shadow interval: covers when both do">
                Interval (≥ {gapLevel})
              </th>
            </tr>
          </thead>
          <tbody>
            {view.gap.map((g) => (
              <tr
                key={`${g.modelVersionId}-${g.metric}`}
                data-testid="shadow-gap-row"
                data-version-id={g.modelVersionId}
              >
                <td className={tdClass}>
                  <VersionName style={styles.find((s) => s.modelVersionId === g.modelVersionId)} />
                </td>
                <td className={`${tdClass} font-mono text-xs`}>{g.metric}</td>
                <td className={`${tdClass} tabular text-right`}>{formatMetric(g.benchmark)}</td>
                <td className={`${tdClass} tabular text-right`}>{formatMetric(g.shadow)}</td>
                <td className={`${tdClass} tabular text-right`}>
                  {formatSigned(g.gap)}
                  {g.reason && <span className="block text-xs text-muted-foreground">{g.reason}</span>}
                </td>
                <td className={`${tdClass} tabular text-right text-muted-foreground`}>{formatInterval(g.interval)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {anyValue ? (
        <BandChart
          testId="shadow-gap-chart"
          title={`Gap: benchmark − shadow ${metric}`}
          caption={caption}
          yLabel={`Gap in ${metric}`}
          bandLegend={`≥ ${gapLevel} interval`}
          rows={rows}
          series={series}
          table={bandTable(rows, series, `benchmark − shadow ${metric}`)}
          csvName={`shadow-gap-${metric}.csv`}
          zeroLine
        />
      ) : (
        <ChartEmpty>
          No gap over time yet: it needs a benchmark run of each version and labelled shadow events.
        </ChartEmpty>
      )}
    </div>
  );
}
