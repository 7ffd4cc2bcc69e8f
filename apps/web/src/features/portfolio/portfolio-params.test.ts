import { describe, expect, it } from "vitest";
import {
  clearedHref,
  counterHref,
  isFiltered,
  pickHref,
  portfolioHref,
  portfolioInput,
  sortHref,
  toggleHref,
  trendDomains,
} from "./portfolio-params";

const TEAM_A = "0b6c3f4e-1d2a-4c5b-8e9f-0a1b2c3d4e5f";
const TEAM_B = "1b6c3f4e-1d2a-4c5b-8e9f-0a1b2c3d4e5f";

describe("portfolio URL state", () => {
  it("reads the URL, falling back on anything unknown", () => {
    expect(portfolioInput({ sort: "metric", dir: "asc", q: "churn", task: "regression", page: "3" })).toEqual({
      sort: "metric",
      dir: "asc",
      search: "churn",
      task: "regression",
      teams: [],
      stages: [],
      verdicts: [],
      page: 3,
      pageSize: 50,
    });
    expect(portfolioInput({ sort: "drop table", dir: "up", task: "x", page: "-1" })).toEqual({
      sort: "name",
      search: "",
      teams: [],
      stages: [],
      verdicts: [],
      page: 1,
      pageSize: 50,
    });
  });

  it.each([
    ["comma-separated values", { verdict: "none,ready" }, { verdicts: ["ready", "none"] }],
    ["repeated keys", { verdict: ["ready", "not_ready"] }, { verdicts: ["ready", "not_ready"] }],
    ["unknown and duplicate values dropped", { verdict: "ready,ready,maybe," }, { verdicts: ["ready"] }],
    ["empty value", { stage: "" }, { stages: [] }],
    ["stages, none included", { stage: "none,shadow,retired" }, { stages: ["shadow", "none"] }],
    ["team ids: uuids only, lower-cased", { team: `${TEAM_A.toUpperCase()},x,1` }, { teams: [TEAM_A] }],
    ["review and alert: one known value", { review: "mine", alert: "week" }, { review: "mine", alert: "week" }],
    [
      "review and alert: the first of repeated keys",
      { review: ["open", "mine"], alert: ["any"] },
      { review: "open", alert: "any" },
    ],
    ["unknown review and alert dropped", { review: "yes", alert: "recent" }, {}],
  ])("reads facets from the URL: %s", (_, params, expected) => {
    const input = portfolioInput(params);
    expect({
      ...(input.teams?.length ? { teams: input.teams } : {}),
      ...(input.stages?.length ? { stages: input.stages } : {}),
      ...(input.verdicts?.length ? { verdicts: input.verdicts } : {}),
      ...(input.review ? { review: input.review } : {}),
      ...(input.alert ? { alert: input.alert } : {}),
    }).toEqual(Object.fromEntries(Object.entries(expected).filter(([, v]) => !Array.isArray(v) || v.length > 0)));
  });

  it("writes facet links: toggles multi-valued facets, picks or clears single ones, back to page 1", () => {
    const input = portfolioInput({ sort: "metric", q: "churn", verdict: "ready", page: "3" });
    expect(portfolioHref(input, {})).toBe("/?sort=metric&q=churn&verdict=ready&page=3");
    expect(toggleHref(input, "verdicts", "none")).toBe("/?sort=metric&q=churn&verdict=ready,none");
    expect(toggleHref(input, "verdicts", "ready")).toBe("/?sort=metric&q=churn");
    expect(toggleHref(input, "teams", TEAM_B)).toBe(`/?sort=metric&q=churn&team=${TEAM_B}&verdict=ready`);
    expect(toggleHref(input, "stages", "none")).toBe("/?sort=metric&q=churn&stage=none&verdict=ready");
    expect(pickHref(input, "review", "mine")).toBe("/?sort=metric&q=churn&verdict=ready&review=mine");
    const picked = portfolioInput({ review: "mine", alert: "week" });
    expect(pickHref(picked, "review", "mine")).toBe("/?alert=week");
    expect(pickHref(picked, "alert", "any")).toBe("/?review=mine&alert=any");
    // Round trip: what a link writes, the page reads back.
    const back = portfolioInput(
      Object.fromEntries(new URL(toggleHref(input, "verdicts", "none"), "http://x").searchParams),
    );
    expect(back.verdicts).toEqual(["ready", "none"]);
  });

  it("writes counter links with only the counted filter, and knows when anything is filtered", () => {
    const input = portfolioInput({
      sort: "metric",
      dir: "asc",
      q: "x",
      task: "regression",
      stage: "shadow",
      page: "2",
    });
    expect(counterHref(input, { verdicts: ["not_ready"] })).toBe("/?sort=metric&dir=asc&verdict=not_ready");
    expect(counterHref(input, { alert: "week" })).toBe("/?sort=metric&dir=asc&alert=week");
    expect(counterHref(input, { review: "mine" })).toBe("/?sort=metric&dir=asc&review=mine");
    expect(clearedHref(input)).toBe("/?sort=metric&dir=asc");
    expect(isFiltered(input)).toBe(true);
    expect(isFiltered(portfolioInput({ sort: "metric", page: "2" }))).toBe(false);
    expect(isFiltered(portfolioInput({ alert: "none" }))).toBe(true);
    expect(isFiltered(portfolioInput({ team: TEAM_A }))).toBe(true);
  });

  it("writes links: a new sort starts at page 1 in its natural direction, the same sort flips", () => {
    const input = portfolioInput({ q: "a b", page: "2" });
    expect(portfolioHref(input, {})).toBe("/?q=a+b&page=2");
    expect(sortHref(input, "metric")).toBe("/?sort=metric&dir=desc&q=a+b");
    expect(sortHref(portfolioInput({ sort: "metric" }), "metric")).toBe("/?sort=metric&dir=asc");
    expect(sortHref(portfolioInput({}), "name")).toBe("/?dir=desc");
  });

  it("gives each metric one sparkline domain across rows", () => {
    const domains = trendDomains([
      { metric: { name: "roc_auc", trend: [0.7, 0.8] } },
      { metric: { name: "roc_auc", trend: [0.9] } },
      { metric: { name: "r2", trend: [] } },
    ]);
    expect(domains.get("roc_auc")).toEqual([0.7, 0.9]);
    expect(domains.has("r2")).toBe(false);
  });
});
