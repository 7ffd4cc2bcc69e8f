import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "~/components/ui/cn";
import { formatCount } from "~/lib/format";
import type { RouterOutputs } from "~/server/api/root";
import { counterHref, isOnlyFilter, type PortfolioInput } from "./portfolio-params";

type Counters = RouterOutputs["model"]["portfolio"]["counters"];

/** A counter links to the filter that lists what it counts, and shows as active while only that filter is. */
function Counter({
  input,
  filter,
  label,
  value,
  icon,
  tone,
  testId,
}: {
  input: PortfolioInput;
  filter: Partial<PortfolioInput>;
  label: ReactNode;
  value: number;
  icon: string;
  tone: string;
  testId: string;
}) {
  const href = counterHref(input, filter);
  const active = isOnlyFilter(input, filter);
  return (
    <Link
      href={href}
      aria-current={active ? "true" : undefined}
      data-testid={testId}
      className={cn(
        "flex min-w-32 flex-1 flex-col gap-0.5 rounded-lg border bg-surface px-3 py-2 hover:bg-surface-muted",
        active && "border-primary ring-1 ring-primary",
      )}
    >
      <span className={cn("text-xs font-medium", tone)}>
        <span aria-hidden>{icon} </span>
        {label}
      </span>
      <span className="tabular text-lg font-semibold">{formatCount(value)}</span>
    </Link>
  );
}

/**
 * The counter strip above the table (UI.md): models per verdict, regressions this week, reviews
 * awaiting the viewer — for the whole portfolio, whatever the filters. Each links to the filter
 * that lists what it counts.
 */
export function PortfolioCounters({ input, counters }: { input: PortfolioInput; counters: Counters }) {
  const verdicts = [
    { key: "ready", label: "Ready", icon: "✓", tone: "text-pass" },
    { key: "not_ready", label: "Not ready", icon: "✕", tone: "text-fail" },
    { key: "insufficient_evidence", label: "Insufficient evidence", icon: "◌", tone: "text-insufficient" },
    { key: "none", label: "No report", icon: "–", tone: "text-muted-foreground" },
  ] as const;
  return (
    <section aria-label="Portfolio counters" className="mb-4 flex flex-wrap gap-2" data-testid="portfolio-counters">
      {verdicts.map((v) => (
        <Counter
          key={v.key}
          input={input}
          filter={{ verdicts: [v.key] }}
          label={v.label}
          value={counters.verdict[v.key]}
          icon={v.icon}
          tone={v.tone}
          testId={`portfolio-counter-${v.key}`}
        />
      ))}
      <Counter
        input={input}
        filter={{ alert: "week" }}
        label="Regressions this week"
        value={counters.regressionsThisWeek}
        icon="⚠"
        tone={counters.regressionsThisWeek > 0 ? "text-fail" : "text-muted-foreground"}
        testId="portfolio-counter-regressions"
      />
      <Counter
        input={input}
        filter={{ review: "mine" }}
        label="Reviews awaiting you"
        value={counters.reviewsAwaitingMe}
        icon="✎"
        tone="text-primary"
        testId="portfolio-counter-reviews"
      />
    </section>
  );
}
