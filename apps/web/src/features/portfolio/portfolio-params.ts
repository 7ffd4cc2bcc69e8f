import type { RouterInputs } from "~/server/api/root";

export type PortfolioInput = RouterInputs["model"]["portfolio"];
type Sort = NonNullable<PortfolioInput["sort"]>;
type Task = NonNullable<PortfolioInput["task"]>;
export type StageFilter = NonNullable<PortfolioInput["stages"]>[number];
export type VerdictFilter = NonNullable<PortfolioInput["verdicts"]>[number];
export type ReviewFilter = NonNullable<PortfolioInput["review"]>;
export type AlertFilter = NonNullable<PortfolioInput["alert"]>;

const SORTS: readonly Sort[] = ["name", "team", "metric", "readiness", "evaluated", "reviews"];
const TASKS: readonly Task[] = ["binary_classification", "multiclass_classification", "regression"];
export const STAGE_FILTERS: readonly StageFilter[] = [
  "production",
  "approved",
  "shadow",
  "candidate",
  "development",
  "none",
];
export const VERDICT_FILTERS: readonly VerdictFilter[] = ["ready", "not_ready", "insufficient_evidence", "none"];
export const REVIEW_FILTERS: readonly ReviewFilter[] = ["mine", "open", "none"];
export const ALERT_FILTERS: readonly AlertFilter[] = ["week", "any", "none"];
export const PORTFOLIO_PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** A multi-valued facet: `?verdict=ready,none` (or repeated keys), known values only, no duplicates, in canonical order. */
function many<T extends string>(v: string | string[] | undefined, known: readonly T[] | ((s: string) => boolean)) {
  const values = (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((s) => s.split(","));
  if (typeof known === "function") return [...new Set(values.map((s) => s.toLowerCase()).filter(known))] as T[];
  return known.filter((k) => values.includes(k));
}

/**
 * The portfolio's state from the URL (?sort, dir, q, task, team, stage, verdict, review, alert,
 * page); anything unknown falls back to the default.
 */
export function portfolioInput(params: Record<string, string | string[] | undefined>): PortfolioInput {
  const sort = one(params.sort);
  const dir = one(params.dir);
  const task = one(params.task);
  const review = one(params.review);
  const alert = one(params.alert);
  const page = Number(one(params.page) ?? "1");
  return {
    sort: SORTS.includes(sort as Sort) ? (sort as Sort) : "name",
    ...(dir === "asc" || dir === "desc" ? { dir } : {}),
    search: (one(params.q) ?? "").slice(0, 200),
    ...(TASKS.includes(task as Task) ? { task: task as Task } : {}),
    teams: many<string>(params.team, (s) => UUID.test(s)).slice(0, 100),
    stages: many(params.stage, STAGE_FILTERS),
    verdicts: many(params.verdict, VERDICT_FILTERS),
    ...(REVIEW_FILTERS.includes(review as ReviewFilter) ? { review: review as ReviewFilter } : {}),
    ...(ALERT_FILTERS.includes(alert as AlertFilter) ? { alert: alert as AlertFilter } : {}),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: PORTFOLIO_PAGE_SIZE,
  };
}

/** Whether any filter narrows the list (search, task or a facet). */
export function isFiltered(input: PortfolioInput): boolean {
  return Boolean(
    input.search ||
      input.task ||
      input.teams?.length ||
      input.stages?.length ||
      input.verdicts?.length ||
      input.review ||
      input.alert,
  );
}

const NO_FILTER = {
  search: "",
  task: undefined,
  teams: [],
  stages: [],
  verdicts: [],
  review: undefined,
  alert: undefined,
} satisfies Partial<PortfolioInput>;
const NO_FILTERS = { ...NO_FILTER, page: 1 } satisfies Partial<PortfolioInput>;

/** Every filter cleared (the sort kept). */
export function clearedHref(input: PortfolioInput): string {
  return portfolioHref(input, NO_FILTERS);
}

type ManyFacet = "teams" | "stages" | "verdicts";

/** Picking or unpicking one value of a multi-valued facet (team, stage, verdict), back to page 1. */
export function toggleHref<F extends ManyFacet>(
  input: PortfolioInput,
  facet: F,
  value: NonNullable<PortfolioInput[F]>[number],
): string {
  const current = (input[facet] ?? []) as string[];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return portfolioHref(input, { [facet]: next, page: 1 });
}

/** Picking a value of a single-valued facet (review, alert); picking the active one clears it. */
export function pickHref<F extends "review" | "alert">(
  input: PortfolioInput,
  facet: F,
  value: NonNullable<PortfolioInput[F]>,
): string {
  return portfolioHref(input, { [facet]: input[facet] === value ? undefined : value, page: 1 });
}

/** A counter's link: the portfolio showing exactly the models it counts (other filters cleared, the sort kept). */
export function counterHref(input: PortfolioInput, filter: Partial<PortfolioInput>): string {
  return portfolioHref(input, { ...NO_FILTERS, ...filter });
}

/** Exactly `filter` and no other filter is active (a counter is then what the table shows). */
export function isOnlyFilter(input: PortfolioInput, filter: Partial<PortfolioInput>): boolean {
  const active = {
    search: input.search ?? "",
    task: input.task,
    teams: input.teams ?? [],
    stages: input.stages ?? [],
    verdicts: input.verdicts ?? [],
    review: input.review,
    alert: input.alert,
  };
  return JSON.stringify(active) === JSON.stringify({ ...NO_FILTER, ...filter });
}

/** The URL of the portfolio with `change` applied to `input` (a new sort or filter goes back to page 1). */
export function portfolioHref(input: PortfolioInput, change: Partial<PortfolioInput>): string {
  const next = { ...input, ...change };
  const query = new URLSearchParams();
  if (next.sort && next.sort !== "name") query.set("sort", next.sort);
  if (next.dir) query.set("dir", next.dir);
  if (next.search) query.set("q", next.search);
  if (next.task) query.set("task", next.task);
  if (next.teams?.length) query.set("team", next.teams.join(","));
  // Canonical order, so one filter has one URL.
  const stages = STAGE_FILTERS.filter((s) => next.stages?.includes(s));
  if (stages.length) query.set("stage", stages.join(","));
  const verdicts = VERDICT_FILTERS.filter((v) => next.verdicts?.includes(v));
  if (verdicts.length) query.set("verdict", verdicts.join(","));
  if (next.review) query.set("review", next.review);
  if (next.alert) query.set("alert", next.alert);
  if (next.page && next.page > 1) query.set("page", String(next.page));
  // Commas need no escaping in a query string; keeping them makes facet URLs readable.
  const text = query.toString().replaceAll("%2C", ",");
  return text ? `/?${text}` : "/";
}

/** Clicking a column: sort by it (numbers start high, names A→Z); clicking it again flips the direction. */
export function sortHref(input: PortfolioInput, sort: Sort): string {
  const natural = sort === "name" || sort === "team" ? "asc" : "desc";
  const current = input.dir ?? (input.sort === "name" || input.sort === "team" ? "asc" : "desc");
  const dir = input.sort === sort ? (current === "asc" ? "desc" : "asc") : natural;
  return portfolioHref(input, { sort, dir, page: 1 });
}

/** One y-domain per metric across the rows' trends (sparklines compare across rows). */
export function trendDomains(rows: { metric: { name: string; trend: number[] } }[]): Map<string, [number, number]> {
  const domains = new Map<string, [number, number]>();
  for (const row of rows) {
    for (const v of row.metric.trend) {
      const d = domains.get(row.metric.name);
      domains.set(row.metric.name, d ? [Math.min(d[0], v), Math.max(d[1], v)] : [v, v]);
    }
  }
  return domains;
}
