import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("./testing/int-env");
  return applyIntegrationEnv();
});

import { defaultPolicy } from "@fieldtest/core";
import {
  chunksOf,
  createDatasetVersion,
  directoryStorage,
  getDb,
  ingestLabels,
  ingestPredictionEvents,
  savePredictions,
} from "@fieldtest/db";
import { closeQueues, DEMO_LOAD_VERSION, enqueue, getQueue, type QueueKey, queues } from "@fieldtest/jobs";
import { TRPCError } from "@trpc/server";
import { appRouter } from "./root";
import {
  callerFor,
  cleanUpCreated,
  createTeam,
  createUser,
  DATASET_CSV,
  migrateTestDatabase,
  PREDICTIONS_CSV,
  type TestUser,
} from "./testing/fixtures";
import { OWNER_COLUMNS, teamFingerprint } from "./testing/team-fingerprint";

/**
 * Team isolation over every tRPC procedure: alice (admin of team A, so a refusal is never about
 * her role) calls each procedure of the real router with ids of real team-B objects. Id-taking
 * procedures must answer NOT_FOUND, list-like ones must succeed without a trace of team B, and no
 * team-B row may change (fingerprinted before and after, tables discovered from the database).
 */

const db = getDb();

let alice: TestUser;
let bob: TestUser;
/** A reviewer of team B, so that a version of team B can be approved (four-eyes). */
let carol: TestUser;
let teamA: { id: string };
let teamB: { id: string };
let b: TeamObjects;

/** One team's objects of every kind, created through the real procedures and services. */
interface TeamObjects {
  teamId: string;
  modelId: string;
  modelName: string;
  versionId: string;
  challengerVersionId: string;
  datasetId: string;
  datasetVersionId: string;
  predictionsId: string;
  benchmarkId: string;
  queuedRunId: string;
  finishedRunId: string;
  scheduleId: string;
  apiKeyId: string;
  shadowId: string;
  reviewId: string;
  reportId: string;
  eventId: string;
  webhookId: string;
  /** Team B only: one of bob's notifications (a decision on his review). */
  notificationId?: string;
  /** Team B only: a version approved by a second reviewer, that a promote would move to production. */
  approvedVersionId?: string;
}

