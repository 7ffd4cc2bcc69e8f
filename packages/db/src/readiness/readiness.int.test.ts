import {
  type BinaryShadowInput,
  defaultPolicy,
  evaluateGates,
  type ReadinessEvidence,
  type ShadowSnapshotResult,
  type ShadowVersionInput,
  scoreShadowSnapshot,
} from "@fieldtest/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatasetTestDb, openDatasetTestDb } from "../datasets/testing/dataset-test-db.ts";
import { AppError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { assembleReadinessEvidence } from "./assemble-readiness-evidence.ts";
import { evaluateReadiness } from "./evaluate-readiness.ts";
import { readinessHistory } from "./readiness-history.ts";
import { effectivePolicy, saveReadinessPolicy } from "./readiness-policies.ts";

let t: DatasetTestDb;
let modelId: string;
let champion: string;
let challenger: string;
let bare: string;
let benchmarkId: string;
let runId: string;
let shadowEvaluationId: string;
const FINISHED = new Date("2026-11-20T10:00:00.000Z");
const NOW = new Date("2026-11-27T12:00:00.000Z");
const DAY = 86_400_000;

/** A small deterministic generator (LCG) for the synthetic shadow traffic. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/** 600 events over 10 days before `nowMs`, ~70% labelled, champion noisier than challenger. */
function shadowInput(nowMs: number, look: number): BinaryShadowInput {
  const n = 600;
  const r = rng(7 + look);
  const z = Array.from({ length: n }, () => 3 * (r() - 0.5));
  const labels = Float64Array.from(z, (zi) => (r() < 0.7 ? (r() < 1 / (1 + Math.exp(-zi)) ? 1 : 0) : Number.NaN));
  const eventTimeMs = Float64Array.from({ length: n }, (_, i) => nowMs - 10 * DAY + i * ((10 * DAY) / n));
  const version = (id: string, role: "champion" | "challenger", noise: number): ShadowVersionInput<Float64Array> => ({
    modelVersionId: id,
    role,
    predictions: Float64Array.from(z, (zi) => 1 / (1 + Math.exp(-(zi + noise * (r() - 0.5))))),
    status: new Uint8Array(n).fill(1),
    latencyMs: Float64Array.from({ length: n }, () => 20 + 30 * r()),
  });
  return {
    task: "binary_classification",
    look,
    seed: 11,
    nowMs,
    resamples: 200,
    labelFreeResamples: 20,
    eventTimeMs,
    labels,
    versions: [
      version(champion, "champion", 3),
      {
        ...version(challenger, "challenger", 1),
        benchmark: { roc_auc: { value: 0.85, lower: 0.82, upper: 0.88, level: 0.95 } },
      },
    ],
    features: {
      names: ["x"],
      production: { x: Float64Array.from(z, (zi) => zi + 0.3) },
      reference: { x: Float64Array.from({ length: 300 }, () => 3 * (r() - 0.5)) },
    },
  };
}

async function addSnapshot(sequence: number, scoredAt: Date): Promise<ShadowSnapshotResult> {
  const result = scoreShadowSnapshot(shadowInput(scoredAt.getTime(), sequence));
  const labelledAsOf = {
    sequence,
    scoredAt: scoredAt.toISOString(),
    windowFrom: null,
    windowTo: scoredAt.toISOString(),
    labelled: result.counts.labelled,
  };
  await t.db.shadowSnapshot.create({
    data: {
      shadowEvaluationId,
      sequence,
      scoredAt,
      windowTo: scoredAt,
      events: result.counts.events,
      matched: result.counts.matched,
      labelled: result.counts.labelled,
      result: { ...result, labelledAsOf } as unknown as Prisma.InputJsonValue,
      codeVersion: "test",
    },
  });
  // As saveShadowSnapshot does for a look.
  await t.db.shadowEvaluation.update({
    where: { id: shadowEvaluationId },
    data: { snapshotCount: sequence, looks: { increment: 1 }, labelledAtLastLook: result.counts.labelled },
  });
  return result;
}

async function succeededRun(modelVersionId: string, metrics: [string, number, number, number][]) {
  const run = await t.db.evaluationRun.create({
    data: {
      teamId: t.teamId,
      kind: "benchmark",
      status: "succeeded",
      benchmarkId,
      modelVersionId,
      seed: 1,
      datasetHash: "d",
      configHash: "c",
      config: {},
      codeVersion: "test",
      finishedAt: FINISHED,
    },
  });
  await t.db.metricValue.createMany({
    data: metrics.map(([metric, value, lower, upper]) => ({
      runId: run.id,
      modelVersionId,
      metric,
      value,
      lower,
      upper,
      level: 0.95,
      n: 2000,
    })),
  });
  return run.id;
}

let firstResult: ShadowSnapshotResult;

beforeAll(async () => {
  t = await openDatasetTestDb();
  const user = t.userId;
  modelId = (
    await t.db.model.create({
      data: { teamId: t.teamId, name: "churn", task: "binary_classification", createdById: user },
    })
  ).id;
  const version = (v: string, stage: "production" | "candidate") =>
    t.db.modelVersion.create({ data: { modelId, version: v, stage, createdById: user, lastChangedById: user } });
  champion = (await version("1", "production")).id;
  challenger = (await version("2", "candidate")).id;
  bare = (await version("3", "candidate")).id;
  const dataset = await t.db.dataset.create({ data: { teamId: t.teamId, name: "d", createdById: user } });
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
      createdById: user,
    },
  });
  benchmarkId = (
    await t.db.benchmark.create({
      data: {
        teamId: t.teamId,
        name: "b",
        datasetVersionId: dv.id,
        split: { kind: "random", testFraction: 0.3 },
        metrics: ["roc_auc", "ece"],
        seed: 1,
        createdById: user,
      },
    })
  ).id;
  await succeededRun(champion, [["roc_auc", 0.84, 0.81, 0.87]]);
  runId = await succeededRun(challenger, [
    ["roc_auc", 0.85, 0.82, 0.88],
    ["ece", 0.03, 0.02, 0.04],
  ]);
  await t.db.runResult.create({
    data: {
      runId,
      kind: "latency",
      data: { protocol: "http-json", calls: 40, rows: 2000, p50Ms: 12, p95Ms: 30, p99Ms: 41, maxMs: 50, meanMs: 14 },
    },
  });
  shadowEvaluationId = (
    await t.db.shadowEvaluation.create({
      data: {
        teamId: t.teamId,
        championVersionId: champion,
        seed: 11,
        benchmarkId,
        versions: {
          create: [
            { modelVersionId: champion, role: "champion", position: 0 },
            { modelVersionId: challenger, role: "challenger", position: 1 },
          ],
        },
      },
    })
  ).id;
  firstResult = await addSnapshot(1, new Date(NOW.getTime() - DAY));
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe("assembleReadinessEvidence", () => {
  it("reads the benchmark run as fixed-sample evidence, with production's metrics but no differences", async () => {
    const assembled = await assembleReadinessEvidence({ db: t.db, teamId: t.teamId, modelVersionId: challenger });
    const b = assembled?.evidence.benchmark;
    expect(b).toMatchObject({ asOf: FINISHED.toISOString(), runIds: [runId], labelledCount: 2000 });
    expect(b?.metrics.roc_auc).toEqual({
      value: 0.85,
      interval: [0.82, 0.88],
      level: 0.95,
      intervalKind: "fixed_sample",
      n: 2000,
    });
    expect(b?.metrics.ece?.interval).toEqual([0.02, 0.04]);
    expect(b?.latency).toEqual({ n: 40, percentilesMs: { p50: 12, p95: 30, p99: 41 } });
    expect(b?.production?.modelVersionId).toBe(champion);
    expect(b?.production?.metrics.roc_auc?.value).toBe(0.84);
    expect(b?.production?.differences).toEqual({});
    expect(assembled?.sources).toEqual({ benchmarkRunIds: [runId], shadowEvaluationId, shadowSnapshot: 1 });
  });

  it("reads the shadow look as anytime-valid evidence, with the paired differences, gap and drift", async () => {
    const assembled = await assembleReadinessEvidence({ db: t.db, teamId: t.teamId, modelVersionId: challenger });
    const s = assembled?.evidence.shadow;
    const own = firstResult.metrics.find((m) => m.modelVersionId === challenger)?.metrics.brier_score;
    const champ = firstResult.metrics.find((m) => m.modelVersionId === champion)?.metrics.brier_score;
    const diff = firstResult.difference[0]?.comparisons.find((c) => c.metric === "brier_score");
    expect(own?.value).toEqual(expect.any(Number));
    expect(s?.asOf).toBe(new Date(NOW.getTime() - DAY).toISOString());
    expect(s?.labelledCount).toBe(firstResult.counts.labelled);
    expect(s?.metrics.brier_score).toEqual({
      value: own?.value,
      interval: [own?.lower, own?.upper],
      level: own?.level,
      intervalKind: "anytime_valid",
      n: own?.n,
    });
    expect(s?.production?.modelVersionId).toBe(champion);
    expect(s?.production?.metrics.brier_score?.value).toBe(champ?.value);
    expect(s?.production?.differences.brier_score).toEqual({
      value: diff?.challengerMinusChampion,
      interval: [diff?.lower, diff?.upper],
      level: diff?.level,
      intervalKind: "anytime_valid",
      n: diff?.n,
    });
    const latency = firstResult.latency.find((l) => l.modelVersionId === challenger);
    expect(s?.latency).toEqual({
      n: latency?.n,
      percentilesMs: { p50: latency?.p50, p95: latency?.p95, p99: latency?.p99 },
    });
    const week = s?.labelMaturity?.find((m) => m.minEventAgeHours === 168);
    const bucket = firstResult.labelMaturity.buckets.find((x) => x.label === "≤7d");
    expect(week).toEqual({
      minEventAgeHours: 168,
      eventCount: firstResult.labelMaturity.events - (bucket?.cumulativeEvents ?? Number.NaN),
      labelledCount: firstResult.labelMaturity.labelled - (bucket?.cumulativeLabelled ?? Number.NaN),
    });
    expect(week?.eventCount).toBeGreaterThan(0);

    const gap = firstResult.gap
      .find((g) => g.modelVersionId === challenger)
      ?.metrics.find((e) => e.metric === "roc_auc");
    expect(gap?.gap).toEqual(expect.any(Number));
    expect(assembled?.evidence.gap?.metrics.roc_auc).toEqual({
      value: gap?.gap,
      interval: [gap?.lower, gap?.upper],
      level: gap?.coverageAtLeast,
      intervalKind: "anytime_valid",
      n: firstResult.metrics.find((m) => m.modelVersionId === challenger)?.metrics.roc_auc?.n,
    });
    const x = firstResult.drift?.report?.columns.x;
    expect(x?.type).toBe("numeric");
    expect(assembled?.evidence.drift?.features.x).toMatchObject({
      type: "numeric",
      referenceN: 300,
      currentN: 600,
      psi: x?.psi,
      js_distance: x?.js_distance,
      ks_statistic: x?.type === "numeric" ? x.ks_statistic : Number.NaN,
    });
  });

  it("gives the champion its own shadow metrics but no production comparison", async () => {
    const assembled = await assembleReadinessEvidence({ db: t.db, teamId: t.teamId, modelVersionId: champion });
    expect(assembled?.evidence.shadow?.metrics.brier_score?.intervalKind).toBe("anytime_valid");
    expect(assembled?.evidence.shadow?.production).toBeUndefined();
    expect(assembled?.evidence.benchmark?.production).toBeUndefined();
  });

  it("is null for a version of another team, or no version at all", async () => {
    const other = await t.db.team.create({ data: { slug: `other-${t.teamId}`, name: "Other" } });
    for (const teamId of [other.id, "not-a-uuid"]) {
      expect(await assembleReadinessEvidence({ db: t.db, teamId, modelVersionId: challenger })).toBeNull();
      expect(await evaluateReadiness({ db: t.db, teamId, modelVersionId: challenger, now: NOW })).toBeNull();
      expect(await readinessHistory({ db: t.db, teamId, modelVersionId: challenger })).toEqual([]);
    }
    expect(
      await assembleReadinessEvidence({ db: t.db, teamId: t.teamId, modelVersionId: crypto.randomUUID() }),
    ).toBeNull();
    expect(await t.db.readinessReport.count({ where: { teamId: other.id } })).toBe(0);
  });
});

