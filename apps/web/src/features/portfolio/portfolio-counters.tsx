import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "~/components/ui/cn";
import { formatCount } from "~/lib/format";
import type { RouterOutputs } from "~/server/api/root";
import { counterHref, type PortfolioInput } from "./portfolio-params";

type Counters = RouterOutputs["model"]["portfolio"]["counters"];

/** Exactly this filter and no other is active: the counter is what the table shows. */
function only(input: PortfolioInput, filter: Partial<PortfolioInput>): boolean {
  const active = {
    search: input.search ?? "",
    task: input.task,
    teams: input.teams ?? [],
    stages: input.stages ?? [],
    verdicts: input.verdicts ?? [],
    review: input.review,
    alert: input.alert,
  };
  const wanted = {
    search: "",
    task: undefined,
    teams: [],
    stages: [],
    verdicts: [],
    review: undefined,
    alert: undefined,
    ...filter,
  };
  return JSON.stringify(active) === JSON.stringify(wanted);
}

function Counter({
  href,
  active,
  label,
  value,
  icon,
  tone,
  testId,
}: {
  href: string;
  active: boolean;
  label: ReactNode;
  value: number;
  icon: string;
  tone: string;
  testId: string;
}) {
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
          href={counterHref(input, { verdicts: [v.key] })}
          active={only(input, { verdicts: [v.key] })}
          label={v.label}
          value={counters.verdict[v.key]}
          icon={v.icon}
          tone={v.tone}
          testId={`portfolio-counter-${v.key}`}
        />
      ))}
      <Counter
        href={counterHref(input, { alert: "week" })}
        active={only(input, { alert: "week" })}
        label="Regressions this week"
        value={counters.regressionsThisWeek}
        icon="⚠"
        tone={counters.regressionsThisWeek > 0 ? "text-fail" : "text-muted-foreground"}
        testId="portfolio-counter-regressions"
      />
      <Counter
        href={counterHref(input, { review: "mine" })}
        active={only(input, { review: "mine" })}
        label="Reviews awaiting you"
        value={counters.reviewsAwaitingMe}
        icon="✎"
        tone="text-primary"
        testId="portfolio-counter-reviews"
      />
    </section>
  );
}
