"use client";

/**
 * The reviewer queue (/reviews): open reviews of the viewer's teams, or the decided ones.
 * e2e: review-queue; rows review-row (data-review-id, data-can-decide); tabs review-tab-open / -decided.
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { EmptyState, tableClass, tdClass, thClass } from "~/components/ui/section";
import { VerdictPill } from "~/features/readiness/readiness-status";
import { TimeWithRelative } from "~/features/shared/time-with-relative";
import { useTRPC } from "~/trpc/react";
import type { ReviewItem } from "./review-data";
import { ReviewStatusBadge, StaleFlag } from "./review-status";

type Tab = "open" | "decided";

export function ReviewQueue() {
  const [tab, setTab] = useState<Tab>("open");
  const trpc = useTRPC();
  const query = useQuery(trpc.review.list.queryOptions({ status: tab }, { refetchInterval: 30_000 }));
  return (
    <div data-testid="review-queue" className="flex flex-col gap-3">
      <fieldset aria-label="Show reviews" className="flex gap-1">
        {(["open", "decided"] as const).map((t) => (
          <button
            key={t}
            type="button"
            aria-pressed={tab === t}
            data-testid={`review-tab-${t}`}
            onClick={() => setTab(t)}
            className="rounded-md px-3 py-1 text-sm aria-pressed:bg-surface-muted aria-pressed:font-medium"
          >
            {t === "open" ? "Awaiting review" : "Decided"}
          </button>
        ))}
      </fieldset>
      {query.isError ? (
        <p role="alert" className="text-sm text-fail">
          Could not load reviews: {query.error.message}
        </p>
      ) : !query.data ? (
        <div role="status" aria-busy="true" className="h-32 animate-pulse rounded bg-surface-muted">
          <span className="sr-only">Loading reviews…</span>
        </div>
      ) : query.data.length === 0 ? (
        <EmptyState title={tab === "open" ? "No reviews are waiting" : "No decided reviews yet"} testId="review-empty">
          {tab === "open"
            ? "When a member asks for review of a version (Review and promotion, on its model page), it appears here."
            : "Approvals, rejections and requests for changes are listed here once made."}
        </EmptyState>
      ) : (
        <ReviewTable reviews={query.data} />
      )}
    </div>
  );
}

function ReviewTable({ reviews }: { reviews: ReviewItem[] }) {
  return (
    <ScrollRegion label="Reviews">
      <table className={tableClass}>
        <thead>
          <tr>
            <th className={thClass}>Model · version</th>
            <th className={thClass}>Status</th>
            <th className={thClass}>Readiness now</th>
            <th className={thClass}>Requested by</th>
            <th className={thClass}>Requested</th>
            <th className={thClass}>Team</th>
          </tr>
        </thead>
        <tbody>
          {reviews.map((r) => (
            <tr key={r.id} data-testid="review-row" data-review-id={r.id} data-can-decide={r.canDecide}>
              <td className={tdClass}>
                <Link href={`/reviews/${r.id}`} className="font-medium text-primary hover:underline">
                  {r.modelVersion.model.name} · {r.modelVersion.version}
                </Link>
                {r.requestNote && <p className="max-w-md truncate text-xs text-muted-foreground">{r.requestNote}</p>}
              </td>
              <td className={tdClass}>
                <span className="inline-flex flex-wrap items-center gap-1">
                  <ReviewStatusBadge status={r.status} />
                  {r.stale && <StaleFlag />}
                  {r.canDecide && <span className="text-xs text-primary">Yours to decide</span>}
                </span>
              </td>
              <td className={tdClass}>{r.latestVerdict ? <VerdictPill verdict={r.latestVerdict} /> : "—"}</td>
              <td className={tdClass}>{r.requestedBy.name}</td>
              <td className={`${tdClass} text-muted-foreground`}>
                <TimeWithRelative value={r.requestedAt} />
              </td>
              <td className={`${tdClass} text-muted-foreground`}>{r.team.name}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
