import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatasetTestDb, openDatasetTestDb } from "../datasets/testing/dataset-test-db.ts";
import { portfolioPage } from "./portfolio-page.ts";

let t: DatasetTestDb;
let otherTeam: string;
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
  const report = await t.db.readinessReport.create({
    data: {
      teamId: t.teamId,
      modelVersionId: alphaProd,
      verdict: "not_ready",
      policy: {},
      evidence: {},
      counts: {},
      evidenceHash: "h",
      gates: [{ id: "gap-roc-auc", kind: "gap", status: "fail", observed: 0.17 }],
    },
  });
  await t.db.review.create({
    data: { teamId: t.teamId, modelVersionId: alphaCandidate, requestedById: t.userId, requestReportId: report.id },
  });
  // Beta: production 0.90 then 0.70 (fell below the previous interval).
  const beta = await model("Beta fraud", "binary_classification");
  const betaProd = await version(beta, "1", "production");
  await run(betaProd, "2026-01-01", "roc_auc", 0.9);
  await run(betaProd, "2026-01-03", "roc_auc", 0.7);
  // Gamma: regression, no production, a shadow version whose latest run failed.
  const gamma = await model("Gamma demand", "regression");
  const gammaShadow = await version(gamma, "s1", "shadow");
  await run(gammaShadow, "2026-01-01", "r2", 0.5);
  await run(gammaShadow, "2026-01-04", "r2", null, "failed");
  // Delta: no versions at all. And another team's model that must never show.
  await model("Delta empty", "binary_classification");
  await model("Zeta secret", "binary_classification", otherTeam);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe("portfolioPage", () => {
  it("lists the teams' models with headline version, readiness, key metric, trend, gap, reviews and alerts", async () => {
    const { rows, total } = await portfolioPage(t.db, [t.teamId]);
    expect(total).toBe(4);
    expect(rows.map((r) => r.name)).toEqual(["Alpha churn", "Beta fraud", "Delta empty", "Gamma demand"]);
    const [alpha, beta, delta, gamma] = rows;
    expect(alpha).toMatchObject({
      headline: { version: "v2", stage: "production" },
      readiness: "not_ready",
      metric: { name: "roc_auc", value: 0.84, trend: [0.8, 0.84] },
      gap: 0.17,
      openReviews: 1,
      alerts: [],
    });
    expect(alpha?.liveVersions.map((v) => v.version)).toEqual(["v2", "v3"]);
    expect(alpha?.metric.interval?.[0]).toBeCloseTo(0.82, 10);
    expect(beta?.alerts).toEqual(["roc_auc fell below the previous run's interval"]);
    expect(delta).toMatchObject({
      headline: null,
      readiness: null,
      metric: { value: null, trend: [] },
      openReviews: 0,
    });
    expect(gamma).toMatchObject({
      headline: { version: "s1", stage: "shadow" },
      metric: { name: "r2", value: null, trend: [0.5] },
    });
    expect(gamma?.alerts).toEqual(["latest benchmark run failed"]);
  });

  it("sorts across all models by the key metric, readiness or reviews, then filters and pages", async () => {
    const byMetric = await portfolioPage(t.db, [t.teamId], { sort: "metric" });
    expect(byMetric.rows.map((r) => r.name)).toEqual(["Alpha churn", "Beta fraud", "Delta empty", "Gamma demand"]);
    const ascending = await portfolioPage(t.db, [t.teamId], { sort: "metric", dir: "asc" });
    expect(ascending.rows.map((r) => r.name).slice(0, 2)).toEqual(["Beta fraud", "Alpha churn"]);
    expect((await portfolioPage(t.db, [t.teamId], { sort: "reviews" })).rows[0]?.name).toBe("Alpha churn");
    expect((await portfolioPage(t.db, [t.teamId], { search: "FRAUD" })).rows.map((r) => r.name)).toEqual([
      "Beta fraud",
    ]);
    expect((await portfolioPage(t.db, [t.teamId], { search: "%" })).total).toBe(0);
    expect((await portfolioPage(t.db, [t.teamId], { task: "regression" })).rows.map((r) => r.name)).toEqual([
      "Gamma demand",
    ]);
    const second = await portfolioPage(t.db, [t.teamId], { pageSize: 3, page: 2 });
    expect([second.rows.map((r) => r.name), second.total]).toEqual([["Gamma demand"], 4]);
    const past = await portfolioPage(t.db, [t.teamId], { pageSize: 3, page: 5 });
    expect([past.rows, past.total]).toEqual([[], 4]);
  });

  it("shows nothing of teams the caller is not in", async () => {
    expect((await portfolioPage(t.db, [])).rows).toEqual([]);
    expect((await portfolioPage(t.db, [otherTeam])).rows.map((r) => r.name)).toEqual(["Zeta secret"]);
  });
});
