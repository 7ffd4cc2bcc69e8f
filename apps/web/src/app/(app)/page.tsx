import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "~/components/ui/button";
import { EmptyState, PageHeader, tableClass, tdClass, thClass } from "~/components/ui/section";
import { portfolioHref, portfolioInput, sortHref, trendDomains } from "~/features/portfolio/portfolio-params";
import { Sparkline } from "~/features/portfolio/sparkline";
import { VerdictPill } from "~/features/readiness/readiness-status";
import { LocalTime } from "~/features/shared/local-time";
import { formatCount, formatMetric } from "~/lib/format";
import { api } from "~/server/api/caller";

export const metadata: Metadata = { title: "Portfolio" };

const TASK_LABEL = {
  binary_classification: "binary",
  multiclass_classification: "multiclass",
  regression: "regression",
} as const;

/**
 * Portfolio: every model of the viewer's teams, one page at a time, sorted and filtered in the
 * database (state in the URL). e2e: link register-model, table portfolio-table (rows portfolio-row
 * with data-model), empty states portfolio-empty / portfolio-no-match, pager portfolio-pager.
 */
export default async function PortfolioPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const input = portfolioInput(await searchParams);
  const caller = await api();
  const [portfolio, teams] = await Promise.all([caller.model.portfolio(input), caller.team.list()]);
  const { rows, total, page, pageSize } = portfolio;
  const domains = trendDomains(rows);
  const filtered = Boolean(input.search || input.task);
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
      ) : total === 0 && !filtered ? (
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
        <div className="flex flex-col gap-3">
          <form method="get" action="/" className="flex flex-wrap items-end gap-2" aria-label="Filter models">
            {input.sort !== "name" && <input type="hidden" name="sort" value={input.sort} />}
            {input.dir && <input type="hidden" name="dir" value={input.dir} />}
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
              <Link
                href={portfolioHref(input, { search: "", page: 1, task: undefined })}
                className={buttonClass("ghost")}
              >
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
              Change the search or the task filter, or{" "}
              <Link className="text-primary underline" href="/">
                show every model
              </Link>
              .
            </EmptyState>
          ) : (
            <div className="overflow-x-auto rounded-lg border bg-surface">
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
                          <div key={a} className="text-xs text-fail" data-testid="portfolio-alert">
                            <span aria-hidden>⚠ </span>
                            {a}
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
                        {m.lastEvaluatedAt ? <LocalTime value={m.lastEvaluatedAt} /> : "—"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
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
      )}
    </>
  );
}
