import type { CSSProperties } from "react";
import { cn } from "~/components/ui/cn";
import {
  countsLabel,
  GATE_STATUS_LABEL,
  type GateCounts,
  type GateStatus,
  VERDICT_LABEL,
  type Verdict,
  verdictStatus,
} from "./readiness-data";

/** Status tokens (UI.md): pass green, fail red, insufficient amber with a hatched fill; always icon + word. */
const STYLE: Record<GateStatus, { className: string; icon: string }> = {
  pass: { className: "border-pass/40 text-pass", icon: "✓" },
  fail: { className: "border-fail/40 text-fail bg-fail/10", icon: "✕" },
  insufficient_evidence: { className: "border-insufficient/50 text-insufficient", icon: "◌" },
};

/** The amber hatch of "insufficient" (theme variable only, so both themes get their own amber). */
export const INSUFFICIENT_HATCH: CSSProperties = {
  backgroundImage:
    "repeating-linear-gradient(135deg, color-mix(in oklch, var(--insufficient) 22%, transparent) 0 3px, transparent 3px 7px)",
};

function hatchOf(status: GateStatus): CSSProperties | undefined {
  return status === "insufficient_evidence" ? INSUFFICIENT_HATCH : undefined;
}

/** A gate's status as icon + word. */
export function GateStatusBadge({ status }: { status: GateStatus }) {
  const style = STYLE[status];
  return (
    <span
      data-status={status}
      style={hatchOf(status)}
      className={cn(
        "inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium",
        style.className,
      )}
    >
      <span aria-hidden>{style.icon}</span>
      {GATE_STATUS_LABEL[status]}
    </span>
  );
}

/** A verdict pill ("✓ Ready") with, unless `compact`, its gate counts ("6 pass · 1 fail · 2 insufficient"). */
export function VerdictPill({
  verdict,
  counts,
  testId,
  version,
}: {
  verdict: Verdict;
  counts?: GateCounts;
  testId?: string;
  version?: string;
}) {
  const status = verdictStatus(verdict);
  const style = STYLE[status];
  return (
    <span data-testid={testId} data-version={version} data-verdict={verdict} className="inline-flex items-center gap-2">
      <span
        style={hatchOf(status)}
        className={cn(
          "inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-semibold",
          style.className,
        )}
      >
        <span aria-hidden>{style.icon}</span>
        {VERDICT_LABEL[verdict]}
      </span>
      {counts && <span className="text-xs text-muted-foreground tabular">{countsLabel(counts)}</span>}
    </span>
  );
}
