import Link from "next/link";
import { cn } from "~/components/ui/cn";
import { formatCount } from "~/lib/format";
import type { RouterOutputs } from "~/server/api/root";
import {
  ALERT_FILTERS,
  type AlertFilter,
  clearedHref,
  isFiltered,
  type PortfolioInput,
  pickHref,
  REVIEW_FILTERS,
  type ReviewFilter,
  STAGE_FILTERS,
  type StageFilter,
  toggleHref,
  VERDICT_FILTERS,
  type VerdictFilter,
} from "./portfolio-params";

type Facets = RouterOutputs["model"]["portfolio"]["facets"];

const STAGE_LABEL: Record<StageFilter, string> = {
  production: "Production",
  approved: "Approved",
  shadow: "Shadow",
  candidate: "Candidate",
  development: "Development",
  none: "No live version",
};
const VERDICT_LABEL: Record<VerdictFilter, string> = {
  ready: "Ready",
  not_ready: "Not ready",
  insufficient_evidence: "Insufficient evidence",
  none: "No report",
};
const REVIEW_LABEL: Record<ReviewFilter, string> = {
  mine: "Awaiting you",
  open: "Has an open review",
  none: "No open review",
};
const ALERT_LABEL: Record<AlertFilter, string> = {
  week: "Alert this week",
  any: "Has an alert",
  none: "No alert",
};

function Value({
  href,
  checked,
  label,
  count,
  single,
  testId,
}: {
  href: string;
  checked: boolean;
  label: string;
  count: number;
  single?: boolean;
  testId: string;
}) {
  return (
    <li>
      <Link
        href={href}
        aria-current={checked ? "true" : undefined}
        data-testid={testId}
        className={cn(
          "flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-surface-muted",
          checked && "bg-surface-muted font-medium",
          count === 0 && !checked && "text-muted-foreground",
        )}
      >
        <span aria-hidden className="w-3 text-xs text-primary">
          {single ? (checked ? "●" : "○") : checked ? "☑" : "☐"}
        </span>
        <span className="min-w-0 flex-1 truncate">{label}</span>
        {checked && <span className="sr-only">(selected)</span>}
        <span className="tabular text-xs text-muted-foreground">{formatCount(count)}</span>
      </Link>
    </li>
  );
}

function Group({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div>
      <h3 className="mb-1 px-2 text-xs font-medium text-muted-foreground">{title}</h3>
      <ul className="flex flex-col">{children}</ul>
    </div>
  );
}

/**
 * The faceted filter sidebar (UI.md, Langfuse): team, headline stage, verdict, open review,
 * alert, each value with the number of models it would show given the other active filters
 * (counted in the database). Values combine with OR within team, stage and verdict, and with AND
 * across facets; every link is a URL (the state lives there).
 */
export function PortfolioFacets({
  input,
  facets,
  teams,
}: {
  input: PortfolioInput;
  facets: Facets;
  teams: { id: string; name: string }[];
}) {
  return (
    <nav aria-label="Filters" className="flex flex-col gap-4" data-testid="portfolio-facets">
      <Group title="Team">
        {teams.map((t) => (
          <Value
            key={t.id}
            href={toggleHref(input, "teams", t.id)}
            checked={input.teams?.includes(t.id) ?? false}
            label={t.name}
            count={facets.team[t.id] ?? 0}
            testId="facet-team"
          />
        ))}
      </Group>
      <Group title="Stage (headline version)">
        {STAGE_FILTERS.map((s) => (
          <Value
            key={s}
            href={toggleHref(input, "stages", s)}
            checked={input.stages?.includes(s) ?? false}
            label={STAGE_LABEL[s]}
            count={facets.stage[s]}
            testId={`facet-stage-${s}`}
          />
        ))}
      </Group>
      <Group title="Verdict">
        {VERDICT_FILTERS.map((v) => (
          <Value
            key={v}
            href={toggleHref(input, "verdicts", v)}
            checked={input.verdicts?.includes(v) ?? false}
            label={VERDICT_LABEL[v]}
            count={facets.verdict[v]}
            testId={`facet-verdict-${v}`}
          />
        ))}
      </Group>
      <Group title="Reviews">
        {REVIEW_FILTERS.map((r) => (
          <Value
            key={r}
            single
            href={pickHref(input, "review", r)}
            checked={input.review === r}
            label={REVIEW_LABEL[r]}
            count={facets.review[r]}
            testId={`facet-review-${r}`}
          />
        ))}
      </Group>
      <Group title="Alerts">
        {ALERT_FILTERS.map((a) => (
          <Value
            key={a}
            single
            href={pickHref(input, "alert", a)}
            checked={input.alert === a}
            label={ALERT_LABEL[a]}
            count={facets.alert[a]}
            testId={`facet-alert-${a}`}
          />
        ))}
      </Group>
      {isFiltered(input) && (
        <Link href={clearedHref(input)} className="px-2 text-xs text-primary hover:underline">
          Clear all filters
        </Link>
      )}
    </nav>
  );
}
