import type { Db } from "../client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { ReadinessVerdict, Stage, Task } from "../generated/prisma/enums.ts";

/** The metric each task's portfolio row shows and sorts by (the default policy's headline metric). */
export const KEY_METRIC: Record<Task, string> = {
  binary_classification: "roc_auc",
  multiclass_classification: "macro_f1",
  regression: "r2",
};

export const PORTFOLIO_SORTS = ["name", "team", "metric", "readiness", "evaluated", "reviews"] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];

export interface PortfolioQuery {
  sort?: PortfolioSort;
  dir?: "asc" | "desc";
  search?: string;
  task?: Task;
  /** 1-based. */
  page?: number;
  pageSize?: number;
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
  /** Worth a look: the latest run failed, or the key metric fell below the previous run's interval (same benchmark). */
  alerts: string[];
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
  metric_value: number | null;
  metric_lower: number | null;
  metric_upper: number | null;
  run_id: string | null;
  run_status: string | null;
  finished_at: Date | null;
  open_reviews: number;
  total: number;
  live_versions: { id: string; version: string; stage: Stage }[] | null;
  trend: number[] | null;
  gap: number | null;
  previous_lower: number | null;
}

/**
 * One page of the portfolio: every model of `teamIds`, filtered, sorted (by the key metric,
 * readiness, … across all models, not just the page) and paged in the database, in ONE query
 * whatever the number of models. Sort keys are computed for every filtered model (a few index
 * lookups each); trend, gap, live versions and alerts only for the page's rows (LATERAL).
 */
export async function portfolioPage(
  db: Db,
  teamIds: readonly string[],
  query: PortfolioQuery = {},
): Promise<PortfolioPage> {
  const sort = query.sort ?? "name";
  const dir = query.dir ?? (sort === "name" || sort === "team" ? "asc" : "desc");
  const pageSize = Math.min(200, Math.max(1, Math.floor(query.pageSize ?? 50)));
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const search = (query.search ?? "").trim().slice(0, 200);
  const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const order = Prisma.raw(ORDER[sort][dir]);
  const rows = await db.$queryRaw<RawRow[]>`
    WITH m AS (
      SELECT m.id, m.name, m.task, m."teamId" AS team_id, t.name AS team_name,
        CASE m.task WHEN 'binary_classification' THEN 'roc_auc' WHEN 'multiclass_classification' THEN 'macro_f1' ELSE 'r2' END AS key_metric
      FROM model m JOIN team t ON t.id = m."teamId"
      WHERE m."teamId" = ANY(${[...teamIds]}::uuid[])
        AND (${search} = '' OR m.name ILIKE ${pattern})
        AND (${query.task ?? null}::text IS NULL OR m.task::text = ${query.task ?? null}::text)
    ),
    f AS (
      SELECT m.*, h.id AS headline_id, h.version AS headline_version, h.stage AS headline_stage,
        rr.verdict, CASE rr.verdict WHEN 'ready' THEN 2 WHEN 'insufficient_evidence' THEN 1 WHEN 'not_ready' THEN 0 END AS verdict_rank,
        lr.id AS run_id, lr.status::text AS run_status, lr."finishedAt" AS finished_at, lr."benchmarkId" AS benchmark_id,
        mv.value AS metric_value, mv.lower AS metric_lower, mv.upper AS metric_upper,
        (SELECT count(*)::int FROM review rv JOIN model_version v2 ON v2.id = rv."modelVersionId"
          WHERE v2."modelId" = m.id AND rv.status = 'requested') AS open_reviews
      FROM m
      LEFT JOIN LATERAL (
        SELECT v.id, v.version, v.stage FROM model_version v
        WHERE v."modelId" = m.id AND v.stage <> 'retired'
        ORDER BY (v.stage = 'production') DESC, v."createdAt" DESC, v.id DESC LIMIT 1
      ) h ON true
      LEFT JOIN LATERAL (
        SELECT r.verdict FROM readiness_report r WHERE r."modelVersionId" = h.id
        ORDER BY r."createdAt" DESC, r.id DESC LIMIT 1
      ) rr ON true
      LEFT JOIN LATERAL (
        SELECT r.id, r.status, r."finishedAt", r."benchmarkId" FROM evaluation_run r
        WHERE r."modelVersionId" = h.id AND r.kind = 'benchmark' AND r.status IN ('succeeded', 'failed')
        ORDER BY r."createdAt" DESC, r.id DESC LIMIT 1
      ) lr ON true
      LEFT JOIN metric_value mv
        ON mv."runId" = lr.id AND mv."modelVersionId" = h.id AND mv.metric = m.key_metric AND mv.slice = ''
    ),
    p AS (
      SELECT f.*, count(*) OVER ()::int AS total FROM f ORDER BY ${order}
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}
    )
    SELECT p.id, p.name, p.task, p.team_id, p.team_name, p.headline_id, p.headline_version, p.headline_stage,
      p.verdict, p.metric_value, p.metric_lower, p.metric_upper, p.run_id, p.run_status, p.finished_at,
      p.open_reviews, p.total,
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
        FROM (SELECT r.gates FROM readiness_report r WHERE r."modelVersionId" = p.headline_id
              ORDER BY r."createdAt" DESC, r.id DESC LIMIT 1) latest,
          jsonb_array_elements(latest.gates) g
        WHERE g->>'kind' = 'gap' ORDER BY g->>'id' LIMIT 1) AS gap,
      (SELECT mv.lower FROM evaluation_run r
        JOIN metric_value mv ON mv."runId" = r.id AND mv."modelVersionId" = r."modelVersionId"
          AND mv.metric = p.key_metric AND mv.slice = ''
        WHERE r."modelVersionId" = p.headline_id AND r.kind = 'benchmark' AND r.status = 'succeeded'
          AND r."benchmarkId" = p.benchmark_id AND r.id <> p.run_id
        ORDER BY r."createdAt" DESC LIMIT 1) AS previous_lower
    FROM p ORDER BY ${order}`;
  return {
    rows: rows.map(rowOf),
    total: rows[0]?.total ?? (page === 1 ? 0 : await countOnly(db, teamIds, search, pattern, query.task)),
    page,
    pageSize,
  };
}

/** The total when the page is past the end (no row carries it). */
async function countOnly(db: Db, teamIds: readonly string[], search: string, pattern: string, task: Task | undefined) {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM model m
    WHERE m."teamId" = ANY(${[...teamIds]}::uuid[]) AND (${search} = '' OR m.name ILIKE ${pattern})
      AND (${task ?? null}::text IS NULL OR m.task::text = ${task ?? null}::text)`;
  return row?.n ?? 0;
}

function rowOf(r: RawRow): PortfolioRow {
  const alerts: string[] = [];
  if (r.run_status === "failed") alerts.push("latest benchmark run failed");
  if (r.metric_upper !== null && r.previous_lower !== null && r.metric_upper < r.previous_lower) {
    alerts.push(`${KEY_METRIC[r.task]} fell below the previous run's interval`);
  }
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
    alerts,
  };
}
