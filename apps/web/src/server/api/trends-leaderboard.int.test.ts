import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("./testing/int-env");
  return applyIntegrationEnv();
});

import { chunksOf, createDatasetVersion, directoryStorage, getDb, type HoldoutResult } from "@fieldtest/db";
import { holdoutSeed, replayHoldoutQueries } from "../leaderboard/holdout-answers";
import { TREND_RUNS_PER_SERIES } from "../leaderboard/trend-series";
import {
  callerFor,
  cleanUpCreated,
  createTwoTeams,
  DATASET_CSV,
  failure,
  migrateTestDatabase,
  type TestUser,
} from "./testing/fixtures";

const db = getDb();

let alice: TestUser;
let bob: TestUser;
let teamA: { id: string };
let teamB: { id: string };

beforeAll(async () => {
  migrateTestDatabase(testEnv.databaseUrl);
  ({ alice, bob, teamA, teamB } = await createTwoTeams());
}, 120_000);

afterAll(async () => {
  await cleanUpCreated([teamA, teamB], [alice, bob]);
  await db.$disconnect();
  await rm(testEnv.storageDir, { recursive: true, force: true });
});

/** A model with versions and a benchmark version in team A. */
async function setup(tag: string, versions: string[], protocol: Record<string, unknown> = {}) {
  const api = await callerFor(alice);
  const model = await api.model.create({ teamId: teamA.id, name: `model-${tag}`, task: "binary_classification" });
  const created = [];
  for (const version of versions) {
    created.push(await api.modelVersion.create({ modelId: model.id, version, endpoint: { protocol: "offline" } }));
  }
  const { datasetVersion } = await createDatasetVersion({
    db,
    storage: directoryStorage(testEnv.storageDir),
    teamId: teamA.id,
    datasetName: `dataset-${tag}`,
    body: chunksOf(DATASET_CSV),
    format: "csv",
    idColumn: "id",
    labelColumn: "label",
    timestampColumn: "ts",
    userId: alice.id,
  });
  const benchmark = await api.benchmark.create({
    name: `bench-${tag}`,
    datasetVersionId: datasetVersion.id,
    split: { kind: "random", testFraction: 0.5 },
    seed: 7,
    metrics: ["roc_auc", "log_loss"],
    threshold: 0.5,
    ...protocol,
  });
  return { api, model, versions: created, benchmark };
}

type Metric = { metric: string; value: number; half?: number; n?: number };

/** A succeeded run written directly, with whole-test-set metric values (95% intervals of ± half). */
async function succeededRun(input: {
  teamId: string;
  benchmarkId: string;
  modelVersionId: string;
  finishedAt: Date;
  metrics: Metric[];
  holdout?: HoldoutResult;
}) {
  const run = await db.evaluationRun.create({
    data: {
      teamId: input.teamId,
      kind: "benchmark",
      status: "succeeded",
      progress: 1,
      benchmarkId: input.benchmarkId,
      modelVersionId: input.modelVersionId,
      seed: 7,
      datasetHash: "d".repeat(64),
      configHash: "c".repeat(64),
      config: {},
      codeVersion: "web-it",
      startedAt: new Date(input.finishedAt.getTime() - 1000),
      finishedAt: input.finishedAt,
    },
  });
  await db.metricValue.createMany({
    data: input.metrics.map((m) => ({
      runId: run.id,
      modelVersionId: input.modelVersionId,
      metric: m.metric,
      slice: "",
      value: m.value,
      lower: m.value - (m.half ?? 0.02),
      upper: m.value + (m.half ?? 0.02),
      level: 0.95,
      n: m.n ?? 500,
    })),
  });
  if (input.holdout)
    await db.runResult.create({ data: { runId: run.id, kind: "holdout", data: input.holdout as object } });
  return run;
}

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes));

