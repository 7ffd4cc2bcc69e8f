"use client";

/**
 * The model page's Trends section: for each benchmark version the model's versions ran on, one
 * chart of the selected metric with one series per model version over run finish time, and
 * the list of flagged regressions. e2e: trends-panel; per benchmark version trend-benchmark
 * (data-benchmark-id) holding the metric select trend-metric-select and the chart trend-chart
 * (see trend-chart.tsx); regression list items trend-regression (data-run-id); empty state
 * trends-empty.
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { EmptyState } from "~/components/ui/section";
import { formatMetric } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { TrendChart } from "./trend-chart";
import { type BenchmarkTrend, intervalLegend, regressionsOf, trendSeries } from "./trend-view";

function BenchmarkTrendView({
  trend,
  versions,
  alpha,
}: {
  trend: BenchmarkTrend;
  versions: { id: string; version: string }[];
  alpha: number;
}) {
  const [metric, setMetric] = useState(trend.metrics[0] ?? "");
  const series = trendSeries(trend, metric, versions);
  const regressions = regressionsOf(trend, versions);
  const label = `${trend.benchmark.name} v${trend.benchmark.version}`;
  return (
    <section data-testid="trend-benchmark" data-benchmark-id={trend.benchmark.id} className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="font-medium">
          <Link href={`/benchmarks/${trend.benchmark.id}`} className="hover:underline">
            {label}
          </Link>
        </h3>
        <label className="flex items-center gap-2 text-xs text-muted-foreground">
          Metric
          <select
            data-testid="trend-metric-select"
            value={metric}
            onChange={(e) => setMetric(e.target.value)}
            className="rounded border bg-surface px-2 py-1 text-sm text-foreground"
          >
            {trend.metrics.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
      </div>
      {series.length === 0 ? (
        <EmptyState title={`No ${metric} values`}>This metric was not computed by these runs.</EmptyState>
      ) : (
        <TrendChart
          benchmarkId={trend.benchmark.id}
          benchmarkLabel={label}
          metric={metric}
          series={series}
          legend={intervalLegend(series)}
        />
      )}
      {regressions.length > 0 && (
        <div>
          <p className="text-xs text-muted-foreground">
            Regressions: a run significantly worse (two-sided p &lt; {alpha}) than the previous succeeded run of the
            same version on {label}.
          </p>
          <ul className="mt-1 flex flex-col gap-1 text-sm">
            {regressions.map((r) => (
              <li key={`${r.runId}-${r.metric}`} data-testid="trend-regression" data-run-id={r.runId}>
                <span className="font-medium text-fail">▼ regression</span> {r.metric} of version {r.versionLabel}:{" "}
                <span className="tabular">
                  {formatMetric(r.value)} ({r.regression.difference > 0 ? "+" : ""}
                  {formatMetric(r.regression.difference)} vs the previous run, p = {r.regression.pValue.toPrecision(2)})
                </span>{" "}
                —{" "}
                <Link href={`/runs/${r.runId}`} className="underline">
                  run {r.runId.slice(0, 8)}
                </Link>{" "}
                vs{" "}
                <Link href={`/runs/${r.regression.previousRunId}`} className="underline">
                  {r.regression.previousRunId.slice(0, 8)}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

export function TrendsPanel({ modelId }: { modelId: string }) {
  const trpc = useTRPC();
  const trends = useQuery(trpc.trends.byModel.queryOptions({ modelId }));
  if (trends.isPending) return <div aria-hidden className="h-64 w-full animate-pulse rounded bg-surface-muted" />;
  if (trends.isError) {
    return (
      <p role="alert" className="text-sm text-fail">
        Could not load the trends: {trends.error.message}{" "}
        <button type="button" className="underline" onClick={() => trends.refetch()}>
          Retry
        </button>
      </p>
    );
  }
  const { benchmarks, versions, alpha } = trends.data;
  if (benchmarks.length === 0) {
    return (
      <EmptyState title="No trends yet" testId="trends-empty">
        Trends appear once a version of this model has a succeeded benchmark run.
      </EmptyState>
    );
  }
  return (
    <div data-testid="trends-panel" className="flex flex-col gap-8">
      <p className="text-xs text-muted-foreground">
        Regression test: a two-sided z-test on the difference of two runs, with each run&apos;s standard error taken
        from its percentile interval as (upper − lower)/(2·z). It is an approximation that treats the two runs as
        independent; runs on the same rows are correlated, which makes it conservative. One benchmark version per chart:
        points are never joined across benchmark versions.
      </p>
      {benchmarks.map((trend) => (
        <BenchmarkTrendView key={trend.benchmark.id} trend={trend} versions={versions} alpha={alpha} />
      ))}
    </div>
  );
}
