import { cn } from "./cn";

export type RunStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

const STYLE: Record<RunStatus, { className: string; icon: string }> = {
  queued: { className: "border-border text-muted-foreground", icon: "○" },
  running: { className: "border-running/40 text-running", icon: "◐" },
  succeeded: { className: "border-pass/40 text-pass", icon: "✓" },
  failed: { className: "border-fail/40 text-fail", icon: "✕" },
  // Stopped on request: neither a result nor a failure, so no status colour.
  cancelled: { className: "border-border text-muted-foreground", icon: "⊘" },
};

/** Run status as icon + word (never colour alone). */
export function StatusBadge({ status, testId }: { status: RunStatus; testId?: string }) {
  const style = STYLE[status];
  return (
    <span
      data-testid={testId}
      data-status={status}
      className={cn(
        "inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium",
        style.className,
      )}
    >
      <span aria-hidden>{style.icon}</span>
      {status}
    </span>
  );
}
