"use client";

/**
 * The shadow evaluation's status strip (UI.md "Shadow evaluation"): status, window, events,
 * % labelled, median label lag, each challenger's gap ± interval for the headline metric, and
 * the snapshot the numbers are "as of"; a progress bar while shadow inference is pending, the
 * error of a failed evaluation, and Stop for a running continuous one.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Button } from "~/components/ui/button";
import { ProgressBar } from "~/components/ui/progress-bar";
import { StatusBadge } from "~/components/ui/status-badge";
import { LocalTime } from "~/features/shared/local-time";
import { TimeWithRelative } from "~/features/shared/time-with-relative";
import { formatCount } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { headlineMetric, type ShadowPageData } from "./shadow-chart-data";
import { formatDuration, formatInterval, formatSigned } from "./shadow-format";

const isActive = (status: ShadowPageData["status"]) => status === "queued" || status === "running";

export function ShadowStatusStrip({ view, refreshError }: { view: ShadowPageData; refreshError: boolean }) {
  const progress = Math.round(Math.min(1, Math.max(0, view.progress)) * 100);
  const labelledShare = view.counts.events > 0 ? view.counts.labelledEvents / view.counts.events : null;
  const challengers = view.versions.filter((v) => v.role === "challenger");
  // The headline metric's gap of each challenger (the first gap of the version when it has no headline).
  const metric = headlineMetric(view);
  const gaps = challengers.map((c) => {
    const own = view.gap.filter((g) => g.modelVersionId === c.modelVersionId);
    return { version: c, gap: own.find((g) => g.metric === metric) ?? own[0] };
  });
  return (
    <div className="rounded-lg border bg-surface p-4" data-testid="shadow-status-strip">
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-3 lg:grid-cols-4 2xl:grid-cols-7">
        <Item label="Status">
          <StatusBadge status={view.status} testId="shadow-status" />
        </Item>
        <Item label="Window">
          <span data-testid="shadow-window">
            {view.window.from ? <LocalTime value={view.window.from} /> : "first event"} →{" "}
            {view.window.to ? <LocalTime value={view.window.to} /> : view.continuous ? "continuous" : "now"}
          </span>
        </Item>
        <Item label="Events">
          <span className="tabular" data-testid="shadow-events">
            {formatCount(view.counts.events)}
          </span>
          <span className="block text-xs text-muted-foreground tabular">
            {formatCount(view.counts.matched)} matched
          </span>
          <span className="block text-xs text-muted-foreground tabular" data-testid="shadow-live-counts">
            now {formatCount(view.live.events)} ingested · {formatCount(view.live.labelled)} labelled
          </span>
        </Item>
        <Item label="Labelled">
          <span className="tabular" data-testid="shadow-labelled">
            {labelledShare === null ? "—" : `${(labelledShare * 100).toFixed(1)}%`}
          </span>
          <span className="block text-xs text-muted-foreground tabular">
            {formatCount(view.counts.labelledEvents)} of {formatCount(view.counts.events)} ·{" "}
            {formatCount(view.counts.labelled)} also matched
          </span>
        </Item>
        <Item label="Median label lag">
          <span className="tabular">{formatDuration(view.medianLabelLagMs)}</span>
        </Item>
        <Item label="Gap (benchmark − shadow)">
          {gaps.length === 0 || !view.benchmark ? (
            <span className="text-muted-foreground">no benchmark</span>
          ) : (
            <ul data-testid="shadow-gap-headline">
              {gaps.map(({ version, gap }) => (
                <li key={version.modelVersionId} className="tabular" title={gap?.reason}>
                  {gaps.length > 1 && <span className="text-xs text-muted-foreground">{version.label}: </span>}
                  {gap ? `${formatSigned(gap.gap)} ${gap.interval ? formatInterval(gap.interval) : ""}` : "—"}
                  {gap && <span className="ml-1 font-mono text-xs text-muted-foreground">{gap.metric}</span>}
                </li>
              ))}
            </ul>
          )}
        </Item>
        <Item label="As of">
          {view.snapshot ? (
            <span data-testid="shadow-as-of">
              <TimeWithRelative value={view.snapshot.scoredAt} />
              <span className="block text-xs text-muted-foreground">snapshot {view.snapshot.sequence}</span>
            </span>
          ) : (
            <span className="text-muted-foreground">no snapshot yet</span>
          )}
        </Item>
      </dl>

      {view.continuous && isActive(view.status) && <StopControl id={view.id} />}

      {view.progress < 1 && view.status !== "failed" && (
        <div className="mt-4">
          <div className="mb-1 flex justify-between text-xs text-muted-foreground">
            <span id="shadow-progress-label">Shadow inference</span>
            <span className="tabular">{progress}%</span>
          </div>
          <ProgressBar percent={progress} labelledBy="shadow-progress-label" testId="shadow-progress" />
        </div>
      )}
      {refreshError && (
        <p role="status" className="mt-2 text-xs text-insufficient">
          Could not refresh the evaluation; retrying…
        </p>
      )}
      {view.status === "failed" && (
        <div role="alert" data-testid="shadow-error" className="mt-4 rounded-lg border border-fail/40 bg-fail/10 p-3">
          <p className="font-medium text-fail">
            <span aria-hidden>✕ </span>The shadow evaluation failed
          </p>
          <p className="mt-1 whitespace-pre-wrap">{view.error ?? "No error message was recorded."}</p>
        </div>
      )}
    </div>
  );
}

/** Stop, confirmed inline: the window ends now and one last scoring follows. */
function StopControl({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const stop = useMutation(
    trpc.shadow.stop.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        return queryClient.invalidateQueries({ queryKey: trpc.shadow.get.queryKey({ id }) });
      },
    }),
  );
  return (
    <div className="mt-4 flex flex-wrap items-center gap-2">
      {confirming ? (
        <>
          <p className="text-sm" id="shadow-stop-question">
            Stop this evaluation? Its window ends now; one last scoring follows. This cannot be undone.
          </p>
          <Button
            variant="primary"
            pending={stop.isPending}
            onClick={() => stop.mutate({ id })}
            aria-describedby="shadow-stop-question"
            data-testid="shadow-stop-confirm"
          >
            {stop.isPending ? "Stopping…" : "Stop evaluation"}
          </Button>
          <Button variant="ghost" onClick={() => setConfirming(false)} disabled={stop.isPending}>
            Keep running
          </Button>
        </>
      ) : (
        <Button variant="secondary" onClick={() => setConfirming(true)} data-testid="shadow-stop">
          Stop
        </Button>
      )}
      {stop.error && (
        <p role="alert" data-testid="shadow-stop-error" className="text-xs text-fail">
          {stop.error.message}
        </p>
      )}
    </div>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0 break-words">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}
