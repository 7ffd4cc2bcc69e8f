import { execFile } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import {
  accuracy,
  cutoffToEpochMs,
  rocAuc,
  type ShadowSnapshotResult,
  splitSchema,
  temporalSplit,
} from "@fieldtest/core";
import {
  createDb,
  type Db,
  decodeTable,
  directoryStorage,
  findRepoRoot,
  numericColumn,
  PREDICTION_ID,
  PREDICTION_SCORE,
  stringColumn,
} from "@fieldtest/db";
import { closeQueues, getQueue } from "@fieldtest/jobs";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepShadowEvaluations } from "../shadow/sweep-shadow-evaluations.ts";
import { startWorker } from "../start-worker.ts";
import { collectLog } from "../testing/log-collector.ts";
import { waitFor } from "../testing/wait-for.ts";
import { dropIntDatabase, intDatabaseUrl } from "../testing/worker-test-context.ts";
import { RAIN_FEATURES } from "./build-rain-dataset.ts";
import {
  DEMO_AUTHOR_EMAIL,
  DEMO_BENCHMARK,
  DEMO_BUILTIN_VERSION,
  DEMO_DATASET,
  DEMO_PASSWORD,
  DEMO_REVIEW,
  DEMO_SEED_VERSION,
  DEMO_SHADOW,
  DEMO_STRESS_BENCHMARK,
  DEMO_TEAM,
  DEMO_USERS,
  DEMO_VERSIONS,
} from "./demo-content.ts";
import { DEMO_FLIGHTS } from "./flight-content.ts";
import { seedDemo } from "./seed-demo.ts";

const run = promisify(execFile);
/** New York's days in weather.csv (2012–2015): the demo's shadow traffic, one event each. */
const NEW_YORK_DAYS = 1461;
/** The flight story's sample (2% of the routes): January–February flights (the dataset) and June's (the traffic). */
const SAMPLE_WINTER_FLIGHTS = 21_980;
const SAMPLE_JUNE_FLIGHTS = 11_293;
const root = findRepoRoot();

/**
 * The seed's integration tests own these databases (on DATABASE_URL's server) and never touch another.
 * Both are dropped first, so that nothing an interrupted earlier run left behind is seen.
 */
const TEST_URL = intDatabaseUrl("fieldtest_seed_int");
const UNMIGRATED_URL = intDatabaseUrl("fieldtest_seed_unmigrated_int");

let db: Db;
let storageDir: string;
const prefix = `fieldtest-seed-int-${randomUUID().slice(0, 8)}`;

function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: TEST_URL,
    FIELDTEST_STORAGE_DIR: storageDir,
    FIELDTEST_QUEUE_PREFIX: prefix,
    // The full-scale flight load is not for tests: 3 M flights take minutes.
    FIELDTEST_DEMO_FULL_SCALE: "off",
    ...extra,
  };
}