async function createTeamObjects(user: TestUser, team: { id: string }, tag: string): Promise<TeamObjects> {
  const api = await callerFor(user);
  const model = await api.model.create({ teamId: team.id, name: `iso-model-${tag}`, task: "binary_classification" });
  const version = await api.modelVersion.create({
    modelId: model.id,
    version: "1.0.0",
    endpoint: { protocol: "offline" },
  });
  const challenger = await api.modelVersion.create({
    modelId: model.id,
    version: "2.0.0",
    endpoint: { protocol: "offline" },
  });
  const storage = directoryStorage(testEnv.storageDir);
  const { datasetVersion } = await createDatasetVersion({
    db,
    storage,
    teamId: team.id,
    datasetName: `iso-dataset-${tag}`,
    body: chunksOf(DATASET_CSV),
    format: "csv",
    idColumn: "id",
    labelColumn: "label",
    timestampColumn: "ts",
    userId: user.id,
  });
  const predictions = await savePredictions({
    db,
    storage,
    teamId: team.id,
    modelVersionId: version.id,
    datasetVersionId: datasetVersion.id,
    body: chunksOf(PREDICTIONS_CSV),
    format: "csv",
    userId: user.id,
  });
  const benchmark = await api.benchmark.create({
    name: `iso-bench-${tag}`,
    datasetVersionId: datasetVersion.id,
    split: { kind: "random", testFraction: 0.5 },
    seed: 7,
    metrics: ["roc_auc", "accuracy"],
    threshold: 0.5,
  });
  const finished = await api.run.create({ benchmarkId: benchmark.id, modelVersionId: version.id });
  // Finished as the worker would (no worker runs here): rerun and the leaderboard need a succeeded run.
  await db.$transaction([
    db.evaluationRun.update({
      where: { id: finished.id },
      data: { status: "succeeded", progress: 1, finishedAt: new Date() },
    }),
    db.metricValue.createMany({
      data: [
        { runId: finished.id, modelVersionId: version.id, metric: "roc_auc", value: 0.8, lower: 0.7, upper: 0.9, n: 3 },
        { runId: finished.id, modelVersionId: version.id, metric: "accuracy", value: 0.7, n: 3 },
      ],
    }),
  ]);
  const queued = await api.run.create({ benchmarkId: benchmark.id, modelVersionId: version.id });
  const schedule = await api.schedule.create({
    benchmarkId: benchmark.id,
    modelVersionId: version.id,
    everySeconds: 3600,
  });
  const apiKey = await api.apiKey.create({ teamId: team.id, name: `iso-key-${tag}`, scopes: ["read"] });
  // Before the review request, so that the team's review events make webhook deliveries.
  const webhook = await api.webhook.create({
    teamId: team.id,
    url: `https://hooks.example.com/iso-${tag}`,
    events: ["review.requested", "review.decided", "version.promoted", "readiness.changed"],
  });
  const eventId = `iso-event-${tag}`;
  await ingestPredictionEvents({
    db,
    teamId: team.id,
    events: [version.id, challenger.id].map((modelVersionId) => ({
      eventId,
      modelVersionId,
      timestamp: new Date(),
      features: { x: 0.5 },
      prediction: 0.5,
    })),
  });
  await ingestLabels({ db, teamId: team.id, labels: [{ eventId, label: 1 }] });
  const shadow = await api.shadow.create({ championVersionId: version.id, challengerVersionIds: [challenger.id] });
  const review = await api.review.request({ modelVersionId: version.id, note: "isolation" });
  const { readiness } = await api.review.byId({ reviewId: review.id });
  return {
    teamId: team.id,
    modelId: model.id,
    modelName: model.name,
    versionId: version.id,
    challengerVersionId: challenger.id,
    datasetId: datasetVersion.datasetId,
    datasetVersionId: datasetVersion.id,
    predictionsId: predictions.predictions.id,
    benchmarkId: benchmark.id,
    queuedRunId: queued.id,
    finishedRunId: finished.id,
    scheduleId: schedule.id,
    apiKeyId: apiKey.id,
    shadowId: shadow.id,
    reviewId: review.id,
    reportId: readiness.reportId,
    eventId,
    webhookId: webhook.webhook.id,
  };
}

/** A version of team B approved by carol (so promote and stage changes have something to act on). */
async function approvedVersion(modelId: string): Promise<string> {
  const asBob = await callerFor(bob);
  const version = await asBob.modelVersion.create({ modelId, version: "3.0.0", endpoint: { protocol: "offline" } });
  const review = await asBob.review.request({ modelVersionId: version.id, note: "approve me" });
  const { readiness } = await asBob.review.byId({ reviewId: review.id });
  await (await callerFor(carol)).review.decide({
    reviewId: review.id,
    decision: "approve",
    comment: "fine",
    reportId: readiness.reportId,
    overrideReason: "isolation fixture",
  });
  return version.id;
}

/**
 * For every procedure path of appRouter: an input that points at team-B objects (or, for a
 * procedure without an object id, one that would list things). Keys must equal the router's.
 */
