import type { Db } from "../client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { type PortfolioPage, type PortfolioQuery, portfolioPage } from "./portfolio-page.ts";
import {
  ALERT_SQL,
  PORTFOLIO_ALERT_FILTERS,
  PORTFOLIO_REVIEW_FILTERS,
  PORTFOLIO_STAGES,
  PORTFOLIO_VERDICTS,
  type PortfolioAlertFilter,
  type PortfolioFilters,
  type PortfolioReviewFilter,
  type PortfolioStageFilter,
  type PortfolioVerdictFilter,
  type PortfolioViewer,
  portfolioBase,
  portfolioWhere,
  REVIEW_SQL,
} from "./portfolio-sql.ts";

/** Per facet value: the models that would match if it were picked, the other facets' filters kept. */
export interface PortfolioFacets {
  /** By team id; a team of the viewer's with no match is absent. */
  team: Record<string, number>;
  stage: Record<PortfolioStageFilter, number>;
  verdict: Record<PortfolioVerdictFilter, number>;
  review: Record<PortfolioReviewFilter, number>;
  alert: Record<PortfolioAlertFilter, number>;
}

/** The counter strip above the table: the whole portfolio of the viewer's teams, whatever the filters. */
export interface PortfolioCounters {
  models: number;
  /** Models per headline verdict (`none`: no readiness report yet). */
  verdict: Record<PortfolioVerdictFilter, number>;
  /** Models with an alert whose run or report is from the last 7 days. */
  regressionsThisWeek: number;
  /** Open reviews the viewer may decide (reviewer or admin of the team, not an author of the version). */
  reviewsAwaitingMe: number;
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** A facet's value counts over `base`: one row per (facet, value), its own filter left out. */
function valueCounts(
  facet: "review" | "alert",
  sql: Record<string, Prisma.Sql>,
  filters: PortfolioFilters,
): Prisma.Sql {
  return Prisma.join(
    Object.entries(sql).map(
      ([value, predicate]) =>
        Prisma.sql`SELECT ${facet}::text AS facet, ${value}::text AS value, count(*)::int AS n FROM base
          WHERE ${predicate} AND ${portfolioWhere(filters, facet)}`,
    ),
    " UNION ALL ",
  );
}

/**
 * Facet value counts (each reflecting the other active filters) and the counters, in ONE query
 * whatever the number of models: `base` is computed once (a CTE referenced several times is
 * materialized) and every count is an aggregate over it.
 */
export async function portfolioFacets(
  db: Db,
  viewer: PortfolioViewer,
  filters: PortfolioFilters = {},
): Promise<{ facets: PortfolioFacets; counters: PortfolioCounters }> {
  const rows = await db.$queryRaw<{ facet: string; value: string | null; n: number }[]>`
    WITH ${portfolioBase(viewer)}
    SELECT 'team' AS facet, team_id::text AS value, count(*)::int AS n FROM base
      WHERE ${portfolioWhere(filters, "team")} GROUP BY team_id
    UNION ALL
    SELECT 'stage', COALESCE(headline_stage::text, 'none'), count(*)::int FROM base
      WHERE ${portfolioWhere(filters, "stage")} GROUP BY 2
    UNION ALL
    SELECT 'verdict', COALESCE(verdict::text, 'none'), count(*)::int FROM base
      WHERE ${portfolioWhere(filters, "verdict")} GROUP BY 2
    UNION ALL ${valueCounts("review", REVIEW_SQL, filters)}
    UNION ALL ${valueCounts("alert", ALERT_SQL, filters)}
    UNION ALL
    SELECT 'counter:verdict', COALESCE(verdict::text, 'none'), count(*)::int FROM base GROUP BY 2
    UNION ALL
    SELECT 'counter:week', NULL, count(*) FILTER (WHERE alert_this_week)::int FROM base
    UNION ALL
    SELECT 'counter:awaiting', NULL, COALESCE(sum(awaiting_me), 0)::int FROM base`;
  const facets: PortfolioFacets = {
    team: {},
    stage: zeros(PORTFOLIO_STAGES),
    verdict: zeros(PORTFOLIO_VERDICTS),
    review: zeros(PORTFOLIO_REVIEW_FILTERS),
    alert: zeros(PORTFOLIO_ALERT_FILTERS),
  };
  const counters: PortfolioCounters = {
    models: 0,
    verdict: zeros(PORTFOLIO_VERDICTS),
    regressionsThisWeek: 0,
    reviewsAwaitingMe: 0,
  };
  for (const { facet, value, n } of rows) {
    if (facet === "counter:week") counters.regressionsThisWeek = n;
    else if (facet === "counter:awaiting") counters.reviewsAwaitingMe = n;
    else if (facet === "counter:verdict" && value) {
      counters.verdict[value as PortfolioVerdictFilter] = n;
      counters.models += n;
    } else if (value && facet in facets) {
      (facets[facet as keyof PortfolioFacets] as Record<string, number>)[value] = n;
    }
  }
  return { facets, counters };
}

export type PortfolioView = PortfolioPage & { facets: PortfolioFacets; counters: PortfolioCounters };

/** What the portfolio page shows: the page of rows, the facets and the counters — two queries, side by side. */
export async function portfolioView(
  db: Db,
  viewer: PortfolioViewer,
  query: PortfolioQuery = {},
): Promise<PortfolioView> {
  const now = viewer.now ?? new Date();
  const [page, side] = await Promise.all([
    portfolioPage(db, { ...viewer, now }, query),
    portfolioFacets(db, { ...viewer, now }, query),
  ]);
  return { ...page, ...side };
}