describe("trends.byModel", () => {
  it("returns each metric value as a point in time and flags a significant regression", async () => {
    const { api, model, versions, benchmark } = await setup("trends", ["1.0.0", "2.0.0"]);
    const [v1, v2] = versions as unknown as [{ id: string }, { id: string }];
    const base = { teamId: teamA.id, benchmarkId: benchmark.id };
    const r1 = await succeededRun({
      ...base,
      modelVersionId: v1.id,
      finishedAt: at(1),
      metrics: [
        { metric: "roc_auc", value: 0.9 },
        { metric: "log_loss", value: 0.3 },
      ],
    });
    const r2 = await succeededRun({
      ...base,
      modelVersionId: v1.id,
      finishedAt: at(2),
      metrics: [
        { metric: "roc_auc", value: 0.89 },
        { metric: "log_loss", value: 0.31 },
      ],
    });
    const r3 = await succeededRun({
      ...base,
      modelVersionId: v1.id,
      finishedAt: at(3),
      metrics: [
        { metric: "roc_auc", value: 0.8 },
        { metric: "log_loss", value: 0.29 },
      ],
    });
    // v2's first run is lower than v1's last, but a different version is never "the previous run".
    const r4 = await succeededRun({
      ...base,
      modelVersionId: v2.id,
      finishedAt: at(4),
      metrics: [{ metric: "roc_auc", value: 0.6 }],
    });
    // A failed run is not a point.
    await db.evaluationRun.create({
      data: {
        ...base,
        kind: "benchmark",
        status: "failed",
        modelVersionId: v1.id,
        seed: 7,
        datasetHash: "d",
        configHash: "c",
        config: {},
        codeVersion: "x",
        finishedAt: at(5),
      },
    });

    const trends = await api.trends.byModel({ modelId: model.id });

    expect(trends.benchmarks).toHaveLength(1);
    const trend = trends.benchmarks[0] as (typeof trends.benchmarks)[number];
    expect(trend.benchmark).toMatchObject({ id: benchmark.id, version: 1 });
    expect(trend.metrics).toEqual(["roc_auc", "log_loss"]);
    const auc = trend.points.filter((p) => p.metric === "roc_auc");
    expect(auc.map((p) => [p.runId, p.value, p.n])).toEqual([
      [r1.id, 0.9, 500],
      [r2.id, 0.89, 500],
      [r3.id, 0.8, 500],
      [r4.id, 0.6, 500],
    ]);
    expect(auc[0]).toMatchObject({ lower: 0.88, upper: 0.92, level: 0.95 });
    expect(auc.map((p) => p.regression !== null)).toEqual([false, false, true, false]);
    expect(auc[2]?.regression).toMatchObject({ previousRunId: r2.id });
    expect(auc[2]?.regression?.pValue).toBeLessThan(0.05);
    // log_loss going down (0.31 → 0.29) is an improvement: lower is better.
    expect(trend.points.filter((p) => p.metric === "log_loss").every((p) => p.regression === null)).toBe(true);
  });

  it("is bounded: only the latest TREND_RUNS_PER_SERIES runs of a version on a benchmark version", async () => {
    const { api, model, versions, benchmark } = await setup("trends-bounded", ["1.0.0"]);
    const version = versions[0] as unknown as { id: string };
    const count = TREND_RUNS_PER_SERIES + 5;
    const runs = await db.evaluationRun.createManyAndReturn({
      data: Array.from({ length: count }, (_, i) => ({
        teamId: teamA.id,
        kind: "benchmark" as const,
        status: "succeeded" as const,
        benchmarkId: benchmark.id,
        modelVersionId: version.id,
        seed: 7,
        datasetHash: "d",
        configHash: "c",
        config: {},
        codeVersion: "web-it",
        finishedAt: new Date(Date.UTC(2026, 1, 1) + i * 60_000),
      })),
      select: { id: true, finishedAt: true },
    });
    await db.metricValue.createMany({
      data: runs.map((r) => ({
        runId: r.id,
        modelVersionId: version.id,
        metric: "roc_auc",
        slice: "",
        value: 0.8,
        n: 10,
      })),
    });
    const trends = await api.trends.byModel({ modelId: model.id });
    expect(trends.truncated).toBe(true);
    const points = trends.benchmarks[0]?.points ?? [];
    expect(points).toHaveLength(TREND_RUNS_PER_SERIES);
    const newest = [...runs].sort((a, b) => (b.finishedAt as Date).getTime() - (a.finishedAt as Date).getTime());
    expect(new Set(points.map((p) => p.runId))).toEqual(
      new Set(newest.slice(0, TREND_RUNS_PER_SERIES).map((r) => r.id)),
    );
  });

  it("is empty for a model without runs and NOT_FOUND for another team", async () => {
    const { api, model } = await setup("trends-empty", ["1.0.0"]);
    expect((await api.trends.byModel({ modelId: model.id })).benchmarks).toEqual([]);
    const bobApi = await callerFor(bob);
    expect((await failure(bobApi.trends.byModel({ modelId: model.id }))).code).toBe("NOT_FOUND");
  });
});

