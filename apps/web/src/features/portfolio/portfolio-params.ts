import type { RouterInputs } from "~/server/api/root";

export type PortfolioInput = RouterInputs["model"]["portfolio"];
type Sort = NonNullable<PortfolioInput["sort"]>;
type Task = NonNullable<PortfolioInput["task"]>;

const SORTS: readonly Sort[] = ["name", "team", "metric", "readiness", "evaluated", "reviews"];
const TASKS: readonly Task[] = ["binary_classification", "multiclass_classification", "regression"];
export const PORTFOLIO_PAGE_SIZE = 50;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The portfolio's state from the URL (?sort, dir, q, task, page); anything unknown falls back to the default. */
export function portfolioInput(params: Record<string, string | string[] | undefined>): PortfolioInput {
  const sort = one(params.sort);
  const dir = one(params.dir);
  const task = one(params.task);
  const page = Number(one(params.page) ?? "1");
  return {
    sort: SORTS.includes(sort as Sort) ? (sort as Sort) : "name",
    ...(dir === "asc" || dir === "desc" ? { dir } : {}),
    search: (one(params.q) ?? "").slice(0, 200),
    ...(TASKS.includes(task as Task) ? { task: task as Task } : {}),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: PORTFOLIO_PAGE_SIZE,
  };
}

/** The URL of the portfolio with `change` applied to `input` (a new sort or filter goes back to page 1). */
export function portfolioHref(input: PortfolioInput, change: Partial<PortfolioInput>): string {
  const next = { ...input, ...change };
  const query = new URLSearchParams();
  if (next.sort && next.sort !== "name") query.set("sort", next.sort);
  if (next.dir) query.set("dir", next.dir);
  if (next.search) query.set("q", next.search);
  if (next.task) query.set("task", next.task);
  if (next.page && next.page > 1) query.set("page", String(next.page));
  const text = query.toString();
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
