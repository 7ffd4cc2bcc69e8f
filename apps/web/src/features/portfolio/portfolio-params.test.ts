import { describe, expect, it } from "vitest";
import { portfolioHref, portfolioInput, sortHref, trendDomains } from "./portfolio-params";

describe("portfolio URL state", () => {
  it("reads the URL, falling back on anything unknown", () => {
    expect(portfolioInput({ sort: "metric", dir: "asc", q: "churn", task: "regression", page: "3" })).toEqual({
      sort: "metric",
      dir: "asc",
      search: "churn",
      task: "regression",
      page: 3,
      pageSize: 50,
    });
    expect(portfolioInput({ sort: "drop table", dir: "up", task: "x", page: "-1" })).toEqual({
      sort: "name",
      search: "",
      page: 1,
      pageSize: 50,
    });
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
