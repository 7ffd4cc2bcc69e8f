import { createHash } from "node:crypto";
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("./testing/int-env");
  return applyIntegrationEnv();
});

import { Ladder, perRowLosses } from "@fieldtest/core";
import { chunksOf, createDatasetVersion, directoryStorage, getDb, type HoldoutResult } from "@fieldtest/db";
import {
  callerFor,
  cleanUp,
  createTeam,
  createUser,
  DATASET_CSV,
  migrateTestDatabase,
  type TestUser,
} from "./testing/fixtures";

const db = getDb();
const storage = directoryStorage(testEnv.storageDir);

let alice: TestUser;
let teamA: { id: string };

beforeAll(async () => {
  migrateTestDatabase(testEnv.databaseUrl);
  alice = await createUser("ladder-alice");
  teamA = await createTeam("Ladder", [{ user: alice }]);
}, 120_000);

afterAll(async () => {
  await cleanUp([teamA?.id].filter(Boolean) as string[], [alice?.id].filter(Boolean) as string[]);
  await db.$disconnect();
  await rm(testEnv.storageDir, { recursive: true, force: true });
});

/** A model with versions and a benchmark version with a Ladder holdout (budget 2) in team A. */
async function setup(tag: string, metrics: ("log_loss" | "roc_auc")[]) {
  const api = await callerFor(alice);
  const model = await api.model.create({ teamId: teamA.id, name: `model-${tag}`, task: "binary_classification" });
  const versions = [];
  for (const version of ["a", "b", "c"]) {
    versions.push(await api.modelVersion.create({ modelId: model.id, version, endpoint: { protocol: "offline" } }));
  }
  const { datasetVersion } = await createDatasetVersion({
    db,
    storage,
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
    metrics,
    threshold: 0.5,
  });
  // The fixture dataset is too small for benchmark.create to accept a holdout: set it directly.
  await db.benchmark.update({
    where: { id: benchmark.id },
    data: { holdout: { fraction: 0.2, queryBudget: 2, mechanism: "ladder" } },
  });
  return { api, versions: versions as unknown as { id: string }[], benchmark };
}

/** The worker's layout (apps/worker/src/runs/holdout.ts encodeHoldoutRows): labels then scores, LE float64. */
function encodeHoldoutRows(labels: Float64Array, scores: Float64Array): Uint8Array {
  const bytes = new Uint8Array(16 * labels.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < labels.length; i++) view.setFloat64(8 * i, labels[i] as number, true);
  for (let i = 0; i < scores.length; i++) view.setFloat64(8 * (labels.length + i), scores[i] as number, true);
  return bytes;
}

const LABELS = Float64Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 1 : 0));
/** Scores with `wrong` rows on the wrong side of 0.5 (confidently), the rest right (mildly). */
const scoresWith = (wrong: number) =>
  Float64Array.from(LABELS, (y, i) => (i < wrong ? (y === 1 ? 0.1 : 0.9) : y === 1 ? 0.7 : 0.3));

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes));