const ISOLATION_INPUTS: Record<string, (b: TeamObjects) => unknown> = {
  "team.list": () => undefined,
  "model.portfolio": () => ({ sort: "metric" }),
  "team.members": (b) => ({ teamId: b.teamId }),
  "team.setRole": (b) => ({ teamId: b.teamId, userId: bob.id, role: "member" }),
  "model.byId": (b) => ({ modelId: b.modelId }),
  "model.create": (b) => ({ teamId: b.teamId, name: "intruder", task: "binary_classification" }),
  "modelVersion.byId": (b) => ({ modelVersionId: b.versionId }),
  "modelVersion.compare": (b) => ({ versionIdA: b.versionId, versionIdB: b.challengerVersionId }),
  "modelVersion.create": (b) => ({ modelId: b.modelId, version: "9.9.9", endpoint: { protocol: "offline" } }),
  "modelVersion.testConnection": (b) => ({ modelVersionId: b.versionId, datasetVersionId: b.datasetVersionId }),
  "dataset.list": () => undefined,
  "dataset.byId": (b) => ({ datasetId: b.datasetId }),
  // teamId is an optional filter here; another team's id filters everything out (see LIST_LIKE).
  "benchmark.list": (b) => ({ teamId: b.teamId }),
  "benchmark.get": (b) => ({ benchmarkId: b.benchmarkId }),
  "benchmark.create": (b) => ({
    name: "intruder",
    datasetVersionId: b.datasetVersionId,
    split: { kind: "random", testFraction: 0.5 },
    metrics: ["roc_auc"],
    threshold: 0.5,
  }),
  "benchmark.revise": (b) => ({ benchmarkId: b.benchmarkId, description: "changed by another team" }),
  "run.byId": (b) => ({ runId: b.finishedRunId }),
  "run.compare": (b) => ({ runIdA: b.finishedRunId, runIdB: b.queuedRunId }),
  "run.listComparable": (b) => ({ runId: b.finishedRunId }),
  "run.listByVersion": (b) => ({ modelVersionId: b.versionId }),
  "run.create": (b) => ({ benchmarkId: b.benchmarkId, modelVersionId: b.versionId }),
  "run.cancel": (b) => ({ runId: b.queuedRunId }),
  "run.rerun": (b) => ({ runId: b.finishedRunId }),
  "apiKey.list": () => undefined,
  "apiKey.create": (b) => ({ teamId: b.teamId, name: "intruder", scopes: ["ingest", "evaluate", "read"] }),
  "apiKey.revoke": (b) => ({ apiKeyId: b.apiKeyId }),
  "audit.list": (b) => ({ teamId: b.teamId }),
  "audit.verify": (b) => ({ teamId: b.teamId }),
  "schedule.list": (b) => ({ teamId: b.teamId, benchmarkId: b.benchmarkId }),
  "schedule.targets": (b) => ({ benchmarkId: b.benchmarkId }),
  "schedule.create": (b) => ({ benchmarkId: b.benchmarkId, modelVersionId: b.versionId, everySeconds: 600 }),
  "schedule.pause": (b) => ({ scheduleId: b.scheduleId }),
  "schedule.resume": (b) => ({ scheduleId: b.scheduleId }),
  "schedule.remove": (b) => ({ scheduleId: b.scheduleId }),
  "trends.byModel": (b) => ({ modelId: b.modelId }),
  "leaderboard.byBenchmark": (b) => ({ benchmarkId: b.benchmarkId }),
  "leaderboard.holdout": (b) => ({ benchmarkId: b.benchmarkId }),
  "shadow.listByModel": (b) => ({ modelId: b.modelId }),
  "shadow.get": (b) => ({ id: b.shadowId }),
  "shadow.create": (b) => ({ championVersionId: b.versionId, challengerVersionIds: [b.challengerVersionId] }),
  "shadow.stop": (b) => ({ id: b.shadowId }),
  "policy.forTeam": (b) => ({ teamId: b.teamId, task: "binary_classification" }),
  "policy.forModel": (b) => ({ modelId: b.modelId }),
  "policy.save": (b) => ({
    teamId: b.teamId,
    modelId: b.modelId,
    policy: defaultPolicy("binary_classification"),
    note: "intruder",
  }),
  "readiness.byVersion": (b) => ({ modelVersionId: b.versionId }),
  "review.list": () => ({ status: "all" }),
  "review.byId": (b) => ({ reviewId: b.reviewId }),
  "review.byVersion": (b) => ({ modelVersionId: b.versionId }),
  // A version with no open review: its owner could request one.
  "review.request": (b) => ({ modelVersionId: b.challengerVersionId, note: "intruder" }),
  "review.withdraw": (b) => ({ reviewId: b.reviewId }),
  "review.decide": (b) => ({
    reviewId: b.reviewId,
    decision: "approve",
    comment: "intruder",
    reportId: b.reportId,
    overrideReason: "intruder",
  }),
  "review.promote": (b) => ({ modelVersionId: b.approvedVersionId, overrideReason: "intruder" }),
  "notification.list": () => undefined,
  "notification.markRead": (b) => ({ ids: [b.notificationId] }),
  "demo.loadStatus": () => undefined,
  "webhook.list": () => undefined,
  "webhook.create": (b) => ({
    teamId: b.teamId,
    url: "https://hooks.example.com/intruder",
    events: ["review.decided"],
  }),
  "webhook.delete": (b) => ({ webhookId: b.webhookId }),
  "webhook.deliveries": (b) => ({ webhookId: b.webhookId }),
  "webhook.sendTest": (b) => ({ webhookId: b.webhookId }),
};