describe("evaluateReadiness", () => {
  const VERDICT = { pass: "ready", fail: "not_ready", insufficient_evidence: "insufficient_evidence" } as const;

  it("records evaluateGates on the assembled evidence, once per distinct evidence", async () => {
    const assembled = await assembleReadinessEvidence({ db: t.db, teamId: t.teamId, modelVersionId: challenger });
    const evidence = assembled?.evidence as ReadinessEvidence;
    const expected = evaluateGates({ policy: defaultPolicy("binary_classification"), evidence, now: NOW });
    const report = await evaluateReadiness({ db: t.db, teamId: t.teamId, modelVersionId: challenger, now: NOW });
    expect(report?.verdict).toBe(VERDICT[expected.verdict]);
    expect(report?.gates).toEqual(JSON.parse(JSON.stringify(expected.gates)));
    expect(report?.counts).toEqual(expected.counts);
    expect(report?.evidence).toEqual(JSON.parse(JSON.stringify(evidence)));
    expect(report?.evidenceHash).toMatch(/^[0-9a-f]{64}$/);
    const status = (id: string) => expected.gates.find((g) => g.id === id)?.status;
    // These runs were written without per-row scores, so no paired comparison with production
    // exists: the relative benchmark gate cannot decide (benchmark-run-compare.int.test.ts has one that can).
    expect(status("benchmark-roc-auc-vs-production")).toBe("insufficient_evidence");
    expect(status("shadow-latency-p95")).toBe("insufficient_evidence"); // 600 < 1,000 calls

    const again = await evaluateReadiness({
      db: t.db,
      teamId: t.teamId,
      modelVersionId: challenger,
      now: new Date(NOW.getTime() + 60_000),
    });
    expect(again?.id).toBe(report?.id);
    expect(await t.db.readinessReport.count({ where: { modelVersionId: challenger } })).toBe(1);
  });

  it("writes a new report for new evidence, once even when evaluated concurrently", async () => {
    await addSnapshot(2, NOW);
    const reports = await Promise.all(
      Array.from({ length: 4 }, () =>
        evaluateReadiness({ db: t.db, teamId: t.teamId, modelVersionId: challenger, now: NOW }),
      ),
    );
    const a = reports[0];
    expect(new Set(reports.map((r) => r?.id))).toEqual(new Set([a?.id]));
    expect((a?.evidence as unknown as ReadinessEvidence | undefined)?.shadow?.asOf).toBe(NOW.toISOString());
    const history = await readinessHistory({ db: t.db, teamId: t.teamId, modelVersionId: challenger });
    expect(history.map((r) => r.id)).toHaveLength(2);
    expect(history[0]?.id).toBe(a?.id);
    expect((history[0]?.counts as { total?: number } | undefined)?.total).toBe(
      defaultPolicy("binary_classification").gates.length,
    );
    expect(await readinessHistory({ db: t.db, teamId: t.teamId, modelVersionId: challenger, take: 1 })).toHaveLength(1);
  });

  it("is insufficient_evidence, never ready, for a version without any evidence", async () => {
    const report = await evaluateReadiness({ db: t.db, teamId: t.teamId, modelVersionId: bare, now: NOW });
    expect(report?.verdict).toBe("insufficient_evidence");
    expect(report?.evidence).toEqual({});
    const gates = report?.gates as unknown as { status: string }[];
    expect(gates.length).toBeGreaterThan(0);
    expect(gates.every((g) => g.status === "insufficient_evidence")).toBe(true);
  });
});

