"use client";

/**
 * The benchmark page's Leaderboard: the latest succeeded run of each model version on this
 * benchmark version, ranked by the selected metric (default: the primary, first metric), with
 * its interval and n, and the Holm-corrected pairwise comparisons.
 * e2e: leaderboard-panel; metric select leaderboard-metric-select; table leaderboard-table with
 * rows leaderboard-row (data-version, data-rank — empty when unranked); chart
 * leaderboard-chart; pair list items leaderboard-pair (data-better, data-worse,
 * data-significant); empty state leaderboard-empty; the hidden holdout in holdout-column.tsx
 * (holdout-budget).
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { EmptyState, tableClass, tdClass, thClass } from "~/components/ui/section";
import { axisProps, ChartFigure, tooltipStyle } from "~/features/runs/chart-figure";
import { LocalTime } from "~/features/shared/local-time";
import { formatMetric } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { HoldoutColumn } from "./holdout-column";

function formatP(p: number): string {
  return p < 0.001 ? "< 0.001" : p.toFixed(3);
}

export function LeaderboardPanel({ benchmarkId, metrics }: { benchmarkId: string; metrics: string[] }) {
  const trpc = useTRPC();
  const [metric, setMetric] = useState(metrics[0] ?? "");
  const board = useQuery(trpc.leaderboard.byBenchmark.queryOptions({ benchmarkId, metric: metric || undefined }));
  const data = board.data;
  const label = (id: string) => {
    const row = data?.rows.find((r) => r.modelVersionId === id);
    return row ? `${row.modelName} ${row.version}` : id.slice(0, 8);
  };
  const ranked = data?.rows.filter((r) => r.value !== null) ?? [];
  const chartData = ranked.map((r) => ({
    name: `${r.modelName} ${r.version}`,
    value: r.value as number,
    error: r.lower !== null && r.upper !== null ? [(r.value as number) - r.lower, r.upper - (r.value as number)] : null,
    n: r.n,
  }));
  const level = ranked.find((r) => r.level !== null)?.level ?? null;

  return (
    <div data-testid="leaderboard-panel" className="flex flex-col gap-4">
      <label className="flex items-center gap-2 text-xs text-muted-foreground">
        Rank by
        <select
          data-testid="leaderboard-metric-select"
          value={metric}
          onChange={(e) => setMetric(e.target.value)}
          className="rounded border bg-surface px-2 py-1 text-sm text-foreground"
        >
          {metrics.map((m, i) => (
            <option key={m} value={m}>
              {m}
              {i === 0 ? " (primary)" : ""}
            </option>
          ))}
        </select>
        {data?.direction && <span>({data.direction.replaceAll("_", " ")})</span>}
      </label>
      {board.isPending ? (
        <div aria-hidden className="h-40 w-full animate-pulse rounded bg-surface-muted" />
      ) : board.isError ? (
        <p role="alert" className="text-sm text-fail">
          Could not load the leaderboard: {board.error.message}{" "}
          <button type="button" className="underline" onClick={() => board.refetch()}>
            Retry
          </button>
        </p>
      ) : !data || data.rows.length === 0 ? (
        <EmptyState title="No succeeded runs yet" testId="leaderboard-empty">
          Run this benchmark version for a model version; its latest succeeded run appears here.
        </EmptyState>
      ) : (
        <>
          <ScrollRegion label="Leaderboard">
            <table className={tableClass} data-testid="leaderboard-table">
              <thead>
                <tr>
                  <th className={`${thClass} text-right`}>Rank</th>
                  <th className={thClass}>Model version</th>
                  <th className={`${thClass} text-right`}>{data.metric}</th>
                  <th className={`${thClass} text-right`}>{level ? `${Math.round(level * 100)}% CI` : "Interval"}</th>
                  <th className={`${thClass} text-right`}>n</th>
                  <th className={thClass}>Run</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr
                    key={r.modelVersionId}
                    data-testid="leaderboard-row"
                    data-version={r.version}
                    data-rank={r.rank ?? ""}
                  >
                    <td className={`${tdClass} tabular text-right`}>{r.rank ?? "—"}</td>
                    <td className={tdClass}>
                      <Link href={`/models/${r.modelId}`} className="hover:underline">
                        {r.modelName}
                      </Link>{" "}
                      {r.version}
                    </td>
                    <td className={`${tdClass} tabular text-right font-medium`}>{formatMetric(r.value)}</td>
                    <td className={`${tdClass} tabular text-right text-muted-foreground`}>
                      {r.lower !== null && r.upper !== null
                        ? `[${formatMetric(r.lower)}, ${formatMetric(r.upper)}]`
                        : "—"}
                    </td>
                    <td className={`${tdClass} tabular text-right`}>{r.n ?? "—"}</td>
                    <td className={`${tdClass} text-xs`}>
                      <Link href={`/runs/${r.runId}`} className="font-mono underline">
                        {r.runId.slice(0, 8)}
                      </Link>{" "}
                      {r.finishedAt && (
                        <span className="text-muted-foreground">
                          <LocalTime value={r.finishedAt} />
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          {chartData.length > 0 && (
            <ChartFigure
              testId="leaderboard-chart"
              height="h-56"
              csvName={`leaderboard-${data.metric}.csv`}
              caption={`${data.metric} of the latest run per version: ${ranked
                .map((r) => `${r.modelName} ${r.version} ${formatMetric(r.value)} (n = ${r.n ?? "—"})`)
                .join(", ")}.${level ? ` Error bars: ${Math.round(level * 100)}% bootstrap CI.` : ""}`}
              table={{
                columns: ["rank", "version", data.metric, "lower", "upper", "n"],
                rows: ranked.map((r) => [r.rank, `${r.modelName} ${r.version}`, r.value, r.lower, r.upper, r.n]),
              }}
            >
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={chartData} margin={{ top: 8, right: 12, bottom: 8, left: 0 }} title={data.metric}>
                  <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
                  <XAxis dataKey="name" {...axisProps} />
                  <YAxis {...axisProps} domain={["auto", "auto"]} tickFormatter={(v: number) => v.toFixed(2)} />
                  <Tooltip contentStyle={tooltipStyle} formatter={(v) => formatMetric(Number(v))} />
                  <Bar
                    dataKey="value"
                    name={data.metric}
                    fill="var(--chart-1)"
                    maxBarSize={48}
                    isAnimationActive={false}
                  >
                    <ErrorBar dataKey="error" width={4} stroke="var(--foreground)" direction="y" />
                  </Bar>
                </BarChart>
              </ResponsiveContainer>
            </ChartFigure>
          )}
          <div>
            <h3 className="font-medium">Pairwise comparisons</h3>
            <p className="text-xs text-muted-foreground">
              Every pair of versions with an interval, tested two-sided with a z-test on the difference (standard errors
              from each run&apos;s interval, (upper − lower)/(2·z)), Holm-corrected over all {data.pairs.length} pair(s)
              at family-wise level {data.alpha}. The test assumes independent runs; runs on one benchmark version share
              the same split and rows, so correlated models make it conservative (real differences may be missed, false
              ones are not inflated).
            </p>
            {data.pairs.length === 0 ? (
              <p className="mt-1 text-sm text-muted-foreground">
                Fewer than two versions with an interval: nothing to compare.
              </p>
            ) : (
              <ul className="mt-2 flex flex-col gap-1 text-sm">
                {data.pairs.map((p) => (
                  <li
                    key={`${p.better}-${p.worse}`}
                    data-testid="leaderboard-pair"
                    data-better={p.better}
                    data-worse={p.worse}
                    data-significant={p.significant}
                  >
                    {p.significant ? (
                      <>
                        <span className="font-medium">{label(p.better)}</span> better than{" "}
                        <span className="font-medium">{label(p.worse)}</span>
                      </>
                    ) : (
                      <span className="text-muted-foreground">
                        {label(p.better)} vs {label(p.worse)}: no significant difference
                      </span>
                    )}{" "}
                    <span className="tabular text-muted-foreground">
                      (Δ {formatMetric(p.difference)}, p_adj = {formatP(p.adjustedPValue)}, raw p = {formatP(p.pValue)})
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </>
      )}
      {data?.hasHoldout && <HoldoutColumn benchmarkId={benchmarkId} />}
    </div>
  );
}