/**
 * Procedures that answer a list filtered to the caller's teams: they must succeed and show nothing
 * of team B. Every other procedure must answer NOT_FOUND. run.listByVersion and shadow.listByModel
 * take a team-B id but filter by the caller's teams (an empty list confirms nothing);
 * benchmark.list takes teamId as an optional filter that another team's id empties.
 */
const LIST_LIKE = new Set([
  "team.list",
  "model.portfolio",
  "dataset.list",
  "benchmark.list",
  "run.listByVersion",
  "apiKey.list",
  "shadow.listByModel",
  "review.list",
  "notification.list",
  "webhook.list",
  "demo.loadStatus",
]);

type Caller = Awaited<ReturnType<typeof callerFor>>;

/** Calls `path` ("router.procedure") on a caller. */
function call(caller: Caller, path: string, input: unknown): Promise<unknown> {
  const [router, procedure] = path.split(".") as [string, string];
  const fn = (caller as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[router]?.[
    procedure
  ];
  if (!fn) throw new Error(`no procedure ${path} on the caller`);
  return fn(input);
}

/** Every id of a team-B row (any uuid/text `id` column of the covered tables) plus bob's user id. */
async function teamIds(teamId: string): Promise<string[]> {
  const ids = new Set<string>([teamId, bob.id, carol.id]);
  for (const [table, sql] of Object.entries({
    model: `SELECT id::text FROM model WHERE "teamId" = $1::uuid`,
    model_version: `SELECT id::text FROM model_version WHERE "modelId" IN ${OWNER_COLUMNS.modelId}`,
    dataset: `SELECT id::text FROM dataset WHERE "teamId" = $1::uuid`,
    dataset_version: `SELECT id::text FROM dataset_version WHERE "datasetId" IN ${OWNER_COLUMNS.datasetId}`,
    predictions: `SELECT id::text FROM predictions WHERE "modelVersionId" IN ${OWNER_COLUMNS.modelVersionId}`,
    benchmark: `SELECT id::text FROM benchmark WHERE "teamId" = $1::uuid`,
    evaluation_run: `SELECT id::text FROM evaluation_run WHERE "teamId" = $1::uuid`,
    schedule: `SELECT id::text FROM schedule WHERE "teamId" = $1::uuid`,
    api_key: `SELECT id::text FROM api_key WHERE "teamId" = $1::uuid`,
    audit_event: `SELECT id::text FROM audit_event WHERE "teamId" = $1::uuid`,
    shadow_evaluation: `SELECT id::text FROM shadow_evaluation WHERE "teamId" = $1::uuid`,
    readiness_report: `SELECT id::text FROM readiness_report WHERE "teamId" = $1::uuid`,
    review: `SELECT id::text FROM review WHERE "teamId" = $1::uuid`,
    stage_change: `SELECT id::text FROM stage_change WHERE "teamId" = $1::uuid`,
    notification: `SELECT id::text FROM notification WHERE "teamId" = $1::uuid`,
    webhook: `SELECT id::text FROM webhook WHERE "teamId" = $1::uuid`,
    webhook_delivery: `SELECT id::text FROM webhook_delivery WHERE "teamId" = $1::uuid`,
  })) {
    const rows = await db.$queryRawUnsafe<{ id: string }[]>(sql, teamId);
    const required = ["model", "model_version", "benchmark", "evaluation_run", "review", "notification", "webhook"];
    if (rows.length === 0 && required.includes(table)) {
      throw new Error(`team B has no ${table} rows: the setup is incomplete`);
    }
    for (const r of rows) ids.add(r.id);
  }
  return [...ids];
}

beforeAll(async () => {
  migrateTestDatabase(testEnv.databaseUrl);
  alice = await createUser("alice");
  bob = await createUser("bob");
  teamA = await createTeam("Alpha", [{ user: alice, role: "admin" }]);
  carol = await createUser("carol");
  teamB = await createTeam("Bravo", [
    { user: bob, role: "admin" },
    { user: carol, role: "reviewer" },
  ]);
  // Alice has objects of every kind too, so a list that answered [] for her would not pass by accident.
  await createTeamObjects(alice, teamA, "a");
  b = await createTeamObjects(bob, teamB, "b");
  b.approvedVersionId = await approvedVersion(b.modelId);
  // Bob asked for that review, carol decided it: bob's inbox has the decision.
  b.notificationId = (await db.notification.findFirstOrThrow({ where: { teamId: teamB.id, userId: bob.id } })).id;
  // A demo load into team B (no worker takes it here): demo.loadStatus shows it to team B only.
  await enqueue("demoLoad", {
    story: "flights",
    scale: "full",
    version: DEMO_LOAD_VERSION,
    teamId: teamB.id,
    replayFrom: new Date().toISOString(),
  });
}, 180_000);

afterAll(async () => {
  await cleanUpCreated([teamA, teamB], [alice, bob, carol]);
  for (const key of Object.keys(queues) as QueueKey[]) await getQueue(key).obliterate({ force: true });
  await closeQueues();
  await db.$disconnect();
  await rm(testEnv.storageDir, { recursive: true, force: true });
});

describe("team isolation over every tRPC procedure", () => {
  it("has an isolation input for exactly the router's procedures", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(procedures.length).toBeGreaterThan(10);
    const inputs = Object.keys(ISOLATION_INPUTS).sort();
    const missing = procedures.filter((p) => !inputs.includes(p));
    const stale = inputs.filter((p) => !procedures.includes(p));
    expect(missing, `procedures without an entry in ISOLATION_INPUTS: ${missing.join(", ")}`).toEqual([]);
    expect(stale, `ISOLATION_INPUTS entries that are no procedure: ${stale.join(", ")}`).toEqual([]);
    const staleLists = [...LIST_LIKE].filter((p) => !procedures.includes(p));
    expect(staleLists, `LIST_LIKE entries that are no procedure: ${staleLists.join(", ")}`).toEqual([]);
  });

  it("fingerprints every table that holds team rows", async () => {
    const { fingerprint, uncovered } = await teamFingerprint(db, teamB.id);
    expect(uncovered, `tables neither tied to a team nor listed as team-less: ${uncovered.join(", ")}`).toEqual([]);
    // The setup reached the tables the loop below could touch.
    for (const table of [
      "team",
      "membership",
      "model",
      "model_version",
      "dataset",
      "dataset_version",
      "predictions",
      "benchmark",
      "evaluation_run",
      "metric_value",
      "schedule",
      "api_key",
      "audit_event",
      "prediction_event",
      "label_event",
      "shadow_evaluation",
      "shadow_evaluation_version",
      "readiness_report",
      "review",
      "stage_change",
      "notification",
      "webhook",
      "webhook_delivery",
    ]) {
      expect(fingerprint[table], `no team-B rows in ${table}`).toMatch(/^[1-9]/);
    }
  });

  it("answers NOT_FOUND (or a list without team B) for team-B ids, and changes no team-B row", async () => {
    const asAlice = await callerFor(alice);
    const before = await teamFingerprint(db, teamB.id);
    const bIds = await teamIds(teamB.id);
    const problems: string[] = [];
    for (const path of Object.keys(appRouter._def.procedures).sort()) {
      const inputOf = ISOLATION_INPUTS[path];
      if (!inputOf) {
        problems.push(`${path}: no isolation input`);
        continue;
      }
      const input = inputOf(b);
      let result: unknown;
      let error: unknown = null;
      try {
        result = await call(asAlice, path, input);
      } catch (err) {
        error = err;
      }
      const shown = JSON.stringify(input);
      if (LIST_LIKE.has(path)) {
        if (error) {
          problems.push(`${path}(${shown}): a list must succeed, it failed with ${describeError(error)}`);
          continue;
        }
        const text = JSON.stringify(result) ?? "";
        const leaked = bIds.filter((id) => text.includes(id));
        if (leaked.length > 0)
          problems.push(`${path}(${shown}): LEAK — the result holds team-B ids ${leaked.join(", ")}`);
        continue;
      }
      if (!error) {
        problems.push(`${path}(${shown}): LEAK — succeeded for team-B ids, answering ${clip(JSON.stringify(result))}`);
      } else if (!(error instanceof TRPCError) || error.code !== "NOT_FOUND") {
        problems.push(`${path}(${shown}): expected NOT_FOUND, got ${describeError(error)}`);
      } else if (bIds.some((id) => error.message.includes(id))) {
        problems.push(`${path}(${shown}): the NOT_FOUND message names a team-B id: ${error.message}`);
      }
    }
    const after = await teamFingerprint(db, teamB.id);
    const changed = Object.keys(before.fingerprint).filter((t) => before.fingerprint[t] !== after.fingerprint[t]);
    expect(problems, problems.join("\n")).toEqual([]);
    expect(changed, `team-B rows changed in: ${changed.join(", ")}`).toEqual([]);
    expect(after.fingerprint).toEqual(before.fingerprint);
  });

  it("control: the same inputs reach team B's objects for team B's admin", async () => {
    const problems = await ownerControl();
    expect(problems, problems.join("\n")).toEqual([]);
  });
});

