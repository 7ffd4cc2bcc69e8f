import type { Db } from "../client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { ReadinessVerdict, Stage, Task } from "../generated/prisma/enums.ts";
import { type PortfolioFilters, type PortfolioViewer, portfolioBase, portfolioWhere } from "./portfolio-sql.ts";

/** The metric each task's portfolio row shows and sorts by (the default policy's headline metric). */
export const KEY_METRIC: Record<Task, string> = {
  binary_classification: "roc_auc",
  multiclass_classification: "macro_f1",
  regression: "r2",
};

export const PORTFOLIO_SORTS = ["name", "team", "metric", "readiness", "evaluated", "reviews"] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];

export interface PortfolioQuery extends PortfolioFilters {
  sort?: PortfolioSort;
  dir?: "asc" | "desc";
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export type PortfolioAlertKind = "run_failed" | "metric_fell" | "gap_gate_failed" | "verdict_worsened";

/** Where an alert's evidence is: a run, a shadow evaluation, or the version's readiness panel. */
export type PortfolioEvidence =
  | { kind: "run"; runId: string }
  | { kind: "shadow"; shadowEvaluationId: string }
  | { kind: "readiness"; modelVersionId: string };

export interface PortfolioAlert {
  kind: PortfolioAlertKind;
  message: string;
  /** When the evidence behind it was produced (the run finished, the report was written). */
  at: Date | null;
  evidence: PortfolioEvidence;
}

export interface PortfolioRow {
  id: string;
  name: string;
  task: Task;
  team: { id: string; name: string };
  /** Every version not retired, production first. */
  liveVersions: { id: string; version: string; stage: Stage }[];
  /** The version the row speaks for: production, else the newest live version. */
  headline: { id: string; version: string; stage: Stage } | null;
  readiness: ReadinessVerdict | null;
  metric: {
    name: string;
    value: number | null;
    interval: [number, number] | null;
    runId: string | null;
    /** The headline version's last (up to) 12 values on the latest run's benchmark, oldest first. */
    trend: number[];
  };
  /** benchmark − shadow of the latest readiness report's gap gate (the first by id), when it has one. */
  gap: number | null;
  openReviews: number;
  lastEvaluatedAt: Date | null;
  /**
   * Regressions worth a look, about the headline version: its latest benchmark run failed; the key
   * metric fell below the previous run's interval (same benchmark); the latest readiness report's
   * field gap gate fails; the version lost readiness (the previous report said ready, the latest does not).
   */
  alerts: PortfolioAlert[];
  /** An alert's evidence is from the last 7 days ("regressions this week"). */
  alertThisWeek: boolean;
}

export interface PortfolioPage {
  rows: PortfolioRow[];
  total: number;
  page: number;
  pageSize: number;
}

// ORDER BY per sort key, NULLs last whichever the direction (fixed SQL, never from the client).
const ORDER: Record<PortfolioSort, { asc: string; desc: string }> = {
  name: { asc: "name ASC, id ASC", desc: "name DESC, id DESC" },
  team: { asc: "team_name ASC, name ASC, id ASC", desc: "team_name DESC, name ASC, id ASC" },
  metric: {
    asc: "metric_value ASC NULLS LAST, name ASC, id ASC",
    desc: "metric_value DESC NULLS LAST, name ASC, id ASC",
  },
  readiness: {
    asc: "verdict_rank ASC NULLS LAST, name ASC, id ASC",
    desc: "verdict_rank DESC NULLS LAST, name ASC, id ASC",
  },
  evaluated: {
    asc: "finished_at ASC NULLS LAST, name ASC, id ASC",
    desc: "finished_at DESC NULLS LAST, name ASC, id ASC",
  },
  reviews: {
    asc: "open_reviews ASC, name ASC, id ASC",
    desc: "open_reviews DESC, name ASC, id ASC",
  },
};

interface RawRow {
  id: string;
  name: string;
  task: Task;
  team_id: string;
  team_name: string;
  headline_id: string | null;
  headline_version: string | null;
  headline_stage: Stage | null;
  verdict: ReadinessVerdict | null;
  previous_verdict: ReadinessVerdict | null;
  report_at: Date | null;
  metric_value: number | null;
  metric_lower: number | null;
  metric_upper: number | null;
  run_id: string | null;
  run_status: string | null;
  run_at: Date | null;
  finished_at: Date | null;
  open_reviews: number;
  total: number;
  live_versions: { id: string; version: string; stage: Stage }[] | null;
  trend: number[] | null;
  gap: number | null;
  shadow_id: string | null;
  alert_failed: boolean;
  alert_fell: boolean;
  alert_gap: boolean;
  alert_worse: boolean;
  alert_this_week: boolean | null;
}

/**
 * One page of the portfolio: every model of the viewer's teams, filtered (search, task and the
 * sidebar's facets), sorted (by the key metric, readiness, … across all models, not just the
 * page) and paged in the database, in ONE query whatever the number of models. Sort and filter
 * keys, alert flags included, are computed for every model (a few index lookups each); trend,
 * gap, live versions and evidence links only for the page's rows.
 */
export async function portfolioPage(
  db: Db,
  viewer: PortfolioViewer,
  query: PortfolioQuery = {},
): Promise<PortfolioPage> {
  const sort = query.sort ?? "name";
  const dir = query.dir ?? (sort === "name" || sort === "team" ? "asc" : "desc");
  const pageSize = Math.min(200, Math.max(1, Math.floor(query.pageSize ?? 50)));
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const order = Prisma.raw(ORDER[sort][dir]);
  const rows = await db.$queryRaw<RawRow[]>`
    WITH ${portfolioBase(viewer)},
    p AS (
      SELECT base.*, count(*) OVER ()::int AS total FROM base WHERE ${portfolioWhere(query)} ORDER BY ${order}
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}
    )
    SELECT p.id, p.name, p.task, p.team_id, p.team_name, p.headline_id, p.headline_version, p.headline_stage,
      p.verdict, p.previous_verdict, p.report_at, p.metric_value, p.metric_lower, p.metric_upper, p.run_id,
      p.run_status, p.run_at, p.finished_at, p.open_reviews, p.total,
      p.alert_failed, p.alert_fell, p.alert_gap, p.alert_worse, p.alert_this_week,
      (SELECT json_agg(json_build_object('id', v.id, 'version', v.version, 'stage', v.stage)
          ORDER BY (v.stage = 'production') DESC, v."createdAt" DESC)
        FROM model_version v WHERE v."modelId" = p.id AND v.stage <> 'retired') AS live_versions,
      (SELECT array_agg(t.value ORDER BY t.at) FROM (
          SELECT mv.value, r."createdAt" AS at FROM evaluation_run r
          JOIN metric_value mv ON mv."runId" = r.id AND mv."modelVersionId" = r."modelVersionId"
            AND mv.metric = p.key_metric AND mv.slice = ''
          WHERE r."modelVersionId" = p.headline_id AND r.kind = 'benchmark' AND r.status = 'succeeded'
            AND r."benchmarkId" = p.benchmark_id
          ORDER BY r."createdAt" DESC LIMIT 12) t) AS trend,
      (SELECT (g->>'observed')::float8
        FROM readiness_report r, jsonb_array_elements(r.gates) g
        WHERE r.id = p.report_id AND g->>'kind' = 'gap' ORDER BY g->>'id' LIMIT 1) AS gap,
      (SELECT se.id FROM shadow_evaluation_version sv JOIN shadow_evaluation se ON se.id = sv."shadowEvaluationId"
        WHERE p.alert_gap AND sv."modelVersionId" = p.headline_id
        ORDER BY se."createdAt" DESC, se.id DESC LIMIT 1) AS shadow_id
    FROM p ORDER BY ${order}`;
  return {
    rows: rows.map(rowOf),
    total: rows[0]?.total ?? (page === 1 ? 0 : await countOnly(db, viewer, query)),
    page,
    pageSize,
  };
}

/** The total when the page is past the end (no row carries it). */
async function countOnly(db: Db, viewer: PortfolioViewer, filters: PortfolioFilters) {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    WITH ${portfolioBase(viewer)} SELECT count(*)::int AS n FROM base WHERE ${portfolioWhere(filters)}`;
  return row?.n ?? 0;
}

const words = (verdict: ReadinessVerdict) => verdict.replaceAll("_", " ");

function alertsOf(r: RawRow): PortfolioAlert[] {
  const alerts: PortfolioAlert[] = [];
  const run = r.run_id ? ({ kind: "run", runId: r.run_id } as const) : null;
  const readiness = r.headline_id ? ({ kind: "readiness", modelVersionId: r.headline_id } as const) : null;
  if (r.alert_failed && run) {
    alerts.push({ kind: "run_failed", message: "latest benchmark run failed", at: r.run_at, evidence: run });
  }
  if (r.alert_fell && run) {
    const message = `${KEY_METRIC[r.task]} fell below the previous run's interval`;
    alerts.push({ kind: "metric_fell", message, at: r.run_at, evidence: run });
  }
  if (r.alert_gap && readiness) {
    alerts.push({
      kind: "gap_gate_failed",
      message: "field gap fails its gate",
      at: r.report_at,
      evidence: r.shadow_id ? { kind: "shadow", shadowEvaluationId: r.shadow_id } : readiness,
    });
  }
  if (r.alert_worse && readiness && r.verdict && r.previous_verdict) {
    const message = `verdict worsened: ${words(r.previous_verdict)} → ${words(r.verdict)}`;
    alerts.push({ kind: "verdict_worsened", message, at: r.report_at, evidence: readiness });
  }
  return alerts;
}

function rowOf(r: RawRow): PortfolioRow {
  return {
    id: r.id,
    name: r.name,
    task: r.task,
    team: { id: r.team_id, name: r.team_name },
    liveVersions: r.live_versions ?? [],
    headline:
      r.headline_id && r.headline_version && r.headline_stage
        ? { id: r.headline_id, version: r.headline_version, stage: r.headline_stage }
        : null,
    readiness: r.verdict,
    metric: {
      name: KEY_METRIC[r.task],
      value: r.run_status === "succeeded" ? r.metric_value : null,
      interval:
        r.run_status === "succeeded" && r.metric_lower !== null && r.metric_upper !== null
          ? [r.metric_lower, r.metric_upper]
          : null,
      runId: r.run_id,
      trend: (r.trend ?? []).filter((v) => Number.isFinite(v)),
    },
    gap: r.gap,
    openReviews: r.open_reviews,
    lastEvaluatedAt: r.finished_at,
    alerts: alertsOf(r),
    alertThisWeek: r.alert_this_week === true,
  };
}