/** `npm run db:seed` as a user runs it; resolves with its exit code and output instead of throwing. */
async function seedCli(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("npm", ["run", "-s", "db:seed"], { cwd: root, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** Removes everything the seed writes, so each scenario starts from an empty demo. */
async function resetDemo(): Promise<void> {
  await db.demoSeed.deleteMany();
  await db.team.deleteMany({ where: { slug: DEMO_TEAM.slug } });
  await db.user.deleteMany({ where: { email: { in: DEMO_USERS.map((u) => u.email) } } });
}

async function counts() {
  const [users, accounts, teams, memberships, datasets, datasetVersions, models, versions, predictions] =
    await Promise.all([
      db.user.count(),
      db.account.count(),
      db.team.count(),
      db.membership.count(),
      db.dataset.count(),
      db.datasetVersion.count(),
      db.model.count(),
      db.modelVersion.count(),
      db.predictions.count(),
    ]);
  const [benchmarks, runs, demoSeeds, events, labels, shadowEvaluations, shadowVersions] = await Promise.all([
    db.benchmark.count(),
    db.evaluationRun.count(),
    db.demoSeed.count(),
    db.predictionEvent.count(),
    db.labelEvent.count(),
    db.shadowEvaluation.count(),
    db.shadowEvaluationVersion.count(),
  ]);
  const files = (await readdir(storageDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;
  return {
    users,
    accounts,
    teams,
    memberships,
    datasets,
    datasetVersions,
    models,
    versions,
    predictions,
    benchmarks,
    runs,
    demoSeeds,
    events,
    labels,
    shadowEvaluations,
    shadowVersions,
    files,
  };
}

const storage = () => directoryStorage(storageDir);

async function seed(lines: string[] = []) {
  return seedDemo({
    db,
    storage: storage(),
    codeVersion: "seed-int-test",
    queuePrefix: prefix,
    log: (l) => lines.push(l),
  });
}

beforeAll(async () => {
  const migrations = path.join(root, "prisma", "migrations");
  if (!existsSync(migrations)) throw new Error(`no migrations in ${migrations}: the seed needs a migrated database`);
  await Promise.all([dropIntDatabase(TEST_URL), dropIntDatabase(UNMIGRATED_URL)]);
  // db:migrate creates the database it migrates.
  await run("npm", ["run", "-s", "db:migrate"], { cwd: root, env: { ...process.env, DATABASE_URL: TEST_URL } });
  db = createDb(TEST_URL);
  storageDir = await mkdtemp(path.join(tmpdir(), "fieldtest-seed-int-"));
}, 120_000);

afterAll(async () => {
  await getQueue("benchmarkRun", prefix).obliterate({ force: true });
  await getQueue("shadowEvaluation", prefix).obliterate({ force: true });
  await getQueue("demoLoad", prefix).obliterate({ force: true });
  await closeQueues();
  if (db) {
    await resetDemo();
    await db.$disconnect();
  }
  if (storageDir) await rm(storageDir, { recursive: true, force: true });
});

describe("demo seed", () => {
  let firstCounts: Awaited<ReturnType<typeof counts>>;
  let runIds: string[] = [];
  let shadowEvaluationId: string;
  let reviewId: string;
  let flights: { runIds: string[]; replayFrom: Date };

  it("seeds the team, users, dataset, model versions, predictions, benchmark and queued runs", async () => {
    const lines: string[] = [];
    const started = performance.now();
    const result = await seed(lines);
    console.log(`first seed: ${((performance.now() - started) / 1000).toFixed(2)} s`);

    expect(result.seeded).toBe(true);
    if (!result.seeded) return;
    runIds = result.runIds;
    shadowEvaluationId = result.shadowEvaluationId;
    flights = result.flights;
    firstCounts = await counts();
    expect(firstCounts).toMatchObject({
      users: 3,
      accounts: 3,
      teams: 1,
      memberships: 3,
      datasets: 2, // Seattle weather; the flights sample
      datasetVersions: 2,
      models: 2, // rain tomorrow; flight delay
      versions: 5,
      predictions: 4, // the builtin version uploads none; both flight versions do
      benchmarks: 3,
      runs: 6, // rain: every version on the temporal holdout, the builtin one also on stress; flights: both versions
      demoSeeds: 1,
      // Every New York day, as the champion's production request; every sampled June flight, answered by both versions.
      events: NEW_YORK_DAYS + 2 * SAMPLE_JUNE_FLIGHTS,
      // New York: all but the recent days, still waiting; every June flight has landed.
      labels: NEW_YORK_DAYS - DEMO_SHADOW.unlabelledDays + SAMPLE_JUNE_FLIGHTS,
      shadowEvaluations: 1, // the flights' is created by the worker once their benchmark runs are over
      shadowVersions: 2,
      files: 6, // per story, the dataset and two prediction uploads
    });
    expect(result.flights.runIds).toHaveLength(2);
    const flightsDataset = await db.datasetVersion.findFirstOrThrow({
      where: { dataset: { name: DEMO_FLIGHTS.sample.datasetName } },
      include: { dataset: true },
    });
    expect(flightsDataset).toMatchObject({
      rowCount: SAMPLE_WINTER_FLIGHTS,
      idColumn: "flight_id",
      labelColumn: "delayed",
    });
    expect(flightsDataset.dataset.description).toContain("more than 15 minutes late (delay > 15)");
    const flightsJob = await getQueue("demoLoad", prefix).getJob("demo-load.flights-sample.v1");
    expect(flightsJob?.data).toMatchObject({ story: "flights", scale: "sample", version: 1 });
    expect(await getQueue("demoLoad", prefix).getJob("demo-load.flights-full.v1")).toBeUndefined();
    expect(lines.filter((l) => l.startsWith("created user"))).toHaveLength(3);
    expect(lines).toContain(`created benchmark "${DEMO_BENCHMARK.name}" v1`);
    expect(lines).toContain(`created benchmark "${DEMO_STRESS_BENCHMARK.name}" v1`);

    const team = await db.team.findUniqueOrThrow({
      where: { slug: "demo" },
      include: { memberships: { include: { user: true } } },
    });
    expect(team.name).toBe("Demo");
    expect(Object.fromEntries(team.memberships.map((m) => [m.user.email, m.role]))).toEqual({
      "member@fieldtest.dev": "member",
      "reviewer@fieldtest.dev": "reviewer",
      "admin@fieldtest.dev": "admin",
    });

    const versions = await db.modelVersion.findMany({
      where: { model: { name: "Rain tomorrow (Seattle)" } },
      include: { model: true, createdBy: true },
      orderBy: { version: "asc" },
    });
    expect(
      versions.map((v) => [v.version, v.stage, v.endpointKind, v.endpointConfig, v.model.task, v.createdBy.email]),
    ).toEqual([
      ["v0-persistence", "retired", "offline", null, "binary_classification", "member@fieldtest.dev"],
      ["v1-logreg", "production", "offline", null, "binary_classification", "member@fieldtest.dev"],
      [
        "v2-gbm",
        "shadow",
        "builtin",
        { algorithm: "gradient_boosting" },
        "binary_classification",
        "member@fieldtest.dev",
      ],
    ]);
    expect(versions[2]?.notes).toContain("Trained by Fieldtest on each benchmark's train split");

    const datasetVersion = await db.datasetVersion.findFirstOrThrow({
      where: { dataset: { name: DEMO_DATASET.name } },
      include: { dataset: true },
    });
    expect(datasetVersion).toMatchObject({
      rowCount: 1460,
      idColumn: "date",
      labelColumn: "rain_tomorrow",
      timestampColumn: DEMO_DATASET.timestampColumn,
    });
    expect(datasetVersion.dataset.name).toBe("Seattle weather — rain tomorrow");

    const benchmark = await db.benchmark.findFirstOrThrow({ where: { name: DEMO_BENCHMARK.name } });
    expect(benchmark).toMatchObject({
      name: "Seattle rain — temporal holdout",
      version: 1,
      split: { kind: "temporal", cutoff: "2014-01-01T00:00:00.000Z" },
      metrics: ["accuracy", "roc_auc"],
      threshold: 0.5,
      seed: 42,
      datasetVersionId: datasetVersion.id,
    });
    const stressBenchmark = await db.benchmark.findFirstOrThrow({ where: { name: DEMO_STRESS_BENCHMARK.name } });
    expect(stressBenchmark).toMatchObject({
      version: 1,
      task: "binary_classification",
      split: { kind: "temporal", cutoff: "2014-01-01T00:00:00.000Z" },
      metrics: [
        "roc_auc",
        "average_precision",
        "log_loss",
        "brier_score",
        "ece",
        "accuracy",
        "precision",
        "recall",
        "f1",
        "balanced_accuracy",
        "mcc",
      ],
      threshold: 0.5,
      sliceColumns: ["rain_today"],
      costs: { fp: 1, fn: 5 },
      confidenceLevel: 0.95,
      bootstrapResamples: 1000,
      holdout: null,
      seed: 42,
      datasetVersionId: datasetVersion.id,
    });
    expect((stressBenchmark.stress as { name: string }[]).map((s) => s.name)).toEqual([
      "noisy sensors",
      "rain gauge reads 50% high",
    ]);
    expect(stressBenchmark.description).toContain("fp 1, fn 5");

    const runs = await db.evaluationRun.findMany({
      where: { id: { in: runIds } },
      include: { benchmark: true, modelVersion: true },
    });
    expect(runs.map((r) => [r.status, r.kind, r.codeVersion, r.seed, r.datasetHash])).toEqual(
      runs.map(() => ["queued", "benchmark", "seed-int-test", 42, datasetVersion.sha256]),
    );
    expect(runs.map((r) => `${r.modelVersion?.version} on ${r.benchmark?.name}`).sort()).toEqual(
      [
        `v0-persistence on ${DEMO_BENCHMARK.name}`,
        `v1-logreg on ${DEMO_BENCHMARK.name}`,
        `v2-gbm on ${DEMO_BENCHMARK.name}`,
        `v2-gbm on ${DEMO_STRESS_BENCHMARK.name}`,
      ].sort(),
    );
    for (const id of runIds) {
      const job = await getQueue("benchmarkRun", prefix).getJob(id);
      expect(job?.data).toEqual({ runId: id });
    }

    // The shadow story: New York's days as v1-logreg's traffic, v2-gbm shadowing it against the Seattle holdout.
    const evaluation = await db.shadowEvaluation.findUniqueOrThrow({
      where: { id: shadowEvaluationId },
      include: { versions: { include: { modelVersion: true }, orderBy: { position: "asc" } } },
    });
    expect(evaluation).toMatchObject({ status: "queued", benchmarkId: benchmark.id, snapshotCount: 0, seed: 42 });
    expect(evaluation.versions.map((v) => [v.role, v.modelVersion.version])).toEqual([
      ["champion", "v1-logreg"],
      ["challenger", "v2-gbm"],
    ]);
    const events = await db.predictionEvent.findMany({
      where: { eventId: { startsWith: DEMO_SHADOW.eventIdPrefix } },
      orderBy: { timestamp: "asc" },
    });
    const first = events[0];
    const last = events[events.length - 1];
    expect(first).toMatchObject({ eventId: "nyc-2012-01-01", modelVersionId: evaluation.championVersionId });
    expect(last?.eventId).toBe("nyc-2015-12-31");
    // A replay: one New York day every few hours, the window from the first event to one step past the last.
    const step = DEMO_SHADOW.replayHoursPerDay * 3_600_000;
    expect(evaluation.windowFrom?.getTime()).toBe(first?.timestamp.getTime());
    expect(evaluation.windowTo?.getTime()).toBe((last?.timestamp.getTime() ?? 0) + step);
    expect(evaluation.windowTo?.getTime()).toBeLessThanOrEqual(Date.now());
    // jsonb keeps keys in its own order.
    expect(Object.keys(first?.features as object).sort()).toEqual([...RAIN_FEATURES].sort());
    const latencies = events.map((e) => e.latencyMs as number);
    expect(Math.min(...latencies)).toBeGreaterThanOrEqual(DEMO_SHADOW.latencyMs.min);
    expect(Math.max(...latencies)).toBeLessThanOrEqual(DEMO_SHADOW.latencyMs.max);
    expect(events.every((e) => typeof e.prediction === "number" && e.prediction > 0 && e.prediction < 1)).toBe(true);
    // Rain on 2012-01-02 in New York? No (0.0 mm): the first day's label is 0, stamped one replayed day later.
    const label = await db.labelEvent.findFirstOrThrow({ where: { eventId: "nyc-2012-01-01" } });
    expect(label.label).toBe(0);
    expect(label.labelTimestamp?.getTime()).toBe((first?.timestamp.getTime() ?? 0) + step);
    expect(
      await db.labelEvent.count({
        where: { eventId: { in: events.slice(-DEMO_SHADOW.unlabelledDays).map((e) => e.eventId) } },
      }),
    ).toBe(0);
    const job = await getQueue("shadowEvaluation", prefix).getJob(`${shadowEvaluationId}.s1`);
    expect(job?.data).toEqual({ shadowEvaluationId, snapshot: 1 });

    // The review pending for the demo reviewer: v2-gbm, asked for by its author, with a report and an audit event.
    const review = await db.review.findUniqueOrThrow({
      where: { id: result.reviewId },
      include: { modelVersion: true, requestedBy: true, requestReport: true },
    });
    expect(review).toMatchObject({ status: "requested", requestNote: DEMO_REVIEW.note });
    expect([review.modelVersion.version, review.requestedBy.email]).toEqual(["v2-gbm", DEMO_AUTHOR_EMAIL]);
    reviewId = review.id;
    const audit = await db.auditEvent.findMany({ where: { teamId: review.teamId }, orderBy: { seq: "asc" } });
    expect(audit.map((e) => [e.action, e.targetId])).toEqual([["review.requested", review.id]]);
  });

  it("changes nothing when run again, in process and as `npm run db:seed`", async () => {
    const lines: string[] = [];
    const started = performance.now();
    const result = await seed(lines);
    console.log(`re-seed: ${((performance.now() - started) / 1000).toFixed(3)} s`);
    expect(result).toEqual({ seeded: false, version: DEMO_SEED_VERSION });
    expect(lines).toEqual([]);
    expect(await counts()).toEqual(firstCounts);

    const cli = await seedCli(cliEnv());
    expect(cli).toMatchObject({ code: 0, stdout: `demo already seeded (version ${DEMO_SEED_VERSION})\n` });
    expect(await counts()).toEqual(firstCounts);
  });

  it("completes a seed that stopped before recording its version, without duplicating anything", async () => {
    await db.demoSeed.deleteMany();
    const lines: string[] = [];
    const result = await seed(lines);
    expect(result).toEqual({ seeded: true, version: DEMO_SEED_VERSION, runIds, shadowEvaluationId, reviewId, flights });
    expect(lines.filter((l) => l.startsWith("created") || l.startsWith("uploaded"))).toEqual([]);
    expect(await counts()).toEqual(firstCounts);
  });

  it("gives a database seeded by the previous seed version only the new content", async () => {
    // What seed version 2 left: its stages, no New York events or labels, no shadow evaluation, DemoSeed 1 and 2.
    await getQueue("shadowEvaluation", prefix).remove(`${shadowEvaluationId}.s1`);
    await db.shadowEvaluation.deleteMany();
    await db.predictionEvent.deleteMany({ where: { eventId: { startsWith: DEMO_SHADOW.eventIdPrefix } } });
    await db.predictionEventKey.deleteMany({ where: { eventId: { startsWith: DEMO_SHADOW.eventIdPrefix } } });
    await db.labelEvent.deleteMany({ where: { eventId: { startsWith: DEMO_SHADOW.eventIdPrefix } } });
    for (const spec of [DEMO_VERSIONS.persistence, DEMO_VERSIONS.logreg]) {
      await db.modelVersion.updateMany({ where: { version: spec.version }, data: { stage: spec.previousStage } });
    }
    // Someone proposed v2-gbm for review since: a stage changed by hand is kept.
    await db.modelVersion.updateMany({
      where: { version: DEMO_BUILTIN_VERSION.version },
      data: { stage: "candidate" },
    });
    await db.demoSeed.deleteMany();
    await db.demoSeed.createMany({ data: [{ version: 1 }, { version: 2 }] });

    const lines: string[] = [];
    const result = await seed(lines);
    expect(result.seeded).toBe(true);
    if (!result.seeded) return;
    expect(lines.filter((l) => /^(created|uploaded|moved|ingested)/.test(l))).toEqual([
      "moved model version v0-persistence from production to retired",
      "moved model version v1-logreg from candidate to production",
      expect.stringMatching(/^ingested 1461 New York events of v1-logreg \(2012-01-01 to 2015-12-31/),
      `ingested ${NEW_YORK_DAYS - DEMO_SHADOW.unlabelledDays} New York labels (the last 60 days still unlabelled)`,
      expect.stringMatching(/^created shadow evaluation \S+ \(v2-gbm shadowing v1-logreg on New York/),
    ]);
    expect(result.runIds).toEqual(runIds);
    expect(result.shadowEvaluationId).not.toBe(shadowEvaluationId);
    shadowEvaluationId = result.shadowEvaluationId;
    expect(await counts()).toEqual({ ...firstCounts, demoSeeds: 3 });
    expect((await db.demoSeed.findMany({ orderBy: { version: "asc" } })).map((d) => d.version)).toEqual([
      1,
      2,
      DEMO_SEED_VERSION,
    ]);
    const stages = await db.modelVersion.findMany({
      where: { model: { name: "Rain tomorrow (Seattle)" } },
      select: { version: true, stage: true },
      orderBy: { version: "asc" },
    });
    expect(stages.map((v) => `${v.version} ${v.stage}`)).toEqual([
      "v0-persistence retired",
      "v1-logreg production",
      "v2-gbm candidate",
    ]);
    expect(await getQueue("shadowEvaluation", prefix).getJob(`${shadowEvaluationId}.s1`)).toBeDefined();

    expect(await seed()).toEqual({ seeded: false, version: DEMO_SEED_VERSION });
    expect(await counts()).toEqual({ ...firstCounts, demoSeeds: 3 });
    await db.modelVersion.updateMany({ where: { version: DEMO_BUILTIN_VERSION.version }, data: { stage: "shadow" } });
  });

  it("lets every demo user sign in with better-auth's email and password sign-in", async () => {
    const auth = betterAuth({
      secret: randomBytes(32).toString("hex"),
      baseURL: "http://localhost:3000",
      database: prismaAdapter(db, { provider: "postgresql" }),
      emailAndPassword: { enabled: true },
      logger: { disabled: true },
    });
    for (const { email } of DEMO_USERS) {
      const session = await auth.api.signInEmail({ body: { email, password: DEMO_PASSWORD } });
      expect(session.user.email).toBe(email);
      expect(session.token).toEqual(expect.any(String));
    }
    await expect(
      auth.api.signInEmail({ body: { email: "member@fieldtest.dev", password: "not-the-password" } }),
    ).rejects.toThrow(/invalid email or password/i);
  });

  it("uploads predictions that rank the 2014–2015 test days well, v1 better than the baseline", async () => {
    const benchmark = await db.benchmark.findFirstOrThrow({
      where: { name: DEMO_BENCHMARK.name },
      include: { datasetVersion: true },
    });
    const split = splitSchema.parse(benchmark.split);
    if (split.kind !== "temporal") throw new Error("the demo benchmark is temporal");
    const dataset = decodeTable(await storage().get(benchmark.datasetVersion.storageKey));
    const ids = stringColumn(dataset, "date");
    const labels = numericColumn(dataset, "rain_tomorrow");
    const { test } = temporalSplit({
      timestamps: numericColumn(dataset, DEMO_DATASET.timestampColumn),
      cutoff: cutoffToEpochMs(split.cutoff),
    });
    expect(test.length).toBe(729);

    const metricsOf = async (version: string) => {
      const uploaded = await db.predictions.findFirstOrThrow({
        where: { modelVersion: { version, model: { name: "Rain tomorrow (Seattle)" } } },
      });
      const table = decodeTable(await storage().get(uploaded.storageKey));
      const scoreById = new Map<string, number>();
      const scores = numericColumn(table, PREDICTION_SCORE);
      for (const [i, id] of stringColumn(table, PREDICTION_ID).entries())
        scoreById.set(String(id), scores[i] as number);
      const y = Float64Array.from(test, (i) => labels[i] as number);
      const s = Float64Array.from(test, (i) => scoreById.get(String(ids[i])) ?? Number.NaN);
      const { threshold } = benchmark;
      if (threshold === null) throw new Error("the demo benchmark is binary: it must have a threshold");
      return { rocAuc: rocAuc(y, s), accuracy: accuracy(y, s, threshold) };
    };
    const v1 = await metricsOf(DEMO_VERSIONS.logreg.version);
    const v0 = await metricsOf(DEMO_VERSIONS.persistence.version);
    console.log(`test period: v1 ${JSON.stringify(v1)}, v0 ${JSON.stringify(v0)}`);
    expect(v1.rocAuc).toBeGreaterThan(0.7);
    expect(v0.rocAuc).toBeGreaterThan(0.6);
    expect(v1.rocAuc).toBeGreaterThan(v0.rocAuc + 0.03);
    expect(v1.accuracy).toBeGreaterThan(0.65);
  });

  it("runs every seeded benchmark run to success with the worker, the builtin version trained in the run", async () => {
    const logs = collectLog();
    const worker = await startWorker({
      db,
      storage: storage(),
      prefix,
      env: {
        FIELDTEST_WORKER_CONCURRENCY: 2,
        FIELDTEST_WORKER_LOCK_DURATION_MS: 30_000,
        FIELDTEST_WORKER_STALLED_INTERVAL_MS: 30_000,
        FIELDTEST_SWEEP_INTERVAL_MS: 600_000,
        FIELDTEST_WORKER_THROTTLE_MS: 0,
        FIELDTEST_CODE_VERSION: "seed-int-test",
      },
      log: logs.log,
    });
    try {
      const started = performance.now();
      const runs = await waitFor(
        "the demo runs to finish",
        async () => {
          const rows = await db.evaluationRun.findMany({
            where: { id: { in: runIds } },
            include: { benchmark: true, modelVersion: true, metricValues: true, results: true },
          });
          return rows.every((r) => r.status === "succeeded" || r.status === "failed") ? rows : undefined;
        },
        { timeoutMs: 50_000 },
      );
      console.log(`worker finished the demo runs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      expect(runs.map((r) => [r.modelVersion?.version, r.status, r.error])).toEqual(
        runs.map((r) => [r.modelVersion?.version, "succeeded", null]),
      );

      const headline = (version: string, benchmark: string, metric: string) => {
        const run = runs.find((r) => r.modelVersion?.version === version && r.benchmark?.name === benchmark);
        const value = run?.metricValues.find((v) => v.metric === metric && v.slice === "");
        if (!value) throw new Error(`no ${metric} of ${version} on ${benchmark}`);
        return value;
      };
      const auc = Object.fromEntries(
        ["v0-persistence", "v1-logreg", "v2-gbm"].map((v) => [v, headline(v, DEMO_BENCHMARK.name, "roc_auc").value]),
      );
      const stressed = runs.find((r) => r.benchmark?.name === DEMO_STRESS_BENCHMARK.name);
      const costs = stressed?.results.find((r) => r.kind === "costs")?.data as {
        optimal: { threshold: number; expectedCost: number };
        atThreshold: { threshold: number; expectedCost: number };
      };
      const stress = stressed?.results.find((r) => r.kind === "stress")?.data as {
        scenarios: { name: string; metrics: { metric: string; delta: number }[] }[];
      };
      const gbmAuc = headline("v2-gbm", DEMO_STRESS_BENCHMARK.name, "roc_auc");
      console.log(
        `test ROC AUC on "${DEMO_BENCHMARK.name}": ${JSON.stringify(auc)}; ` +
          `v2-gbm on "${DEMO_STRESS_BENCHMARK.name}": ${gbmAuc.value} [${gbmAuc.lower}, ${gbmAuc.upper}]; ` +
          `expected cost ${costs.atThreshold.expectedCost} at ${costs.atThreshold.threshold}, ` +
          `${costs.optimal.expectedCost} at the cost-optimal ${costs.optimal.threshold}; stress ΔROC AUC ` +
          JSON.stringify(
            stress.scenarios.map((sc) => [sc.name, sc.metrics.find((m) => m.metric === "roc_auc")?.delta]),
          ),
      );
      expect(costs.optimal.expectedCost).toBeLessThan(costs.atThreshold.expectedCost);
      expect(costs.optimal.threshold).toBeLessThan(0.5);
      expect(auc["v2-gbm"]).toBeGreaterThan(0.7);
      expect(auc["v2-gbm"]).toBeGreaterThan((auc["v0-persistence"] as number) + 0.03);
      // The same model on the same split: both benchmarks measure the same ROC AUC.
      expect(headline("v2-gbm", DEMO_STRESS_BENCHMARK.name, "roc_auc").value).toBeCloseTo(auc["v2-gbm"] as number, 12);
      expect(stressed?.results.map((r) => r.kind)).toEqual(
        expect.arrayContaining(["confusion", "costs", "curves", "model", "reliability", "slices", "stress"]),
      );
      expect(stressed?.metricValues.filter((v) => v.slice !== "").map((v) => v.slice)).toEqual(
        expect.arrayContaining(["rain_today=0", "rain_today=1"]),
      );

      // The shadow scoring waited for v2-gbm's trained model; the sweeper's next pass scores it.
      await sweepShadowEvaluations({ db, prefix, log: logs.log });
      const evaluation = await waitFor(
        "the New York shadow evaluation to finish",
        async () => {
          const row = await db.shadowEvaluation.findUniqueOrThrow({
            where: { id: shadowEvaluationId },
            include: { snapshots: { orderBy: { sequence: "desc" }, take: 1 } },
          });
          return row.status === "succeeded" || row.status === "failed" ? row : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect([evaluation.status, evaluation.error]).toEqual(["succeeded", null]);
      const snapshot = evaluation.snapshots[0];
      expect(snapshot).toMatchObject({
        events: NEW_YORK_DAYS,
        matched: NEW_YORK_DAYS,
        labelled: NEW_YORK_DAYS - DEMO_SHADOW.unlabelledDays,
      });
      const result = snapshot?.result as unknown as ShadowSnapshotResult;
      const gapOf = (version: string) => {
        const id = runs.find((r) => r.modelVersion?.version === version)?.modelVersionId;
        return result.gap.find((g) => g.modelVersionId === id)?.metrics.find((m) => m.metric === "roc_auc");
      };
      console.log(
        `New York shadow: ROC AUC gap (Seattle benchmark − New York shadow) v1-logreg ${gapOf("v1-logreg")?.gap}, ` +
          `v2-gbm ${gapOf("v2-gbm")?.gap}`,
      );
      // Fitted on Seattle, both rank New York's days visibly worse than the benchmark said.
      expect(gapOf("v1-logreg")?.gap).toBeGreaterThan(0.05);
      expect(gapOf("v2-gbm")?.gap).toBeGreaterThan(0.05);
      const unlabelledRecent = result.labelMaturity.buckets
        .filter((b) => b.maxAgeMs !== null)
        .reduce((n, b) => n + (b.events - b.labelled), 0);
      expect(unlabelledRecent).toBeGreaterThan(0);

      // The flight story: v2-flight-history wins the winter benchmark and loses in June's traffic.
      const flightRuns = await waitFor(
        "the flight runs to finish",
        async () => {
          const rows = await db.evaluationRun.findMany({
            where: { id: { in: flights.runIds } },
            include: { modelVersion: true, metricValues: { where: { slice: "" } } },
          });
          return rows.every((r) => r.status === "succeeded" || r.status === "failed") ? rows : undefined;
        },
        { timeoutMs: 30_000 },
      );
      const flightMetric = (version: string, metric: string) =>
        flightRuns.find((r) => r.modelVersion?.version === version)?.metricValues.find((v) => v.metric === metric)
          ?.value;
      const flightAuc = {
        logreg: flightMetric(DEMO_FLIGHTS.versions.logreg.version, "roc_auc"),
        history: flightMetric(DEMO_FLIGHTS.versions.history.version, "roc_auc"),
      };
      // The demo-load job of the sample starts the shadow once the runs are over; the worker scores it.
      const flightEvaluation = await waitFor(
        "the flight shadow evaluation to finish",
        async () => {
          const row = await db.shadowEvaluation.findFirst({
            where: { benchmark: { name: DEMO_FLIGHTS.sample.benchmarkName } },
            include: { snapshots: { orderBy: { sequence: "desc" }, take: 1 } },
          });
          return row?.status === "succeeded" || row?.status === "failed" ? row : undefined;
        },
        { timeoutMs: 40_000 },
      );
      expect([flightEvaluation.status, flightEvaluation.error]).toEqual(["succeeded", null]);
      expect(flightEvaluation.windowFrom).toEqual(flights.replayFrom);
      const flightSnapshot = flightEvaluation.snapshots[0];
      expect(flightSnapshot).toMatchObject({
        events: SAMPLE_JUNE_FLIGHTS,
        matched: SAMPLE_JUNE_FLIGHTS,
        labelled: SAMPLE_JUNE_FLIGHTS,
      });
      const flightResult = flightSnapshot?.result as unknown as ShadowSnapshotResult;
      const versionId = (version: string) =>
        flightRuns.find((r) => r.modelVersion?.version === version)?.modelVersionId;
      const historyId = versionId(DEMO_FLIGHTS.versions.history.version);
      const shadowAuc = (id: string | undefined) =>
        flightResult.metrics.find((m) => m.modelVersionId === id)?.metrics.roc_auc?.value;
      const flightGap = flightResult.gap
        .find((g) => g.modelVersionId === historyId)
        ?.metrics.find((m) => m.metric === "roc_auc");
      const field = {
        logreg: shadowAuc(versionId(DEMO_FLIGHTS.versions.logreg.version)),
        history: shadowAuc(historyId),
      };
      console.log(
        `flights: benchmark ROC AUC ${JSON.stringify(flightAuc)}, June shadow ROC AUC ${JSON.stringify(field)}, ` +
          `gap of v2-flight-history ${flightGap?.gap}`,
      );
      // The real numbers (2% of routes: 10,415 February flights, 11,293 June flights).
      expect(flightAuc.logreg).toBeCloseTo(0.6219, 3);
      expect(flightAuc.history).toBeCloseTo(0.7265, 3);
      expect(field.logreg).toBeCloseTo(0.6465, 3);
      expect(field.history).toBeCloseTo(0.6027, 3);
      expect(flightGap?.gap).toBeCloseTo(0.1238, 3);
      // The readiness report says so: the gap gate fails, v2-flight-history is not ready.
      const report = await waitFor(
        "v2-flight-history's readiness report with the gap",
        async () => {
          const row = await db.readinessReport.findFirst({
            where: { modelVersionId: historyId },
            orderBy: { createdAt: "desc" },
          });
          const gates = (row?.gates ?? []) as { id: string; status: string }[];
          return gates.find((g) => g.id === "gap-roc-auc")?.status === "fail" ? row : undefined;
        },
        { timeoutMs: 20_000 },
      );
      expect(report?.verdict).toBe("not_ready");
    } finally {
      await worker.close();
    }
  }, 150_000);

  it("leaves the runs queued for the sweeper when Redis is unreachable", async () => {
    await resetDemo();
    const cli = await seedCli(cliEnv({ REDIS_URL: "redis://127.0.0.1:1" }));
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/stays queued: Redis did not take it .*the worker's sweeper will enqueue it/);
    expect(cli.stdout).toContain(`demo seeded (version ${DEMO_SEED_VERSION})`);
    const runs = await db.evaluationRun.findMany();
    expect(runs.map((r) => r.status)).toEqual(runs.map(() => "queued"));
    expect(runs).toHaveLength(6);
    expect(cli.stdout).toMatch(/the flight-delay sample job was not enqueued: Redis did not take it/);
    expect(cli.stdout).toMatch(/shadow evaluation \S+ stays queued: Redis did not take it/);
    const [evaluation] = await db.shadowEvaluation.findMany();
    expect(evaluation?.status).toBe("queued");
    expect(await getQueue("shadowEvaluation", prefix).getJob(`${evaluation?.id}.s1`)).toBeUndefined();
    for (const r of runs) expect(await getQueue("benchmarkRun", prefix).getJob(r.id)).toBeUndefined();
    expect(await db.demoSeed.count()).toBe(1);
  });

  it("fails with exit code 1 and says so when the database is not migrated", async () => {
    // The real migration runner with no migrations: it creates the database and leaves it empty.
    const empty = await mkdtemp(path.join(tmpdir(), "fieldtest-seed-no-migrations-"));
    try {
      await run("npm", ["run", "-s", "migrate", "-w", "@fieldtest/db", "--", "--migrations", empty], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: UNMIGRATED_URL },
      });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
    const cli = await seedCli(cliEnv({ DATABASE_URL: UNMIGRATED_URL }));
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain("is not migrated");
    expect(cli.stderr).toContain("npm run db:migrate");
  });
});