describe("leaderboard.byBenchmark", () => {
  it("ranks the latest run per version with Holm-adjusted pairs; other teams' runs never appear", async () => {
    const { api, versions, benchmark } = await setup("board", ["a", "b", "c"]);
    const [va, vb, vc] = versions as unknown as [{ id: string }, { id: string }, { id: string }];
    const base = { teamId: teamA.id, benchmarkId: benchmark.id };
    // a: an old better run, then its latest (0.70) which is what counts.
    await succeededRun({
      ...base,
      modelVersionId: va.id,
      finishedAt: at(1),
      metrics: [{ metric: "roc_auc", value: 0.95 }],
    });
    const ra = await succeededRun({
      ...base,
      modelVersionId: va.id,
      finishedAt: at(5),
      metrics: [
        { metric: "roc_auc", value: 0.7 },
        { metric: "log_loss", value: 0.6 },
      ],
    });
    const rb = await succeededRun({
      ...base,
      modelVersionId: vb.id,
      finishedAt: at(2),
      metrics: [
        { metric: "roc_auc", value: 0.9 },
        { metric: "log_loss", value: 0.3 },
      ],
    });
    const rc = await succeededRun({
      ...base,
      modelVersionId: vc.id,
      finishedAt: at(3),
      metrics: [
        { metric: "roc_auc", value: 0.88 },
        { metric: "log_loss", value: 0.4 },
      ],
    });
    // Team B's model version with a run (teamId B) pointing at team A's benchmark: never shown.
    const bobApi = await callerFor(bob);
    const other = await bobApi.model.create({ teamId: teamB.id, name: "intruder", task: "binary_classification" });
    const otherVersion = await bobApi.modelVersion.create({
      modelId: other.id,
      version: "9",
      endpoint: { protocol: "offline" },
    });
    const intruder = await succeededRun({
      teamId: teamB.id,
      benchmarkId: benchmark.id,
      modelVersionId: otherVersion.id,
      finishedAt: at(6),
      metrics: [{ metric: "roc_auc", value: 0.99 }],
    });

    // Defence in depth: a run mislabelled with team A but of team B's model version never appears either.
    const mislabelled = await succeededRun({
      ...base,
      modelVersionId: otherVersion.id,
      finishedAt: at(7),
      metrics: [{ metric: "roc_auc", value: 0.98 }],
    });

    const board = await api.leaderboard.byBenchmark({ benchmarkId: benchmark.id });

    expect(board.metric).toBe("roc_auc");
    expect(board.direction).toBe("higher_is_better");
    expect(board.rows.map((r) => [r.modelVersionId, r.runId, r.rank, r.value])).toEqual([
      [vb.id, rb.id, 1, 0.9],
      [vc.id, rc.id, 2, 0.88],
      [va.id, ra.id, 3, 0.7],
    ]);
    expect(board.rows[0]).toMatchObject({ lower: 0.88, upper: 0.92, level: 0.95, n: 500 });
    expect(JSON.stringify(board)).not.toContain(intruder.id);
    expect(JSON.stringify(board)).not.toContain(otherVersion.id);
    expect(JSON.stringify(board)).not.toContain(mislabelled.id);

    // Three pairs; b vs c (0.02 apart, se 0.0102 each) is not significant, both beat a.
    expect(board.pairs).toHaveLength(3);
    const pair = (better: string, worse: string) => board.pairs.find((p) => p.better === better && p.worse === worse);
    expect(pair(vb.id, va.id)?.significant).toBe(true);
    expect(pair(vc.id, va.id)?.significant).toBe(true);
    expect(pair(vb.id, vc.id)?.significant).toBe(false);
    // Holm: the smallest raw p is multiplied by 3, the next by 2 (monotone), the largest by 1.
    type Pair = (typeof board.pairs)[number];
    const sorted = [...board.pairs].sort((x, y) => x.pValue - y.pValue) as [Pair, Pair, Pair];
    expect(sorted[0]?.adjustedPValue).toBeCloseTo(Math.min(1, 3 * sorted[0].pValue), 12);
    expect(sorted[1]?.adjustedPValue).toBeCloseTo(
      Math.min(1, Math.max(3 * sorted[0].pValue, 2 * sorted[1].pValue)),
      12,
    );
    expect(sorted[2]?.adjustedPValue).toBeCloseTo(
      Math.min(1, Math.max(sorted[1].adjustedPValue, sorted[2].pValue)),
      12,
    );

    // The metric selector: log_loss is lower-is-better.
    const byLoss = await api.leaderboard.byBenchmark({ benchmarkId: benchmark.id, metric: "log_loss" });
    expect(byLoss.direction).toBe("lower_is_better");
    expect(byLoss.rows.map((r) => r.modelVersionId)).toEqual([vb.id, vc.id, va.id]);
    const bad = await failure(api.leaderboard.byBenchmark({ benchmarkId: benchmark.id, metric: "mae" }));
    expect(bad.code).toBe("BAD_REQUEST");

    // Another team cannot read the board at all.
    expect((await failure(bobApi.leaderboard.byBenchmark({ benchmarkId: benchmark.id }))).code).toBe("NOT_FOUND");
    expect((await failure(bobApi.leaderboard.holdout({ benchmarkId: benchmark.id }))).code).toBe("NOT_FOUND");
  });
});

