import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatasetTestDb, openDatasetTestDb } from "../datasets/testing/dataset-test-db.ts";
import { portfolioFacets, portfolioView } from "./portfolio-facets.ts";
import { type PortfolioQuery, portfolioPage } from "./portfolio-page.ts";

let t: DatasetTestDb;
let otherTeam: string;
/** A reviewer of the team who authored nothing, and a plain member. */
let reviewerId: string;
let memberId: string;
/** "This week" is the week before 2026-01-05 (runs of Jan 3–4 are in it, a report of Dec 20 is not). */
const NOW = new Date("2026-01-05T00:00:00Z");
const page = (query: PortfolioQuery = {}, teamIds = [t.teamId]) => portfolioPage(t.db, { teamIds, now: NOW }, query);
let benchmarkId: string;
const ids: Record<string, string> = {};

/** A succeeded (or failed) benchmark run of `versionId` with the key metric's value and interval. */
async function run(
  versionId: string,
  at: string,
  metric: string,
  value: number | null,
  status = "succeeded",
  onBenchmark = benchmarkId,
) {
  const r = await t.db.evaluationRun.create({
    data: {
      teamId: t.teamId,
      kind: "benchmark",
      status: status as "succeeded",
      modelVersionId: versionId,
      benchmarkId: onBenchmark,
      seed: 1,
      datasetHash: "a".repeat(64),
      configHash: "c".repeat(64),
      config: {},
      codeVersion: "test",
      createdById: t.userId,
      createdAt: new Date(at),
      finishedAt: new Date(at),
    },
  });
  if (value !== null) {
    await t.db.metricValue.create({
      data: {
        runId: r.id,
        modelVersionId: versionId,
        metric,
        value,
        lower: value - 0.02,
        upper: value + 0.02,
        level: 0.95,
        n: 500,
      },
    });
  }
  return r.id;
}

async function model(name: string, task: "binary_classification" | "regression", teamId = t.teamId) {
  const m = await t.db.model.create({ data: { teamId, name, task, createdById: t.userId } });
  ids[name] = m.id;
  return m.id;
}

async function report(
  versionId: string,
  at: string,
  verdict: "ready" | "not_ready" | "insufficient_evidence",
  gates: object[] = [],
) {
  return (
    await t.db.readinessReport.create({
      data: {
        teamId: t.teamId,
        modelVersionId: versionId,
        verdict,
        policy: {},
        evidence: {},
        counts: {},
        evidenceHash: "h",
        gates: gates as never,
        createdAt: new Date(at),
      },
    })
  ).id;
}

async function version(modelId: string, label: string, stage: "production" | "candidate" | "retired" | "shadow") {
  return (
    await t.db.modelVersion.create({
      data: { modelId, version: label, stage, createdById: t.userId, lastChangedById: t.userId },
    })
  ).id;
}

