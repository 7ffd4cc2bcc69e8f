"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Button } from "~/components/ui/button";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { EmptyState, tableClass, tdClass, thClass } from "~/components/ui/section";
import { TimeWithRelative } from "~/features/shared/time-with-relative";
import { useTRPC } from "~/trpc/react";
import { auditSummary } from "./audit-summary";

const PAGE_SIZE = 50;

/** The team's events, newest first, a page at a time ("Load older"). */
export function AuditEventsTable({ teamId }: { teamId: string }) {
  const trpc = useTRPC();
  const events = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { teamId, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  if (events.isPending) return <p className="text-sm text-muted-foreground">Loading the audit log…</p>;
  if (events.isError) {
    return (
      <p role="alert" className="text-sm text-fail">
        Could not load the audit log: {events.error.message}
      </p>
    );
  }
  const rows = events.data.pages.flatMap((page) => page.events);
  if (rows.length === 0) {
    return (
      <EmptyState title="No events yet" testId="audit-empty">
        Creating or revoking an API key, a review decision or a stage change is recorded here.
      </EmptyState>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <ScrollRegion label="Audit events">
        <table className={tableClass} data-testid="audit-events-table">
          <thead>
            <tr>
              <th className={thClass}>Seq</th>
              <th className={thClass}>When</th>
              <th className={thClass}>Actor</th>
              <th className={thClass}>Action</th>
              <th className={thClass}>Target</th>
              <th className={thClass}>What happened</th>
              <th className={thClass}>Hash</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id} data-testid="audit-event-row" data-action={e.action} data-seq={e.seq}>
                <td className={`${tdClass} font-mono text-xs tabular-nums`}>{e.seq}</td>
                <td className={`${tdClass} text-muted-foreground whitespace-nowrap`}>
                  <TimeWithRelative value={e.createdAt} />
                </td>
                <td className={tdClass}>{e.actorName}</td>
                <td className={`${tdClass} font-mono text-xs`}>{e.action}</td>
                <td className={`${tdClass} text-xs`}>
                  <span className="text-muted-foreground">{e.targetType}</span>{" "}
                  <span className="font-mono break-all">{e.targetId}</span>
                </td>
                <td className={`${tdClass} max-w-md text-xs`}>
                  <span data-testid="audit-summary">{auditSummary(e.action, e.details)}</span>
                  <details className="mt-0.5">
                    <summary className="cursor-pointer text-muted-foreground">All fields</summary>
                    <pre className="mt-1 font-mono break-all whitespace-pre-wrap text-muted-foreground">
                      {JSON.stringify(e.details, null, 2)}
                    </pre>
                  </details>
                </td>
                <td
                  className={`${tdClass} font-mono text-xs text-muted-foreground`}
                  title="The start of the event's hash"
                >
                  {e.hashPrefix}…
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {events.hasNextPage && (
        <div>
          <Button
            variant="secondary"
            pending={events.isFetchingNextPage}
            onClick={() => events.fetchNextPage()}
            data-testid="audit-more"
          >
            Load older
          </Button>
        </div>
      )}
    </div>
  );
}
