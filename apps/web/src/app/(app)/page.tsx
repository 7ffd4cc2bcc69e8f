import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "~/components/ui/button";
import { EmptyState, PageHeader, tableClass, tdClass, thClass } from "~/components/ui/section";
import { StatusBadge } from "~/components/ui/status-badge";
import { LocalTime } from "~/features/shared/local-time";
import { formatMetric } from "~/lib/format";
import { api } from "~/server/api/caller";

export const metadata: Metadata = { title: "Portfolio" };

/**
 * Portfolio. e2e: link "Register model" (data-testid="register-model"), table
 * data-testid="portfolio-table" with one row per model (data-testid="portfolio-row"),
 * empty state data-testid="portfolio-empty".
 */
export default async function PortfolioPage() {
  const caller = await api();
  const [models, teams] = await Promise.all([caller.model.list(), caller.team.list()]);
  return (
    <>
      <PageHeader
        title="Portfolio"
        description={`Models of ${teams.length === 1 ? "your team" : `your ${teams.length} teams`}, with their latest run.`}
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
      ) : models.length === 0 ? (
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
        <div className="overflow-x-auto rounded-lg border bg-surface">
          <table className={tableClass} data-testid="portfolio-table">
            <thead className="sticky top-0 bg-surface">
              <tr>
                <th className={thClass}>Model</th>
                <th className={thClass}>Team</th>
                <th className={thClass}>Task</th>
                <th className={`${thClass} text-right`}>Versions</th>
                <th className={thClass}>Latest run</th>
                <th className={`${thClass} text-right`}>roc_auc</th>
                <th className={thClass}>Last evaluated</th>
              </tr>
            </thead>
            <tbody>
              {models.map((m) => (
                <tr key={m.id} data-testid="portfolio-row" className="hover:bg-surface-muted/60">
                  <td className={tdClass}>
                    <Link href={`/models/${m.id}`} className="font-medium text-primary hover:underline">
                      {m.name}
                    </Link>
                  </td>
                  <td className={tdClass}>{m.team.name}</td>
                  <td className={`${tdClass} text-muted-foreground`}>{m.task.replaceAll("_", " ")}</td>
                  <td className={`${tdClass} tabular text-right`}>{m.versionCount}</td>
                  <td className={tdClass}>
                    {m.latestRun ? (
                      <Link href={`/runs/${m.latestRun.id}`} className="inline-flex items-center gap-2">
                        <StatusBadge status={m.latestRun.status} />
                        <span className="text-xs text-muted-foreground">{m.latestRun.version}</span>
                      </Link>
                    ) : (
                      <span className="text-muted-foreground">no runs</span>
                    )}
                  </td>
                  <td className={`${tdClass} tabular text-right`}>{formatMetric(m.latestRun?.rocAuc)}</td>
                  <td className={`${tdClass} text-muted-foreground`}>
                    {m.latestRun ? <LocalTime value={m.latestRun.createdAt} /> : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