beforeAll(async () => {
  t = await openDatasetTestDb();
  otherTeam = (await t.db.team.create({ data: { slug: `other-${randomUUID()}`, name: "Other" } })).id;
  reviewerId = randomUUID();
  memberId = randomUUID();
  for (const [id, name] of [
    [reviewerId, "Reviewer"],
    [memberId, "Member"],
  ] as const) {
    await t.db.user.create({ data: { id, name, email: `${id}@example.test` } });
  }
  await t.db.membership.createMany({
    data: [
      { teamId: t.teamId, userId: t.userId, role: "admin" },
      { teamId: t.teamId, userId: reviewerId, role: "reviewer" },
      { teamId: t.teamId, userId: memberId, role: "member" },
      // A reviewer elsewhere is not a reviewer here.
      { teamId: otherTeam, userId: memberId, role: "reviewer" },
    ],
  });
  const dataset = await t.db.dataset.create({ data: { teamId: t.teamId, name: "d", createdById: t.userId } });
  const dv = await t.db.datasetVersion.create({
    data: {
      datasetId: dataset.id,
      version: 1,
      sha256: "a".repeat(64),
      rowCount: 10,
      sizeBytes: 10,
      columns: [],
      idColumn: "id",
      labelColumn: "y",
      storageKey: "k",
      createdById: t.userId,
    },
  });
  benchmarkId = (
    await t.db.benchmark.create({
      data: {
        teamId: t.teamId,
        name: "b",
        datasetVersionId: dv.id,
        split: { kind: "random", testFraction: 0.3 },
        metrics: ["roc_auc"],
        seed: 1,
        createdById: t.userId,
      },
    })
  ).id;

  // Alpha: production v2 (0.80 then 0.84), a retired v1, a candidate v3 with a pending review.
  const alpha = await model("Alpha churn", "binary_classification");
  await version(alpha, "v1", "retired");
  const alphaProd = await version(alpha, "v2", "production");
  // An older run on another benchmark: not part of this benchmark's trend.
  const other = await t.db.benchmark.create({
    data: {
      teamId: t.teamId,
      name: "other",
      datasetVersionId: (await t.db.benchmark.findUniqueOrThrow({ where: { id: benchmarkId } })).datasetVersionId,
      split: { kind: "random", testFraction: 0.5 },
      metrics: ["roc_auc"],
      seed: 2,
      createdById: t.userId,
    },
  });
  await run(alphaProd, "2025-12-31", "roc_auc", 0.99, "succeeded", other.id);
  await run(alphaProd, "2026-01-01", "roc_auc", 0.8);
  await run(alphaProd, "2026-01-02", "roc_auc", 0.84);
  const alphaCandidate = await version(alpha, "v3", "candidate");
  // Its field gap gate fails, on a report older than this week.
  const alphaReport = await report(alphaProd, "2025-12-20", "not_ready", [
    { id: "gap-roc-auc", kind: "gap", status: "fail", observed: 0.17 },
  ]);
  // The owner created v3 and asked for review: the reviewer may decide it, the owner may not.
  await t.db.review.create({
    data: { teamId: t.teamId, modelVersionId: alphaCandidate, requestedById: t.userId, requestReportId: alphaReport },
  });
  // Beta: production 0.90 then 0.70 (fell below the previous interval).
  const beta = await model("Beta fraud", "binary_classification");
  const betaProd = await version(beta, "1", "production");
  await run(betaProd, "2026-01-01", "roc_auc", 0.9);
  await run(betaProd, "2026-01-03", "roc_auc", 0.7);
  await report(betaProd, "2026-01-02", "ready", [{ id: "gap-roc-auc", kind: "gap", status: "pass", observed: 0.01 }]);
  // Gamma: regression, no production, a shadow version whose latest run failed.
  const gamma = await model("Gamma demand", "regression");
  const gammaShadow = await version(gamma, "s1", "shadow");
  await run(gammaShadow, "2026-01-01", "r2", 0.5);
  await run(gammaShadow, "2026-01-04", "r2", null, "failed");
  // Epsilon: ready, then not ready with a failing gap gate this week; shadowed (the gap's evidence).
  const epsilon = await model("Epsilon drift", "binary_classification");
  const epsilonProd = await version(epsilon, "e1", "production");
  await report(epsilonProd, "2026-01-01", "ready");
  await report(epsilonProd, "2026-01-04", "not_ready", [
    { id: "gap-a", kind: "gap", status: "pass", observed: 0.01 },
    { id: "gap-b", kind: "gap", status: "fail", observed: 0.12 },
  ]);
  const shadow = await t.db.shadowEvaluation.create({
    data: {
      teamId: t.teamId,
      championVersionId: epsilonProd,
      seed: 1,
      versions: { create: [{ modelVersionId: epsilonProd, role: "champion", position: 0 }] },
    },
  });
  ids.epsilonShadow = shadow.id;
  ids.epsilonProd = epsilonProd;
  ids.alphaProd = alphaProd;
  // Delta: no versions at all. And another team's model that must never show.
  await model("Delta empty", "binary_classification");
  await model("Zeta secret", "binary_classification", otherTeam);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe("portfolioPage", () => {
  it("lists the teams' models with headline version, readiness, key metric, trend, gap, reviews and alerts", async () => {
    const { rows, total } = await page();
    expect(total).toBe(5);
    expect(rows.map((r) => r.name)).toEqual([
      "Alpha churn",
      "Beta fraud",
      "Delta empty",
      "Epsilon drift",
      "Gamma demand",
    ]);
    const [alpha, beta, delta, epsilon, gamma] = rows;
    expect(alpha).toMatchObject({
      headline: { version: "v2", stage: "production" },
      readiness: "not_ready",
      metric: { name: "roc_auc", value: 0.84, trend: [0.8, 0.84] },
      gap: 0.17,
      openReviews: 1,
      alertThisWeek: false,
    });
    expect(alpha?.liveVersions.map((v) => v.version)).toEqual(["v2", "v3"]);
    expect(alpha?.metric.interval?.[0]).toBeCloseTo(0.82, 10);
    // No shadow evaluation: the gap's evidence is the version's readiness panel.
    expect(alpha?.alerts).toEqual([
      {
        kind: "gap_gate_failed",
        message: "field gap fails its gate",
        at: new Date("2025-12-20"),
        evidence: { kind: "readiness", modelVersionId: ids.alphaProd },
      },
    ]);
    expect(beta?.alerts.map((a) => [a.kind, a.message, a.evidence.kind])).toEqual([
      ["metric_fell", "roc_auc fell below the previous run's interval", "run"],
    ]);
    expect(beta?.alerts[0]?.evidence).toEqual({ kind: "run", runId: beta?.metric.runId });
    expect([beta?.readiness, beta?.gap, beta?.alertThisWeek]).toEqual(["ready", 0.01, true]);
    expect(delta).toMatchObject({
      headline: null,
      readiness: null,
      metric: { value: null, trend: [] },
      openReviews: 0,
      alerts: [],
      alertThisWeek: false,
    });
    expect(epsilon?.alerts).toEqual([
      {
        kind: "gap_gate_failed",
        message: "field gap fails its gate",
        at: new Date("2026-01-04"),
        evidence: { kind: "shadow", shadowEvaluationId: ids.epsilonShadow },
      },
      {
        kind: "verdict_worsened",
        message: "verdict worsened: ready → not ready",
        at: new Date("2026-01-04"),
        evidence: { kind: "readiness", modelVersionId: ids.epsilonProd },
      },
    ]);
    expect([epsilon?.gap, epsilon?.alertThisWeek]).toEqual([0.01, true]);
    expect(gamma).toMatchObject({
      headline: { version: "s1", stage: "shadow" },
      metric: { name: "r2", value: null, trend: [0.5] },
      alertThisWeek: true,
    });
    expect(gamma?.alerts.map((a) => [a.kind, a.message, a.evidence.kind])).toEqual([
      ["run_failed", "latest benchmark run failed", "run"],
    ]);
  });

  it("sorts across all models by the key metric, readiness or reviews, then filters and pages", async () => {
    const byMetric = await page({ sort: "metric" });
    expect(byMetric.rows.map((r) => r.name)).toEqual([
      "Alpha churn",
      "Beta fraud",
      "Delta empty",
      "Epsilon drift",
      "Gamma demand",
    ]);
    const ascending = await page({ sort: "metric", dir: "asc" });
    expect(ascending.rows.map((r) => r.name).slice(0, 2)).toEqual(["Beta fraud", "Alpha churn"]);
    expect((await page({ sort: "reviews" })).rows[0]?.name).toBe("Alpha churn");
    expect((await page({ sort: "readiness" })).rows.map((r) => r.name).slice(0, 3)).toEqual([
      "Beta fraud",
      "Alpha churn",
      "Epsilon drift",
    ]);
    expect((await page({ search: "FRAUD" })).rows.map((r) => r.name)).toEqual(["Beta fraud"]);
    expect((await page({ search: "%" })).total).toBe(0);
    expect((await page({ task: "regression" })).rows.map((r) => r.name)).toEqual(["Gamma demand"]);
    const second = await page({ pageSize: 3, page: 2 });
    expect([second.rows.map((r) => r.name), second.total]).toEqual([["Epsilon drift", "Gamma demand"], 5]);
    const past = await page({ pageSize: 3, page: 5 });
    expect([past.rows, past.total]).toEqual([[], 5]);
    const pastFiltered = await page({ pageSize: 1, page: 9, verdicts: ["not_ready"] });
    expect([pastFiltered.rows, pastFiltered.total]).toEqual([[], 2]);
  });

  it("filters by the sidebar's facets, combined with search and task", async () => {
    const names = async (query: PortfolioQuery, userId?: string) =>
      (await portfolioPage(t.db, { teamIds: [t.teamId], now: NOW, ...(userId ? { userId } : {}) }, query)).rows.map(
        (r) => r.name,
      );
    expect(await names({ verdicts: ["not_ready", "none"] })).toEqual([
      "Alpha churn",
      "Delta empty",
      "Epsilon drift",
      "Gamma demand",
    ]);
    expect(await names({ verdicts: ["not_ready", "none"], search: "a" })).toEqual([
      "Alpha churn",
      "Delta empty",
      "Gamma demand",
    ]);
    expect(await names({ stages: ["shadow", "none"] })).toEqual(["Delta empty", "Gamma demand"]);
    expect(await names({ teams: [otherTeam] })).toEqual([]);
    expect(await names({ teams: [t.teamId], task: "regression" })).toEqual(["Gamma demand"]);
    expect(await names({ review: "open" })).toEqual(["Alpha churn"]);
    expect((await names({ review: "none" })).length).toBe(4);
    // Four-eyes: the owner wrote v3, so only the reviewer has it awaiting them; a member never.
    expect(await names({ review: "mine" }, reviewerId)).toEqual(["Alpha churn"]);
    expect(await names({ review: "mine" }, t.userId)).toEqual([]);
    expect(await names({ review: "mine" }, memberId)).toEqual([]);
    expect(await names({ alert: "any" })).toEqual(["Alpha churn", "Beta fraud", "Epsilon drift", "Gamma demand"]);
    expect(await names({ alert: "week" })).toEqual(["Beta fraud", "Epsilon drift", "Gamma demand"]);
    expect(await names({ alert: "none" })).toEqual(["Delta empty"]);
    expect(await names({ alert: "week", verdicts: ["not_ready"], stages: ["production"] })).toEqual(["Epsilon drift"]);
  });

  it("shows nothing of teams the caller is not in", async () => {
    expect((await page({}, [])).rows).toEqual([]);
    expect((await page({}, [otherTeam])).rows.map((r) => r.name)).toEqual(["Zeta secret"]);
    expect((await page({ teams: [otherTeam] })).rows).toEqual([]);
  });
});

describe("portfolioFacets", () => {
  it("counts the whole portfolio: models per verdict, regressions this week, reviews awaiting the viewer", async () => {
    const counters = async (userId?: string) =>
      (await portfolioFacets(t.db, { teamIds: [t.teamId], now: NOW, ...(userId ? { userId } : {}) }, {})).counters;
    expect(await counters(reviewerId)).toEqual({
      models: 5,
      verdict: { ready: 1, not_ready: 2, insufficient_evidence: 0, none: 2 },
      regressionsThisWeek: 3,
      reviewsAwaitingMe: 1,
    });
    expect((await counters(t.userId)).reviewsAwaitingMe).toBe(0);
    expect((await counters(memberId)).reviewsAwaitingMe).toBe(0);
    expect((await counters()).reviewsAwaitingMe).toBe(0);
    // A month later nothing is this week's.
    const later = await portfolioFacets(t.db, { teamIds: [t.teamId], now: new Date("2026-02-05") }, {});
    expect(later.counters.regressionsThisWeek).toBe(0);
    // Filters narrow the rows and facets, never the counters.
    const filtered = await portfolioFacets(t.db, { teamIds: [t.teamId], now: NOW }, { search: "zzz" });
    expect(filtered.counters.models).toBe(5);
  });

  it("counts each facet's values under the other active filters", async () => {
    const { facets } = await portfolioFacets(
      t.db,
      { teamIds: [t.teamId], userId: reviewerId, now: NOW },
      { verdicts: ["not_ready"] },
    );
    // Its own filter left out: every verdict keeps its count.
    expect(facets.verdict).toEqual({ ready: 1, not_ready: 2, insufficient_evidence: 0, none: 2 });
    // The others count among the not-ready models (Alpha, Epsilon).
    expect(facets.team).toEqual({ [t.teamId]: 2 });
    expect(facets.stage).toEqual({
      development: 0,
      candidate: 0,
      shadow: 0,
      approved: 0,
      production: 2,
      none: 0,
    });
    expect(facets.review).toEqual({ open: 1, none: 1, mine: 1 });
    expect(facets.alert).toEqual({ any: 2, week: 1, none: 0 });

    const combined = await portfolioFacets(
      t.db,
      { teamIds: [t.teamId], now: NOW },
      { alert: "week", task: "binary_classification", stages: ["production"] },
    );
    // Beta and Epsilon: production, binary, an alert this week.
    expect(combined.facets.verdict).toEqual({ ready: 1, not_ready: 1, insufficient_evidence: 0, none: 0 });
    // Stage without its own filter: Gamma (shadow) is a regression model, so still none.
    expect(combined.facets.stage.production).toBe(2);
    expect(combined.facets.stage.shadow).toBe(0);
    // Alert without its own filter: every binary production model (Alpha, Beta, Epsilon).
    expect(combined.facets.alert).toEqual({ any: 3, week: 2, none: 0 });

    const none = await portfolioFacets(t.db, { teamIds: [], now: NOW }, {});
    expect(none.facets.team).toEqual({});
    expect(none.counters).toMatchObject({ models: 0, regressionsThisWeek: 0, reviewsAwaitingMe: 0 });
  });

  it("gives the page, facets and counters together in two queries", async () => {
    const view = await portfolioView(
      t.db,
      { teamIds: [t.teamId], userId: reviewerId, now: NOW },
      { review: "mine", sort: "metric" },
    );
    expect([view.rows.map((r) => r.name), view.total, view.counters.reviewsAwaitingMe]).toEqual([
      ["Alpha churn"],
      1,
      1,
    ]);
    expect(view.facets.review).toEqual({ open: 1, none: 4, mine: 1 });
  });
});