/** A succeeded run whose holdout result and blob are written as the worker writes them (holdoutResult). */
async function ladderRun(input: {
  benchmarkId: string;
  modelVersionId: string;
  finishedAt: Date;
  metric: string;
  scores: Float64Array;
}) {
  const run = await db.evaluationRun.create({
    data: {
      teamId: teamA.id,
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
  const bytes = encodeHoldoutRows(LABELS, input.scores);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const rowsKey = `run-results/${run.id}/holdout-${sha256}.f64`;
  if (!(await storage.exists(rowsKey))) await storage.put(rowsKey, bytes);
  const holdout: HoldoutResult = {
    mechanism: "ladder",
    queryBudget: 2,
    fraction: 0.2,
    rows: LABELS.length,
    publicRows: 80,
    selection: "test",
    holdout: [{ metric: input.metric, value: 0.4242424, lower: null, upper: null, level: null, n: LABELS.length }],
    public: [{ metric: input.metric, value: 0.5, lower: null, upper: null, level: null, n: 80 }],
    rowsKey,
    sha256,
  };
  await db.runResult.create({ data: { runId: run.id, kind: "holdout", data: holdout as object } });
  return run;
}

describe("leaderboard.holdout with the Ladder", () => {
  it("replays core's Ladder over the runs' per-row log losses, counts the budget and refuses beyond it", async () => {
    const { api, versions, benchmark } = await setup("ladder", ["log_loss", "roc_auc"]);
    const [va, vb, vc] = versions as [{ id: string }, { id: string }, { id: string }];
    const base = { benchmarkId: benchmark.id, metric: "log_loss" };

    const empty = await api.leaderboard.holdout({ benchmarkId: benchmark.id });
    expect(empty).toMatchObject({
      enabled: true,
      supported: true,
      mechanism: "ladder",
      loss: "log_loss",
      budget: 2,
      used: 0,
      spent: false,
      versions: [],
    });

    const ra = await ladderRun({ ...base, modelVersionId: va.id, finishedAt: at(1), scores: scoresWith(8) });
    const one = await api.leaderboard.holdout({ benchmarkId: benchmark.id });
    expect(one).toMatchObject({ used: 1, spent: false });
    // Looking again spends nothing and gives the same answer (replayed, not stored).
    expect(await api.leaderboard.holdout({ benchmarkId: benchmark.id })).toEqual(one);

    const rb = await ladderRun({ ...base, modelVersionId: vb.id, finishedAt: at(2), scores: scoresWith(1) });
    const rc = await ladderRun({ ...base, modelVersionId: vc.id, finishedAt: at(3), scores: scoresWith(0) });
    const spent = await api.leaderboard.holdout({ benchmarkId: benchmark.id });
    expect(await api.leaderboard.holdout({ benchmarkId: benchmark.id })).toEqual(spent);
    if (!spent.enabled || !spent.supported || !("loss" in spent)) throw new Error("expected a Ladder holdout");
    expect(spent).toMatchObject({ budget: 2, used: 2, spent: true, loss: "log_loss" });
    expect(spent.versions.map((v) => [v.runId, v.query, v.status, v.accepted])).toEqual([
      [rc.id, 3, "refused", null],
      [rb.id, 2, "answered", true],
      [ra.id, 1, "answered", true],
    ]);

    // The same scores as core's Ladder over the documented history of per-row losses.
    const ladder = new Ladder({ budget: 2 });
    const expected = [scoresWith(8), scoresWith(1), scoresWith(0)].map((scores) =>
      ladder.submit(perRowLosses({ metric: "log_loss", labels: LABELS, scores, threshold: 0.5 }).losses),
    );
    expect(expected[2]?.status).toBe("refused");
    expect(spent.versions.map((v) => v.value)).toEqual([
      null,
      (expected[1] as { score: number }).score,
      (expected[0] as { score: number }).score,
    ]);
    expect(spent.versions[2]?.value).toBe((one as { versions: { value: number | null }[] }).versions[0]?.value);

    // Neither the stored holdout metric, the blob's key nor its rows leave the server.
    const json = JSON.stringify(spent);
    expect(json).not.toContain("0.4242424");
    expect(json).not.toContain("holdout-");
    expect(json).not.toContain("run-results");
  });

  it("uses the 0/1 error at the threshold for a primary metric without a per-row loss, and says so", async () => {
    const { api, versions, benchmark } = await setup("ladder-auc", ["roc_auc"]);
    const [va, vb] = versions as [{ id: string }, { id: string }];
    const base = { benchmarkId: benchmark.id, metric: "roc_auc" };
    const ra = await ladderRun({ ...base, modelVersionId: va.id, finishedAt: at(1), scores: scoresWith(6) });
    // One row better than the leader is within the Ladder's margin: the score does not move.
    const rb = await ladderRun({ ...base, modelVersionId: vb.id, finishedAt: at(2), scores: scoresWith(5) });
    const answers = await api.leaderboard.holdout({ benchmarkId: benchmark.id });
    if (!answers.enabled || !answers.supported || !("loss" in answers)) throw new Error("expected a Ladder holdout");
    expect(answers.loss).toBe("0/1 error at threshold 0.5: roc_auc has no per-row loss");
    expect(answers).toMatchObject({ used: 2, spent: true });
    expect(answers.versions.map((v) => [v.runId, v.status, v.value, v.accepted])).toEqual([
      [rb.id, "answered", 6 / 20, false],
      [ra.id, "answered", 6 / 20, true],
    ]);
  });
});
