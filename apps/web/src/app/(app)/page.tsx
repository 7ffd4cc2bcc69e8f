import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "~/components/ui/button";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { EmptyState, PageHeader, tableClass, tdClass, thClass } from "~/components/ui/section";
import { DemoLoadBanner } from "~/features/demo/demo-load-banner";
import { EVIDENCE_LABEL, evidenceHref } from "~/features/portfolio/evidence-href";
import { PortfolioCounters } from "~/features/portfolio/portfolio-counters";
import { PortfolioFacets } from "~/features/portfolio/portfolio-facets";
import {
  clearedHref,
  isFiltered,
  portfolioHref,
  portfolioInput,
  sortHref,
  trendDomains,
} from "~/features/portfolio/portfolio-params";
import { Sparkline } from "~/features/portfolio/sparkline";
import { VerdictPill } from "~/features/readiness/readiness-status";
import { LocalTime } from "~/features/shared/local-time";
import { TimeWithRelative } from "~/features/shared/time-with-relative";
import { formatCount, formatMetric } from "~/lib/format";
import { api } from "~/server/api/caller";

export const metadata: Metadata = { title: "Portfolio" };

const TASK_LABEL = {
  binary_classification: "binary",
  multiclass_classification: "multiclass",
  regression: "regression",
} as const;

/**
 * Portfolio: counters, a faceted filter sidebar and every model of the viewer's teams, one page at
 * a time, sorted and filtered in the database (state in the URL). e2e: link register-model,
 * counters portfolio-counters (portfolio-counter-<verdict|regressions|reviews>), sidebar
 * portfolio-facets (facet-<facet>-<value>), table portfolio-table (rows portfolio-row with
 * data-model, alerts portfolio-alert), empty states portfolio-empty / portfolio-no-match, pager
 * portfolio-pager.
 */
