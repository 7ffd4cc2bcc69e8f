"use client";

import { type ReactNode, useEffect, useRef, useState } from "react";
import { ErrorBoundary, type FallbackProps } from "react-error-boundary";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { tableClass, tdClass, thClass } from "~/components/ui/section";
import { toCsv } from "./run-results-view";

export interface FigureTable {
  columns: string[];
  rows: (string | number | null)[][];
}

/**
 * A chart with its text alternative (UI.md): a <figure> whose caption states the conclusion with
 * numbers, a "View as table" of the same data and its CSV download. The chart mounts when it
 * scrolls into view (a skeleton of its size until then), so a long run page never renders every
 * chart on arrival.
 */
export function ChartFigure({
  testId,
  caption,
  table,
  csvName,
  height,
  heightPx,
  children,
}: {
  testId: string;
  caption: ReactNode;
  table: FigureTable;
  csvName: string;
  /** Tailwind height/aspect classes of the chart area (the skeleton has the same). */
  height: string;
  /** A height that follows the data (e.g. one row per category), in px; wins over `height`'s own height. */
  heightPx?: number;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const node = ref.current;
    if (!node || visible) return;
    if (typeof IntersectionObserver === "undefined") {
      setVisible(true);
      return;
    }
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setVisible(true);
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [visible]);

  function download() {
    const url = URL.createObjectURL(new Blob([toCsv(table.columns, table.rows)], { type: "text/csv" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = csvName;
    link.click();
    URL.revokeObjectURL(url);
  }

  return (
    <figure data-testid={testId} className="flex min-w-0 flex-col gap-2">
      <div ref={ref} className={`w-full ${height}`} style={heightPx ? { height: heightPx } : undefined}>
        {visible ? (
          // One error boundary per chart (UI.md): a chart that cannot draw says so in its own frame;
          // the caption and the table below still carry its data.
          <ChartBoundary>{children}</ChartBoundary>
        ) : (
          <div aria-hidden className="h-full w-full animate-pulse rounded bg-surface-muted" />
        )}
      </div>
      <figcaption className="text-xs text-muted-foreground">{caption}</figcaption>
      <details className="text-xs">
        <summary className="cursor-pointer text-muted-foreground hover:text-foreground">View as table</summary>
        <ScrollRegion label="Chart data" className="mt-2 max-h-64">
          <table className={tableClass}>
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c} className={thClass}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows of a static table
                <tr key={i}>
                  {row.map((v, j) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells of a static row
                    <td key={j} className={`${tdClass} tabular`}>
                      {v === null ? "—" : v}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
        <button
          type="button"
          onClick={download}
          className="mt-2 rounded px-1.5 py-0.5 text-muted-foreground hover:bg-surface-muted hover:text-foreground"
        >
          Download CSV
        </button>
      </details>
    </figure>
  );
}

/** One chart's error boundary: a chart that throws shows why in its own frame, the page stays. */
export function ChartBoundary({ children }: { children: ReactNode }) {
  return <ErrorBoundary FallbackComponent={ChartError}>{children}</ErrorBoundary>;
}

function ChartError({ resetErrorBoundary }: FallbackProps) {
  return (
    <div
      role="alert"
      className="flex h-full w-full flex-col items-center justify-center gap-2 rounded border border-dashed text-xs text-muted-foreground"
    >
      This chart could not be drawn; its data is in the table below.
      <button
        type="button"
        onClick={resetErrorBoundary}
        className="rounded border px-2 py-0.5 hover:bg-surface-muted hover:text-foreground"
      >
        Try again
      </button>
    </div>
  );
}

/** Axis and tooltip styling shared by the run's charts (theme variables only). */
export const axisProps = {
  tick: { fill: "var(--muted-foreground)", fontSize: 11 },
  stroke: "var(--border)",
} as const;

export const tooltipStyle = {
  background: "var(--surface)",
  border: "1px solid var(--border)",
  fontSize: 12,
  color: "var(--foreground)",
} as const;

/** Ticks of a 0–1 probability axis. */
export const UNIT_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

/** An axis title in the charts' style: below the x axis, or rotated beside the y axis (`offset` from it). */
export function axisTitle(value: string, axis: "x" | "y", offset = 12) {
  const style = { fontSize: 11, fill: "var(--muted-foreground)" };
  return axis === "x"
    ? { value, position: "insideBottom" as const, offset: -10, ...style }
    : { value, angle: -90, position: "insideLeft" as const, offset, ...style };
}