/**
 * The control: the same inputs reach team B's objects for bob, team B's admin. No procedure may
 * answer him NOT_FOUND (so alice's NOT_FOUND comes from team scoping, not from a bad input), and
 * every list shows him something of team B. Runs after the isolation loop (it changes team B);
 * removals (`remove`, `delete`) go last so that nothing else looks for a removed object.
 */
async function ownerControl(): Promise<string[]> {
  const asBob = await callerFor(bob);
  const bIds = await teamIds(teamB.id);
  const paths = Object.keys(appRouter._def.procedures).sort(
    (x, y) => Number(isRemoval(x)) - Number(isRemoval(y)) || x.localeCompare(y),
  );
  const problems: string[] = [];
  for (const path of paths) {
    const inputOf = ISOLATION_INPUTS[path];
    if (!inputOf) continue;
    try {
      const result = await call(asBob, path, inputOf(b));
      const text = JSON.stringify(result) ?? "";
      if (LIST_LIKE.has(path) && !bIds.some((id) => text.includes(id))) {
        problems.push(`${path}: the list shows team B's own admin nothing of team B, so its emptiness proves nothing`);
      }
    } catch (err) {
      if (err instanceof TRPCError && err.code === "NOT_FOUND") {
        problems.push(`${path}: NOT_FOUND for team B's own admin too: the input does not reach team B's objects`);
      }
    }
  }
  return problems;
}

const isRemoval = (path: string) => path.endsWith(".remove") || path.endsWith(".delete");

const clip = (text = "") => (text.length > 300 ? `${text.slice(0, 300)}…` : text);

function describeError(err: unknown): string {
  if (err instanceof TRPCError) return `${err.code} (${err.message})`;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