export default async function PortfolioPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const input = portfolioInput(await searchParams);
  const caller = await api();
  const [portfolio, teams] = await Promise.all([caller.model.portfolio(input), caller.team.list()]);
  const { rows, total, page, pageSize, facets, counters } = portfolio;
  const domains = trendDomains(rows);
  const filtered = isFiltered(input);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const header = (label: string, sort: Parameters<typeof sortHref>[1], align = "") => {
    const active = input.sort === sort;
    const dir = input.dir ?? (sort === "name" || sort === "team" ? "asc" : "desc");
    return (
      <th className={`${thClass} ${align}`} aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"}>
        <Link href={sortHref(input, sort)} className="hover:text-foreground hover:underline">
          {label}
          {active && <span aria-hidden> {dir === "asc" ? "↑" : "↓"}</span>}
        </Link>
      </th>
    );
  };
  return (
    <>
      <DemoLoadBanner />
      <PageHeader
        title="Portfolio"
        description={`Models of ${teams.length === 1 ? "your team" : `your ${teams.length} teams`}: where each stands, its key metric over time, and what needs a look.`}
        actions={
          teams.length > 0 && (
            <Link href="/models/new" className={buttonClass("primary")} data-testid="register-model">
              Register model
            </Link>
          )
        }
      />
      {teams.length === 0 ? (
        <EmptyState title="You are not in a team yet" testId="portfolio-empty">
          Ask a team admin to add you; models, datasets and runs belong to teams.
        </EmptyState>
      ) : counters.models === 0 ? (
        <EmptyState title="No models yet" testId="portfolio-empty">
          <p>
            <Link className="text-primary underline" href="/models/new">
              Register a model
            </Link>
            , then{" "}
            <Link className="text-primary underline" href="/datasets">
              upload a labelled dataset
            </Link>{" "}
            and define a benchmark to evaluate its versions.
          </p>
        </EmptyState>
      ) : (
        <>
          <PortfolioCounters input={input} counters={counters} />
          <div className="grid gap-4 lg:grid-cols-[13rem_minmax(0,1fr)]">
            <PortfolioFacets input={input} facets={facets} teams={teams} />
            <div className="flex min-w-0 flex-col gap-3">
              <form method="get" action="/" className="flex flex-wrap items-end gap-2" aria-label="Search models">
                {input.sort !== "name" && <input type="hidden" name="sort" value={input.sort} />}
                {input.dir && <input type="hidden" name="dir" value={input.dir} />}
                {/* The sidebar's facets survive a new search. */}
                {input.teams?.length ? <input type="hidden" name="team" value={input.teams.join(",")} /> : null}
                {input.stages?.length ? <input type="hidden" name="stage" value={input.stages.join(",")} /> : null}
                {input.verdicts?.length ? (
                  <input type="hidden" name="verdict" value={input.verdicts.join(",")} />
                ) : null}
                {input.review && <input type="hidden" name="review" value={input.review} />}
                {input.alert && <input type="hidden" name="alert" value={input.alert} />}
                <label className="flex flex-col gap-1 text-xs font-medium">
                  Search
                  <input
                    name="q"
                    defaultValue={input.search}
                    placeholder="Model name"
                    className="h-8 w-56 rounded-md border bg-surface px-2 text-sm"
                    data-testid="portfolio-search"
                  />
                </label>
                <label className="flex flex-col gap-1 text-xs font-medium">
                  Task
                  <select
                    name="task"
                    defaultValue={input.task ?? ""}
                    className="h-8 rounded-md border bg-surface px-2 text-sm"
                    data-testid="portfolio-task"
                  >
                    <option value="">Any task</option>
                    <option value="binary_classification">Binary classification</option>
                    <option value="multiclass_classification">Multiclass classification</option>
                    <option value="regression">Regression</option>
                  </select>
                </label>
                <button type="submit" className={buttonClass("secondary")}>
                  Apply
                </button>
                {filtered && (
                  <Link href={clearedHref(input)} className={buttonClass("ghost")}>
                    Clear
                  </Link>
                )}
                <span className="ml-auto text-xs text-muted-foreground" data-testid="portfolio-count">
                  {formatCount(total)} {total === 1 ? "model" : "models"}
                </span>
              </form>
              {rows.length === 0 && total > 0 ? (
                <EmptyState title="This page is past the end of the list" testId="portfolio-past-end">
                  <Link className="text-primary underline" href={portfolioHref(input, { page: 1 })}>
                    Go to the first page
                  </Link>
                  .
                </EmptyState>
              ) : rows.length === 0 ? (
                <EmptyState title="No model matches" testId="portfolio-no-match">
                  Change the search or the filters, or{" "}
                  <Link className="text-primary underline" href="/">
                    show every model
                  </Link>
                  .
                </EmptyState>
              ) : (
                <ScrollRegion label="Models" className="rounded-lg border bg-surface">
                  <table className={tableClass} data-testid="portfolio-table">
                    <thead className="sticky top-0 bg-surface">
                      <tr>
                        {header("Model", "name")}
                        {header("Team", "team")}
                        <th className={thClass}>Live versions</th>
                        {header("Readiness", "readiness")}
                        {header("Key metric", "metric", "text-right")}
                        <th className={`${thClass} text-right`}>Gap</th>
                        {header("Open reviews", "reviews", "text-right")}
                        {header("Last evaluated", "evaluated")}
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((m) => (
                        <tr
                          key={m.id}
                          data-testid="portfolio-row"
                          data-model={m.name}
                          className="hover:bg-surface-muted/60"
                        >
                          <td className={tdClass}>
                            <Link href={`/models/${m.id}`} className="font-medium text-primary hover:underline">
                              {m.name}
                            </Link>
                            <div className="text-xs text-muted-foreground">{TASK_LABEL[m.task]}</div>
                            {m.alerts.map((a) => (
                              <div key={a.kind} className="text-xs" data-testid="portfolio-alert" data-kind={a.kind}>
                                <Link
                                  href={evidenceHref(m.id, a.evidence)}
                                  className="text-fail hover:underline"
                                  title={EVIDENCE_LABEL[a.evidence.kind]}
                                >
                                  <span aria-hidden>⚠ </span>
                                  {a.message}
                                  <span className="sr-only"> — {EVIDENCE_LABEL[a.evidence.kind]}</span>
                                </Link>
                                {a.at && (
                                  <span className="text-muted-foreground">
                                    {" "}
                                    · <LocalTime value={a.at} />
                                  </span>
                                )}
                              </div>
                            ))}
                          </td>
                          <td className={tdClass}>{m.team.name}</td>
                          <td className={tdClass}>
                            <span className="flex flex-wrap gap-1">
                              {m.liveVersions.length === 0 ? (
                                <span className="text-muted-foreground">none</span>
                              ) : (
                                m.liveVersions.slice(0, 3).map((v) => (
                                  <span key={v.id} className="rounded-full border px-2 py-0.5 text-xs">
                                    {v.version} <span className="text-muted-foreground">{v.stage}</span>
                                  </span>
                                ))
                              )}
                              {m.liveVersions.length > 3 && (
                                <span className="text-xs text-muted-foreground">+{m.liveVersions.length - 3}</span>
                              )}
                            </span>
                          </td>
                          <td className={tdClass}>
                            {m.readiness ? (
                              <VerdictPill verdict={m.readiness} />
                            ) : (
                              <span className="text-xs text-muted-foreground">not judged yet</span>
                            )}
                          </td>
                          <td className={`${tdClass} tabular text-right whitespace-nowrap`}>
                            <Sparkline values={m.metric.trend} domain={domains.get(m.metric.name)} />{" "}
                            {m.metric.value === null ? (
                              <span className="text-muted-foreground">—</span>
                            ) : (
                              <>
                                <span className="font-medium">{formatMetric(m.metric.value)}</span>
                                {m.metric.interval && (
                                  <span className="text-xs text-muted-foreground">
                                    {" "}
                                    ±{formatMetric((m.metric.interval[1] - m.metric.interval[0]) / 2)}
                                  </span>
                                )}
                              </>
                            )}
                            <div className="text-xs text-muted-foreground">
                              {m.metric.name}
                              {m.headline ? ` · ${m.headline.version}` : ""}
                              {m.metric.trend.length > 1 ? ` · ${m.metric.trend.length} runs` : ""}
                            </div>
                          </td>
                          <td className={`${tdClass} tabular text-right`}>
                            {m.gap === null ? <span className="text-muted-foreground">—</span> : formatMetric(m.gap)}
                          </td>
                          <td className={`${tdClass} tabular text-right`}>
                            {m.openReviews > 0 ? (
                              <Link href="/reviews" className="text-primary hover:underline">
                                {m.openReviews}
                              </Link>
                            ) : (
                              <span className="text-muted-foreground">0</span>
                            )}
                          </td>
                          <td className={`${tdClass} text-muted-foreground`}>
                            {m.lastEvaluatedAt ? <TimeWithRelative value={m.lastEvaluatedAt} /> : "—"}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollRegion>
              )}
              {pages > 1 && rows.length > 0 && (
                <nav aria-label="Pages" className="flex items-center gap-2 text-sm" data-testid="portfolio-pager">
                  {page > 1 ? (
                    <Link href={portfolioHref(input, { page: page - 1 })} className={buttonClass("secondary")}>
                      Previous
                    </Link>
                  ) : null}
                  <span className="text-muted-foreground">
                    Page {page} of {pages}
                  </span>
                  {page < pages ? (
                    <Link href={portfolioHref(input, { page: page + 1 })} className={buttonClass("secondary")}>
                      Next
                    </Link>
                  ) : null}
                </nav>
              )}
            </div>
          </div>
        </>
      )}
    </>
  );
}
