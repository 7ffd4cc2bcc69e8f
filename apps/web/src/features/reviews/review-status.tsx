import { cn } from "~/components/ui/cn";
import { REVIEW_STATUS_LABEL, type ReviewStatus } from "./review-data";

const STYLE: Record<ReviewStatus, { className: string; icon: string }> = {
  requested: { className: "border-insufficient/50 text-insufficient", icon: "◷" },
  approved: { className: "border-pass/40 text-pass", icon: "✓" },
  rejected: { className: "border-fail/40 bg-fail/10 text-fail", icon: "✕" },
  changes_requested: { className: "border-fail/40 text-fail", icon: "↺" },
  withdrawn: { className: "text-muted-foreground", icon: "–" },
};

/** A review's status as icon + words (never colour alone). */
export function ReviewStatusBadge({ status }: { status: ReviewStatus }) {
  const style = STYLE[status];
  return (
    <span
      data-testid="review-status"
      data-status={status}
      className={cn(
        "inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium",
        style.className,
      )}
    >
      <span aria-hidden>{style.icon}</span>
      {REVIEW_STATUS_LABEL[status]}
    </span>
  );
}

/** Marks an approval made against a report that is no longer the latest. */
export function StaleFlag() {
  return (
    <span
      data-testid="review-stale"
      title="A newer readiness report exists than the one this approval was made against"
      className="inline-flex items-center gap-1 rounded-full border border-insufficient/50 px-2 py-0.5 text-xs font-medium text-insufficient"
    >
      <span aria-hidden>⚠</span>Stale approval
    </span>
  );
}