function holdoutData(publicValue: number, holdoutValue: number): HoldoutResult {
  return {
    mechanism: "thresholdout",
    queryBudget: 2,
    fraction: 0.2,
    rows: 400,
    publicRows: 1600,
    selection: "test",
    holdout: [{ metric: "roc_auc", value: holdoutValue, lower: null, upper: null, level: null, n: 400 }],
    public: [{ metric: "roc_auc", value: publicValue, lower: null, upper: null, level: null, n: 1600 }],
    rowsKey: "run-results/x/holdout-secret-key.f64",
    sha256: "e".repeat(64),
  };
}

describe("leaderboard.holdout", () => {
  it("is disabled for a benchmark without a hidden holdout", async () => {
    const { api, benchmark } = await setup("no-holdout", ["1"]);
    expect(await api.leaderboard.holdout({ benchmarkId: benchmark.id })).toEqual({ enabled: false });
  });

  it("answers through Thresholdout, one query per holdout-bearing run, until the budget is spent", async () => {
    const { api, versions, benchmark } = await setup("holdout", ["a", "b", "c"]);
    // The fixture dataset is too small for benchmark.create to accept a holdout: set it directly.
    await db.benchmark.update({
      where: { id: benchmark.id },
      data: { holdout: { fraction: 0.2, queryBudget: 2, mechanism: "thresholdout" } },
    });
    const [va, vb, vc] = versions as unknown as [{ id: string }, { id: string }, { id: string }];
    const base = { teamId: teamA.id, benchmarkId: benchmark.id };
    const m = [{ metric: "roc_auc", value: 0.8 }];

    const empty = await api.leaderboard.holdout({ benchmarkId: benchmark.id });
    expect(empty).toMatchObject({ enabled: true, supported: true, budget: 2, used: 0, spent: false, versions: [] });

    // Holdout values chosen far from the public ones so Thresholdout answers from the holdout (noisily).
    const ra = await succeededRun({
      ...base,
      modelVersionId: va.id,
      finishedAt: at(1),
      metrics: m,
      holdout: holdoutData(0.8, 0.1234567),
    });
    const one = await api.leaderboard.holdout({ benchmarkId: benchmark.id });
    expect(one).toMatchObject({ used: 1, spent: false });
    // Looking again spends nothing and gives the same answer (replayed, not re-drawn).
    expect(await api.leaderboard.holdout({ benchmarkId: benchmark.id })).toEqual(one);

    const rb = await succeededRun({
      ...base,
      modelVersionId: vb.id,
      finishedAt: at(2),
      metrics: m,
      holdout: holdoutData(0.8, 0.8),
    });
    const rc = await succeededRun({
      ...base,
      modelVersionId: vc.id,
      finishedAt: at(3),
      metrics: m,
      holdout: holdoutData(0.7, 0.2),
    });
    const spent = await api.leaderboard.holdout({ benchmarkId: benchmark.id });
    if (!spent.enabled || !spent.supported) throw new Error("expected a served holdout");
    expect(spent).toMatchObject({ budget: 2, used: 2, spent: true });
    expect(spent.versions.map((v) => [v.runId, v.query, v.status])).toEqual([
      [rc.id, 3, "refused"],
      [rb.id, 2, "answered"],
      [ra.id, 1, "answered"],
    ]);
    expect(spent.versions[2]?.value).toBe((one as { versions: { value: number | null }[] }).versions[0]?.value);
    // The same answers as a replay of the documented history with the server's seed.
    const replay = replayHoldoutQueries({
      queries: [
        { runId: ra.id, publicValue: 0.8, holdoutValue: 0.1234567, holdoutRows: 400 },
        { runId: rb.id, publicValue: 0.8, holdoutValue: 0.8, holdoutRows: 400 },
        { runId: rc.id, publicValue: 0.7, holdoutValue: 0.2, holdoutRows: 400 },
      ],
      budget: 2,
      seed: holdoutSeed(process.env.BETTER_AUTH_SECRET as string, benchmark.id),
    });
    expect(spent.versions.map((v) => v.value)).toEqual([
      null,
      (replay.answers[1] as { value: number }).value,
      (replay.answers[0] as { value: number }).value,
    ]);
    // The raw holdout values and the blob's key never leave the server.
    const json = JSON.stringify(spent);
    expect(json).not.toContain("0.1234567");
    expect(json).not.toContain("holdout-secret-key");
    expect(spent.versions[2]?.value).not.toBe(0.1234567);
  });
});
