"use client";

/**
 * The Schedules section of a benchmark version: its schedules and the form that creates one.
 * e2e: table schedules-table, rows schedule-row (data-schedule-id, data-paused), cells
 * schedule-target, schedule-cadence-text, schedule-next, schedule-last-fired, schedule-runs;
 * buttons schedule-pause, schedule-resume, schedule-delete, then schedule-delete-confirm /
 * schedule-delete-cancel; empty state schedules-empty; action errors schedule-action-error.
 * The form's testids are listed in schedule-form.tsx.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Button } from "~/components/ui/button";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { EmptyState, tableClass, tdClass, thClass } from "~/components/ui/section";
import { type RunStatus, StatusBadge } from "~/components/ui/status-badge";
import { TimeWithRelative } from "~/features/shared/time-with-relative";
import { formatCount } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { describeCadence, describeTarget } from "./describe-schedule";
import { ScheduleForm } from "./schedule-form";

/** Next fire and last fired move on their own: the list is read again this often. */
const REFRESH_MS = 10_000;

export function SchedulesPanel({ benchmarkId, minEverySeconds }: { benchmarkId: string; minEverySeconds: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listKey = trpc.schedule.list.queryKey({ benchmarkId });
  const schedules = useQuery({ ...trpc.schedule.list.queryOptions({ benchmarkId }), refetchInterval: REFRESH_MS });
  const targets = useQuery(trpc.schedule.targets.queryOptions({ benchmarkId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: listKey });
  const pause = useMutation(trpc.schedule.pause.mutationOptions({ onSuccess: refresh }));
  const resume = useMutation(trpc.schedule.resume.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.schedule.remove.mutationOptions({ onSuccess: refresh }));
  const [confirming, setConfirming] = useState<string | null>(null);
  const actionError = pause.error ?? resume.error ?? remove.error;

  const rows = schedules.data ?? [];
  return (
    <div className="flex flex-col gap-6">
      {schedules.isPending ? (
        <p className="text-sm text-muted-foreground">Loading schedules…</p>
      ) : schedules.isError ? (
        <p role="alert" className="text-sm text-fail">
          Could not load the schedules: {schedules.error.message}
        </p>
      ) : rows.length === 0 ? (
        <EmptyState title="No schedules yet" testId="schedules-empty">
          Create one below to run this benchmark version on a cadence, against a version or a model&apos;s production or
          candidate versions.
        </EmptyState>
      ) : (
        <ScrollRegion label="Schedules">
          <table className={tableClass} data-testid="schedules-table">
            <thead>
              <tr>
                <th className={thClass}>Target</th>
                <th className={thClass}>Cadence</th>
                <th className={thClass}>Next fire</th>
                <th className={thClass}>Last fired</th>
                <th className={`${thClass} text-right`}>Runs fired</th>
                <th className={thClass}>State</th>
                <th className={thClass}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id} data-testid="schedule-row" data-schedule-id={s.id} data-paused={s.paused}>
                  <td className={tdClass} data-testid="schedule-target">
                    {describeTarget(s)}
                    <div className="text-xs text-muted-foreground">by {s.createdBy.name}</div>
                  </td>
                  <td className={tdClass} data-testid="schedule-cadence-text">
                    {describeCadence(s)}
                  </td>
                  <td className={`${tdClass} text-muted-foreground`} data-testid="schedule-next">
                    {s.paused ? (
                      "— (paused)"
                    ) : s.nextFireAt ? (
                      <TimeWithRelative value={s.nextFireAt} />
                    ) : s.nextFireKnown ? (
                      "not scheduled yet (the worker adds it)"
                    ) : (
                      "unknown (queue unreachable)"
                    )}
                  </td>
                  <td className={`${tdClass} text-muted-foreground`} data-testid="schedule-last-fired">
                    {s.lastFiredAt ? <TimeWithRelative value={s.lastFiredAt} /> : "never"}
                  </td>
                  <td className={`${tdClass} text-right`} data-testid="schedule-runs">
                    <span className="tabular">{formatCount(s.runCount)}</span>
                    {s.lastRun && (
                      <div className="mt-1 flex justify-end">
                        <Link href={`/runs/${s.lastRun.id}`} aria-label="Latest run of this schedule">
                          <StatusBadge status={s.lastRun.status as RunStatus} />
                        </Link>
                      </div>
                    )}
                  </td>
                  <td className={tdClass}>
                    <span className={s.paused ? "text-muted-foreground" : "text-foreground"}>
                      <span aria-hidden>{s.paused ? "⏸ " : "▶ "}</span>
                      {s.paused ? "Paused" : "Active"}
                    </span>
                  </td>
                  <td className={tdClass}>
                    <div className="flex flex-wrap justify-end gap-2">
                      {s.paused ? (
                        <Button
                          variant="secondary"
                          pending={resume.isPending && resume.variables?.scheduleId === s.id}
                          onClick={() => resume.mutate({ scheduleId: s.id })}
                          data-testid="schedule-resume"
                        >
                          Resume
                        </Button>
                      ) : (
                        <Button
                          variant="secondary"
                          pending={pause.isPending && pause.variables?.scheduleId === s.id}
                          onClick={() => pause.mutate({ scheduleId: s.id })}
                          data-testid="schedule-pause"
                        >
                          Pause
                        </Button>
                      )}
                      {confirming === s.id ? (
                        <DeleteConfirmation
                          pending={remove.isPending}
                          onConfirm={() =>
                            remove.mutate({ scheduleId: s.id }, { onSettled: () => setConfirming(null) })
                          }
                          onCancel={() => setConfirming(null)}
                        />
                      ) : (
                        <Button variant="ghost" onClick={() => setConfirming(s.id)} data-testid="schedule-delete">
                          Delete
                        </Button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {actionError && (
        <p role="alert" data-testid="schedule-action-error" className="text-xs text-fail">
          {actionError.message}
        </p>
      )}
      <div>
        <h3 className="mb-2 text-sm font-medium">New schedule</h3>
        {targets.isPending ? (
          <p className="text-sm text-muted-foreground">Loading models…</p>
        ) : targets.isError ? (
          <p role="alert" className="text-sm text-fail">
            Could not load the models: {targets.error.message}
          </p>
        ) : (
          <ScheduleForm
            benchmarkId={benchmarkId}
            models={targets.data}
            minEverySeconds={minEverySeconds}
            onCreated={refresh}
          />
        )}
      </div>
    </div>
  );
}

/** Inline confirmation of a delete: focus moves to the confirm button, Cancel (or Escape) backs out. */
function DeleteConfirmation({
  pending,
  onConfirm,
  onCancel,
}: {
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLFieldSetElement>(null);
  useEffect(() => ref.current?.querySelector("button")?.focus(), []);
  return (
    <fieldset
      ref={ref}
      className="m-0 flex items-center gap-2 border-0 p-0"
      onKeyDown={(e) => {
        if (e.key === "Escape") onCancel();
      }}
    >
      <legend className="sr-only">Confirm delete</legend>
      <span className="text-xs">Delete this schedule? Its runs stay.</span>
      <Button variant="primary" pending={pending} onClick={onConfirm} data-testid="schedule-delete-confirm">
        Delete
      </Button>
      <Button variant="ghost" onClick={onCancel} data-testid="schedule-delete-cancel">
        Cancel
      </Button>
    </fieldset>
  );
}