describe("readiness policies", () => {
  const AUC_GATE = {
    id: "benchmark-auc",
    kind: "metric",
    source: "benchmark",
    metric: "roc_auc",
    comparator: ">=",
    threshold: 0.8,
    confidenceLevel: 0.95,
    minN: 500,
  } as const;
  const save = (extra: Partial<Parameters<typeof saveReadinessPolicy>[0]>) =>
    saveReadinessPolicy({ db: t.db, teamIds: [t.teamId], userId: t.userId, teamId: t.teamId, policy: null, ...extra });
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  };

  it("refuses a policy that is invalid or does not fit the task, naming the path, and stores nothing", async () => {
    const before = await t.db.readinessPolicy.count();
    const missing = await refusal(
      save({ task: "binary_classification", policy: { gates: [{ ...AUC_GATE, threshold: undefined }] } }),
    );
    expect([missing.code, missing.field]).toEqual(["BAD_INPUT", "policy.gates.0.threshold"]);
    const wrongTask = await refusal(save({ task: "regression", policy: { gates: [AUC_GATE] } }));
    expect([wrongTask.code, wrongTask.field]).toEqual(["BAD_INPUT", "policy.gates.0.metric"]);
    expect(wrongTask.message).toContain("roc_auc is not a regression metric");
    const empty = await refusal(save({ task: "binary_classification", policy: { gates: [] } }));
    expect(empty.field).toBe("policy.gates");
    const otherTeam = await refusal(
      save({ teamIds: [], task: "binary_classification", policy: { gates: [AUC_GATE] } }),
    );
    expect(otherTeam.code).toBe("NOT_FOUND");
    expect(await t.db.readinessPolicy.count()).toBe(before);
  });

  it("judges by the team's policy, then the model's override, then the team's again; each version audited", async () => {
    const teamV1 = await save({ task: "binary_classification", policy: { gates: [AUC_GATE] }, note: "benchmark only" });
    expect(teamV1.version).toBe(1);
    // The challenger's benchmark roc_auc interval [0.82, 0.88] clears 0.8: ready under this policy.
    const ready = await evaluateReadiness({ db: t.db, teamId: t.teamId, modelVersionId: challenger, now: NOW });
    expect(ready).toMatchObject({ verdict: "ready", policyId: teamV1.id });
    expect(await effectivePolicy(t.db, { teamId: t.teamId, modelId, task: "binary_classification" })).toMatchObject({
      source: { kind: "team", version: 1, note: "benchmark only" },
    });

    const strict = { gates: [{ ...AUC_GATE, id: "auc-strict", threshold: 0.9 }] };
    const modelV1 = await save({ modelId, policy: strict });
    expect(modelV1).toMatchObject({ version: 1, task: "binary_classification", scopeKey: `model:${modelId}` });
    const notReady = await evaluateReadiness({ db: t.db, teamId: t.teamId, modelVersionId: challenger, now: NOW });
    expect(notReady).toMatchObject({ verdict: "not_ready", policyId: modelV1.id });

    const back = await save({ modelId, policy: null, note: "use the team's" });
    expect(back).toMatchObject({ version: 2, policy: null });
    const again = await evaluateReadiness({ db: t.db, teamId: t.teamId, modelVersionId: challenger, now: NOW });
    expect(again?.verdict).toBe("ready");
    // A new report (the latest was not_ready), judged by the team's v1 again.
    expect(again?.policyId).toBe(teamV1.id);

    const audit = await t.db.auditEvent.findMany({
      where: { teamId: t.teamId, action: "policy.changed" },
      orderBy: { seq: "asc" },
    });
    expect(audit.map((e) => (e.details as { scope: string; version: number }).scope)).toEqual([
      "team",
      "model",
      "model",
    ]);
    expect(audit.map((e) => (e.details as { version: number }).version)).toEqual([1, 1, 2]);
  });

  it("numbers concurrent saves one after another", async () => {
    const saved = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        save({
          task: "multiclass_classification",
          policy: { gates: [{ ...AUC_GATE, metric: "accuracy", id: `g${i}` }] },
        }),
      ),
    );
    expect(saved.map((s) => s.version).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
