import { Prisma } from "../generated/prisma/client.ts";
import type { Task } from "../generated/prisma/enums.ts";

/** Headline stages a filter can pick; `none`: the model has no live version. */
export const PORTFOLIO_STAGES = ["development", "candidate", "shadow", "approved", "production", "none"] as const;
export type PortfolioStageFilter = (typeof PORTFOLIO_STAGES)[number];
/** Verdicts of the headline version's latest readiness report; `none`: no report yet. */
export const PORTFOLIO_VERDICTS = ["ready", "not_ready", "insufficient_evidence", "none"] as const;
export type PortfolioVerdictFilter = (typeof PORTFOLIO_VERDICTS)[number];
/** `open`: an open review on any version; `none`: no open review; `mine`: one the viewer may decide. */
export const PORTFOLIO_REVIEW_FILTERS = ["open", "none", "mine"] as const;
export type PortfolioReviewFilter = (typeof PORTFOLIO_REVIEW_FILTERS)[number];
/** `any`: at least one alert; `week`: an alert whose run or report is from the last 7 days; `none`: no alert. */
export const PORTFOLIO_ALERT_FILTERS = ["any", "week", "none"] as const;
export type PortfolioAlertFilter = (typeof PORTFOLIO_ALERT_FILTERS)[number];

export const REGRESSION_WINDOW_DAYS = 7;

/** The facets of the portfolio sidebar (team, stage, verdict: any of several values; review, alert: one). */
export interface PortfolioFilters {
  search?: string;
  task?: Task;
  teams?: readonly string[];
  stages?: readonly PortfolioStageFilter[];
  verdicts?: readonly PortfolioVerdictFilter[];
  review?: PortfolioReviewFilter;
  alert?: PortfolioAlertFilter;
}

export type PortfolioFacet = "team" | "stage" | "verdict" | "review" | "alert";

/** Who looks: their teams (the only models shown), their user id (reviews awaiting them) and the clock. */
export interface PortfolioViewer {
  teamIds: readonly string[];
  /** Without it no review is "awaiting me". */
  userId?: string;
  /** "This week" ends here; defaults to the current time. */
  now?: Date;
}

const empty = Prisma.sql`TRUE`;

/**
 * Every model of the viewer's teams with what filters, facets, sorts and alerts need, computed in
 * SQL a few index lookups per model: headline version (production, else the newest live one),
 * its latest two readiness reports, its latest finished benchmark run with the key metric, the
 * previous run's lower bound on the same benchmark, open reviews and those the viewer may decide
 * (a reviewer or admin of the team who neither created nor last changed the version: four-eyes).
 * Alert flags and `alert_at` (the newest evidence behind an alert) come last.
 */
