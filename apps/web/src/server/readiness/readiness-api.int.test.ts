import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("../api/testing/int-env");
  return applyIntegrationEnv();
});

import { getDb, mintApiKey } from "@fieldtest/db";
import { closeQueues } from "@fieldtest/jobs";
import { GET as exportReport } from "../../app/api/readiness-reports/[id]/route";
import { GET as getReadiness } from "../../app/api/v1/model-versions/[id]/readiness/route";
import {
  callerFor,
  cleanUpCreated,
  createTwoTeams,
  failure,
  migrateTestDatabase,
  type TestUser,
} from "../api/testing/fixtures";
import type { ReadinessView } from "./readiness-view";

const db = getDb();
let alice: TestUser;
let bob: TestUser;
let teamA: { id: string };
let teamB: { id: string };
let keyA: string;
let keyB: string;
let versionId: string;

beforeAll(async () => {
  migrateTestDatabase(testEnv.databaseUrl);
  ({ alice, bob, teamA, teamB } = await createTwoTeams());
  keyA = (await mintApiKey({ db, teamId: teamA.id, name: "ci", scopes: ["read"], createdById: alice.id })).key;
  keyB = (await mintApiKey({ db, teamId: teamB.id, name: "ci", scopes: ["read"], createdById: bob.id })).key;
  const model = await db.model.create({
    data: { teamId: teamA.id, name: "readiness-api", task: "binary_classification", createdById: alice.id },
  });
  versionId = (
    await db.modelVersion.create({
      data: { modelId: model.id, version: "1", createdById: alice.id, lastChangedById: alice.id },
    })
  ).id;
}, 120_000);

afterAll(async () => {
  await db.readinessReport.deleteMany({ where: { teamId: { in: [teamA.id, teamB.id] } } });
  await cleanUpCreated([teamA, teamB], [alice, bob]);
  await closeQueues();
  await db.$disconnect();
  await rm(testEnv.storageDir, { recursive: true, force: true });
});

const get = (id: string, key: string) =>
  getReadiness(
    new Request(`http://localhost/api/v1/model-versions/${id}/readiness`, {
      headers: { authorization: `Bearer ${key}` },
    }),
    {
      params: Promise.resolve({ id }),
    },
  );

describe("GET /api/v1/model-versions/{id}/readiness", () => {
  it("without evidence: insufficient_evidence (never ready), one report however often it is asked", async () => {
    const first = (await (await get(versionId, keyA)).json()) as ReadinessView;
    expect(first.verdict).toBe("insufficient_evidence");
    expect(first.gates.length).toBeGreaterThan(0);
    expect(first.gates.every((g) => g.status === "insufficient_evidence")).toBe(true);
    const again = (await (await get(versionId, keyA)).json()) as ReadinessView;
    expect(again.reportId).toBe(first.reportId);
    expect(again.history.map((h) => h.reportId)).toEqual([first.reportId]);
    expect(await db.readinessReport.count({ where: { modelVersionId: versionId } })).toBe(1);
  });

  it("another team's version is not found, over REST and tRPC, and gets no report", async () => {
    expect((await get(versionId, keyB)).status).toBe(404);
    expect((await get("not-a-uuid", keyA)).status).toBe(404);
    const asBob = await callerFor(bob);
    expect((await failure(asBob.readiness.byVersion({ modelVersionId: versionId }))).code).toBe("NOT_FOUND");
    expect(await db.readinessReport.count({ where: { teamId: teamB.id } })).toBe(0);
  });

  it("new evidence (a succeeded benchmark run) makes a new report", async () => {
    const dataset = await db.dataset.create({ data: { teamId: teamA.id, name: "d", createdById: alice.id } });
    const datasetVersion = await db.datasetVersion.create({
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
        createdById: alice.id,
      },
    });
    const benchmark = await db.benchmark.create({
      data: {
        teamId: teamA.id,
        name: "b",
        datasetVersionId: datasetVersion.id,
        split: { kind: "random", testFraction: 0.3 },
        metrics: ["roc_auc"],
        seed: 1,
        createdById: alice.id,
      },
    });
    const run = await db.evaluationRun.create({
      data: {
        teamId: teamA.id,
        kind: "benchmark",
        status: "succeeded",
        benchmarkId: benchmark.id,
        modelVersionId: versionId,
        seed: 1,
        datasetHash: "d",
        configHash: "c",
        config: {},
        codeVersion: "test",
        finishedAt: new Date(),
      },
    });
    await db.metricValue.create({
      data: {
        runId: run.id,
        modelVersionId: versionId,
        metric: "roc_auc",
        value: 0.9,
        lower: 0.88,
        upper: 0.92,
        level: 0.95,
        n: 5000,
      },
    });
    const asAlice = await callerFor(alice);
    const view = await asAlice.readiness.byVersion({ modelVersionId: versionId });
    expect(view.history).toHaveLength(2);
    const auc = view.gates.find((g) => g.kind === "metric" && g.runIds.includes(run.id));
    expect(auc?.runIds).toContain(run.id);
    // The default binary policy compares with the production version; there is none yet.
    expect(auc?.id).toBe("benchmark-roc-auc-vs-production");
    expect(auc?.status).toBe("insufficient_evidence");
    expect(auc?.reason).toMatch(/production/i);
  });
});

describe("GET /api/readiness-reports/{id}?format=", () => {
  const download = (id: string, user: TestUser | null, format = "html") =>
    exportReport(
      new Request(`http://localhost/api/readiness-reports/${id}?format=${format}`, {
        headers: user ? { cookie: user.cookie } : {},
      }),
      { params: Promise.resolve({ id }) },
    );

  it("exports the report as a self-contained HTML document and as JSON with its sha256", async () => {
    const { reportId } = (await (await get(versionId, keyA)).json()) as ReadinessView;
    const html = await download(reportId, alice);
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toContain("text/html");
    expect(html.headers.get("content-security-policy")).toContain("default-src 'none'");
    const page = await html.text();
    expect(page).toContain("Readiness of readiness-api 1");
    expect(page).toContain("Insufficient evidence");
    expect(page).toContain(reportId);
    expect(page).not.toMatch(/<script|src="http/);

    const json = await download(reportId, alice, "json");
    const doc = (await json.json()) as {
      format: string;
      sha256: string;
      report: { reportId: string; gates: unknown[] };
    };
    expect(doc).toMatchObject({ format: "fieldtest.readiness-report.v1", report: { reportId } });
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.report.gates.length).toBeGreaterThan(0);
  });

  it("is 401 signed out, 404 for another team's report, 400 for an unknown format", async () => {
    const { reportId } = (await (await get(versionId, keyA)).json()) as ReadinessView;
    expect((await download(reportId, null)).status).toBe(401);
    expect((await download(reportId, bob)).status).toBe(404);
    expect((await download("not-a-uuid", alice)).status).toBe(404);
    expect((await download(reportId, alice, "pdf")).status).toBe(400);
  });
});
