"use client";

import { ScrollRegion } from "~/components/ui/scroll-region";
import { tableClass, tdClass, thClass } from "~/components/ui/section";
import { formatCount, formatMetric } from "~/lib/format";
import { formatDelta, type Slices, slicesWorstFirst } from "./run-results-view";
import { SlicesChart } from "./slices-chart";

const interval = (m: { lower: number | null; upper: number | null }) =>
  m.lower !== null && m.upper !== null ? `${formatMetric(m.lower)}–${formatMetric(m.upper)}` : null;

/**
 * Slices of each slice column (UI.md): a chart of the lead metric per slice first (SlicesChart),
 * then the table: slice, n, each metric ± CI and its delta vs the whole test set; worst first by
 * the benchmark's first metric, the worst slice highlighted; small slices marked insufficient,
 * never hidden.
 */
export function SlicesTable({ slices, overall }: { slices: Slices; overall: { metric: string; value: number }[] }) {
  return (
    <div data-testid="run-slices" className="flex flex-col gap-6">
      {slices.columns.map((column) => {
        const metrics = column.worst.map((w) => w.metric);
        const lead = metrics[0] ?? "";
        const worst = column.worst.find((w) => w.metric === lead);
        const ordered = slicesWorstFirst(column, lead);
        return (
          <div
            key={column.column}
            data-testid="run-slice-column"
            data-column={column.column}
            className="flex flex-col gap-3"
          >
            <p className="text-sm">
              <span className="font-medium">{column.column}</span>
              <span className="text-muted-foreground">
                {" "}
                · {column.slices.length} slices ·{" "}
                {worst?.slice != null
                  ? `worst ${lead}: ${worst.slice} (${formatMetric(worst.value)}, n = ${formatCount(worst.n ?? 0)}, whole test set ${formatMetric(worst.overall)})`
                  : `no slice has enough rows (${slices.minSliceSize}) and a defined ${lead} to be called worst`}
              </span>
            </p>
            {lead && (
              <SlicesChart
                column={column}
                metric={lead}
                overall={overall.find((o) => o.metric === lead)?.value ?? worst?.overall ?? null}
                minSliceSize={slices.minSliceSize}
              />
            )}
            <ScrollRegion label="Slices">
              <table className={tableClass}>
                <thead>
                  <tr>
                    <th className={thClass}>Slice</th>
                    <th className={`${thClass} text-right`}>n</th>
                    {metrics.map((m) => (
                      <th key={m} className={`${thClass} text-right`}>
                        {m} <span className="font-normal">(CI · Δ vs all)</span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {ordered.map((s) => {
                    const isWorst = worst?.slice === s.slice;
                    return (
                      <tr
                        key={s.key}
                        data-testid="run-slice-row"
                        data-slice={s.slice}
                        data-worst={isWorst ? "true" : undefined}
                        data-insufficient={s.insufficient ? "true" : undefined}
                        className={isWorst ? "bg-surface-muted font-medium" : undefined}
                      >
                        <td className={tdClass}>
                          <span className={s.missing ? "italic text-muted-foreground" : undefined}>{s.slice}</span>
                          {isWorst && (
                            <span className="ml-2 rounded-full border px-1.5 py-0.5 text-xs font-medium">worst</span>
                          )}
                          {s.insufficient && (
                            <span
                              className="ml-2 rounded-full border border-insufficient/40 px-1.5 py-0.5 text-xs text-insufficient"
                              title={`Fewer than ${slices.minSliceSize} test rows: reported without an interval, never the worst slice`}
                            >
                              ◌ insufficient
                            </span>
                          )}
                        </td>
                        <td className={`${tdClass} tabular text-right`}>{formatCount(s.n)}</td>
                        {metrics.map((metric) => {
                          const m = s.metrics.find((x) => x.metric === metric);
                          const all = overall.find((o) => o.metric === metric)?.value ?? null;
                          const ci = m ? interval(m) : null;
                          return (
                            <td key={metric} className={`${tdClass} tabular text-right`} title={m?.problem}>
                              {formatMetric(m?.value)}
                              {ci && <span className="ml-1 text-xs text-muted-foreground">({ci})</span>}
                              <span className="ml-1 text-xs text-muted-foreground">
                                {formatDelta(m?.value != null && all !== null ? m.value - all : null)}
                              </span>
                            </td>
                          );
                        })}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </ScrollRegion>
          </div>
        );
      })}
    </div>
  );
}