export function portfolioBase(viewer: PortfolioViewer): Prisma.Sql {
  const userId = viewer.userId ?? "";
  const since = new Date((viewer.now ?? new Date()).getTime() - REGRESSION_WINDOW_DAYS * 86_400_000).toISOString();
  return Prisma.sql`
    m AS (
      SELECT m.id, m.name, m.task, m."teamId" AS team_id, t.name AS team_name,
        CASE m.task WHEN 'binary_classification' THEN 'roc_auc' WHEN 'multiclass_classification' THEN 'macro_f1' ELSE 'r2' END AS key_metric
      FROM model m JOIN team t ON t.id = m."teamId"
      WHERE m."teamId" = ANY(${[...viewer.teamIds]}::uuid[])
    ),
    -- Open reviews per model, in one pass over the teams' open reviews (not one scan per model).
    rq AS (
      SELECT v2."modelId" AS model_id, count(*)::int AS open_reviews,
        (count(*) FILTER (WHERE ms.role::text IN ('reviewer', 'admin')
          AND v2."createdById" <> ${userId} AND v2."lastChangedById" <> ${userId}))::int AS awaiting_me
      FROM review rv
      JOIN model_version v2 ON v2.id = rv."modelVersionId"
      JOIN model m2 ON m2.id = v2."modelId"
      LEFT JOIN membership ms ON ms."teamId" = m2."teamId" AND ms."userId" = ${userId}
      WHERE rv.status = 'requested' AND m2."teamId" = ANY(${[...viewer.teamIds]}::uuid[])
      GROUP BY v2."modelId"
    ),
    s AS (
      SELECT m.*, h.id AS headline_id, h.version AS headline_version, h.stage AS headline_stage,
        rr.id AS report_id, rr.verdict, rr."createdAt" AS report_at, rr.gap_fails, rr.previous_verdict,
        CASE rr.verdict WHEN 'ready' THEN 2 WHEN 'insufficient_evidence' THEN 1 WHEN 'not_ready' THEN 0 END AS verdict_rank,
        lr.id AS run_id, lr.status::text AS run_status, lr."finishedAt" AS finished_at, lr."benchmarkId" AS benchmark_id,
        COALESCE(lr."finishedAt", lr."createdAt") AS run_at,
        mv.value AS metric_value, mv.lower AS metric_lower, mv.upper AS metric_upper,
        pr.lower AS previous_lower,
        COALESCE(rq.open_reviews, 0) AS open_reviews, COALESCE(rq.awaiting_me, 0) AS awaiting_me
      FROM m
      LEFT JOIN LATERAL (
        SELECT v.id, v.version, v.stage FROM model_version v
        WHERE v."modelId" = m.id AND v.stage <> 'retired'
        ORDER BY (v.stage = 'production') DESC, v."createdAt" DESC, v.id DESC LIMIT 1
      ) h ON true
      LEFT JOIN LATERAL (
        SELECT r.id, r.verdict, r."createdAt",
          r.gates @> '[{"kind": "gap", "status": "fail"}]'::jsonb AS gap_fails,
          (SELECT r2.verdict FROM readiness_report r2 WHERE r2."modelVersionId" = h.id
            ORDER BY r2."createdAt" DESC, r2.id DESC OFFSET 1 LIMIT 1) AS previous_verdict
        FROM readiness_report r WHERE r."modelVersionId" = h.id
        ORDER BY r."createdAt" DESC, r.id DESC LIMIT 1
      ) rr ON true
      LEFT JOIN LATERAL (
        SELECT r.id, r.status, r."createdAt", r."finishedAt", r."benchmarkId" FROM evaluation_run r
        WHERE r."modelVersionId" = h.id AND r.kind = 'benchmark' AND r.status IN ('succeeded', 'failed')
        ORDER BY r."createdAt" DESC, r.id DESC LIMIT 1
      ) lr ON true
      -- LATERAL keeps this an index lookup per model (a plain join invites a hash over every metric value).
      LEFT JOIN LATERAL (
        SELECT mv.value, mv.lower, mv.upper FROM metric_value mv
        WHERE mv."runId" = lr.id AND mv."modelVersionId" = h.id AND mv.metric = m.key_metric AND mv.slice = ''
        LIMIT 1
      ) mv ON true
      LEFT JOIN LATERAL (
        SELECT mv2.lower FROM evaluation_run r
        JOIN metric_value mv2 ON mv2."runId" = r.id AND mv2."modelVersionId" = r."modelVersionId"
          AND mv2.metric = m.key_metric AND mv2.slice = ''
        WHERE r."modelVersionId" = h.id AND r.kind = 'benchmark' AND r.status = 'succeeded'
          AND r."benchmarkId" = lr."benchmarkId" AND r.id <> lr.id
        ORDER BY r."createdAt" DESC LIMIT 1
      ) pr ON lr.status = 'succeeded'
      LEFT JOIN rq ON rq.model_id = m.id
    ),
    b AS (
      SELECT s.*,
        COALESCE(s.run_status = 'failed', false) AS alert_failed,
        COALESCE(s.run_status = 'succeeded' AND s.metric_upper < s.previous_lower, false) AS alert_fell,
        COALESCE(s.gap_fails, false) AS alert_gap,
        -- Lost readiness. Insufficient evidence to not ready is evidence arriving, not a regression.
        COALESCE(s.previous_verdict = 'ready' AND s.verdict <> 'ready', false) AS alert_worse
      FROM s
    ),
    base AS (
      SELECT b.*,
        (alert_failed OR alert_fell OR alert_gap OR alert_worse) AS has_alert,
        GREATEST(
          CASE WHEN alert_failed OR alert_fell THEN run_at END,
          CASE WHEN alert_gap OR alert_worse THEN report_at END
        ) >= (${since}::timestamptz AT TIME ZONE 'UTC') AS alert_this_week
      FROM b
    )`;
}

/** The WHERE clause over `base` for `filters`, leaving out one facet's own filter (standard faceting). */
export function portfolioWhere(filters: PortfolioFilters, except?: PortfolioFacet): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  const search = (filters.search ?? "").trim().slice(0, 200);
  if (search) {
    parts.push(Prisma.sql`name ILIKE ${`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  }
  if (filters.task) parts.push(Prisma.sql`task::text = ${filters.task}`);
  if (except !== "team" && filters.teams?.length) {
    parts.push(Prisma.sql`team_id::text = ANY(${[...filters.teams]}::text[])`);
  }
  if (except !== "stage" && filters.stages?.length) {
    parts.push(Prisma.sql`COALESCE(headline_stage::text, 'none') = ANY(${[...filters.stages]}::text[])`);
  }
  if (except !== "verdict" && filters.verdicts?.length) {
    parts.push(Prisma.sql`COALESCE(verdict::text, 'none') = ANY(${[...filters.verdicts]}::text[])`);
  }
  if (except !== "review" && filters.review) parts.push(REVIEW_SQL[filters.review]);
  if (except !== "alert" && filters.alert) parts.push(ALERT_SQL[filters.alert]);
  return parts.length === 0 ? empty : Prisma.join(parts, " AND ");
}

export const REVIEW_SQL: Record<PortfolioReviewFilter, Prisma.Sql> = {
  open: Prisma.sql`open_reviews > 0`,
  none: Prisma.sql`open_reviews = 0`,
  mine: Prisma.sql`awaiting_me > 0`,
};

export const ALERT_SQL: Record<PortfolioAlertFilter, Prisma.Sql> = {
  any: Prisma.sql`has_alert`,
  week: Prisma.sql`COALESCE(alert_this_week, false)`,
  none: Prisma.sql`NOT has_alert`,
};
