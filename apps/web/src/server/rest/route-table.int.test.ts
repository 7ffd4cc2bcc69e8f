import { readdirSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("../api/testing/int-env");
  return applyIntegrationEnv();
});

import {
  type ApiKeyScope,
  chunksOf,
  createDatasetVersion,
  directoryStorage,
  getDb,
  ingestLabels,
  ingestPredictionEvents,
  mintApiKey,
  savePredictions,
} from "@fieldtest/db";
import { closeQueues, getQueue, type QueueKey, queues } from "@fieldtest/jobs";
import {
  callerFor,
  cleanUpCreated,
  createTeam,
  createUser,
  DATASET_CSV,
  migrateTestDatabase,
  PREDICTIONS_CSV,
  type TestUser,
} from "../api/testing/fixtures";
import { teamFingerprint } from "../api/testing/team-fingerprint";

/**
 * The REST route table, walked from the filesystem (every route.ts under app/api/v1): each
 * exported method answers 401 without a key, 403 to a key without its scope, and to a team-A key
 * holding every scope, with ids of real team-B objects, answers as ROUTE_CASES says (404 unless
 * the route names no object) without changing any team-B row.
 */

const db = getDb();
const ROOT = path.resolve(__dirname, "../../app/api/v1");
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const ALL_SCOPES: ApiKeyScope[] = ["ingest", "evaluate", "read"];

/** Routes that answer without a key, and why. Any other route must answer 401 without one. */
const PUBLIC_ROUTES: Record<string, string> = {
  "GET /api/v1/openapi.json": "the OpenAPI document describes the API and serves no data",
};

/** Routes that accept a key of any scope (none yet): the scope check below expects no 403 from them. */
const ANY_SCOPE_ROUTES = new Set<string>();

let alice: TestUser;
let bob: TestUser;
let teamA: { id: string };
let teamB: { id: string };
let b: TeamBObjects;
let keyA: string;
/** Team B, every scope: the control that the team-B inputs reach team B's objects. */
let keyB: string;
const singleScopeKeys = new Map<ApiKeyScope, string>();

interface TeamBObjects {
  modelId: string;
  modelName: string;
  versionId: string;
  versionLabel: string;
  challengerVersionId: string;
  datasetId: string;
  datasetName: string;
  datasetVersionId: string;
  benchmarkId: string;
  benchmarkName: string;
  runId: string;
  shadowId: string;
  eventId: string;
}

interface RouteCase {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** A raw (non-JSON) body and its content type. */
  raw?: { text: string; contentType: string };
  /** The status a team-A key with every scope gets for these team-B inputs. */
  status: number;
  /** Why the status is not 404 (the route names no team-B object, or answers per item). */
  why?: string;
  /** More to check on the answer. */
  check?: (body: unknown) => void;
  /** Why team B's own key may get the same answer (the control then skips the comparison). */
  sameForOwner?: string;
}

const NOT_A_TEAM_B_OBJECT = "the route names no object by id: the name resolves in the key's team only";

/** For every "METHOD /api/v1/<dir>" of the route table except PUBLIC_ROUTES: team-B inputs and the answer. */
const ROUTE_CASES: Record<string, (b: TeamBObjects) => RouteCase> = {
  "POST /api/v1/benchmarks": (b) => ({
    body: { name: "intruder", datasetVersionId: b.datasetVersionId, split: { kind: "random", testFraction: 0.5 } },
    status: 404,
  }),
  "GET /api/v1/benchmarks": (b) => ({ query: { name: b.benchmarkName }, status: 404 }),
  "POST /api/v1/datasets": (b) => ({
    query: { name: b.datasetName, labelColumn: "label", idColumn: "id", timestampColumn: "ts" },
    raw: { text: DATASET_CSV, contentType: "text/csv" },
    // Team B holds the same name and content: a 200 would hand back team B's version.
    status: 201,
    why: NOT_A_TEAM_B_OBJECT,
    check: (body) => expect((body as { datasetId: string }).datasetId).not.toBe(b.datasetId),
  }),
  "GET /api/v1/evaluations": (b) => ({
    query: { modelVersionId: b.versionId, benchmarkId: b.benchmarkId },
    status: 200,
    why: "a list filtered to the key's team: team-B ids filter everything out (an empty list confirms nothing)",
    check: (body) => expect(body).toEqual({ evaluations: [] }),
  }),
  "POST /api/v1/evaluations": (b) => ({
    body: { kind: "benchmark", modelVersionId: b.versionId, benchmarkId: b.benchmarkId },
    status: 404,
  }),
  "GET /api/v1/evaluations/[id]": (b) => ({ params: { id: b.runId }, status: 404 }),
  "GET /api/v1/evaluations/[id]/gate": (b) => ({ params: { id: b.runId }, status: 404 }),
  "DELETE /api/v1/events/[id]": (b) => ({
    params: { id: b.eventId },
    status: 200,
    why: "erasure is idempotent within the key's team: an event id it does not hold erases nothing",
    check: (body) => expect(body).toEqual({ eventId: b.eventId, predictions: 0, labels: 0 }),
  }),
  "POST /api/v1/events": (b) => ({
    body: [
      {
        eventId: b.eventId,
        modelVersionId: b.versionId,
        timestamp: new Date().toISOString(),
        features: { x: 0.5 },
        prediction: 0.5,
      },
    ],
    status: 207,
    why: "a batch answers per item: the team-B version is rejected as not found",
    check: (body) =>
      expect(body).toEqual({
        results: [{ eventId: b.eventId, status: "rejected", reason: "modelVersionId: model version not found" }],
      }),
  }),
  "POST /api/v1/labels": (b) => ({
    body: [{ eventId: b.eventId, label: 1 }],
    status: 200,
    why: "labels are keyed by (key's team, eventId): team B's event id names no object of team A, so the label is team A's own",
    check: (body) => expect(body).toEqual({ results: [{ eventId: b.eventId, status: "accepted" }] }),
    sameForOwner:
      "a label is accepted alike whether its event exists; team B's label rows are the fingerprint's to check",
  }),
  "GET /api/v1/model-versions": (b) => ({ query: { model: b.modelName, version: b.versionLabel }, status: 404 }),
  "GET /api/v1/model-versions/[id]/readiness": (b) => ({ params: { id: b.versionId }, status: 404 }),
  "POST /api/v1/models": (b) => ({
    body: { name: b.modelName, task: "binary_classification" },
    // Team B holds this name: a 409 would confirm it.
    status: 201,
    why: NOT_A_TEAM_B_OBJECT,
  }),
  "POST /api/v1/models/[id]/versions": (b) => ({
    params: { id: b.modelId },
    body: { version: "9.9.9", endpoint: { protocol: "offline" } },
    status: 404,
  }),
  "POST /api/v1/shadow-evaluations": (b) => ({
    body: { championVersionId: b.versionId, challengerVersionIds: [b.challengerVersionId] },
    status: 404,
  }),
  "GET /api/v1/shadow-evaluations/[id]": (b) => ({ params: { id: b.shadowId }, status: 404 }),
  "GET /api/v1/shadow-evaluations/[id]/rows": (b) => ({ params: { id: b.shadowId }, status: 404 }),
  "POST /api/v1/shadow-evaluations/[id]/stop": (b) => ({ params: { id: b.shadowId }, status: 404 }),
};

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

/** Every exported HTTP method of every route.ts under app/api/v1, as "METHOD /api/v1/<dir>". */
async function routeTable(): Promise<Map<string, { dir: string; handler: Handler }>> {
  const dirs: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === "route.ts") dirs.push(path.relative(ROOT, dir).split(path.sep).join("/"));
    }
  };
  walk(ROOT);
  const table = new Map<string, { dir: string; handler: Handler }>();
  for (const dir of dirs.sort()) {
    const mod = (await import(path.join(ROOT, dir, "route.ts"))) as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      const handler = mod[method];
      if (typeof handler === "function") table.set(`${method} /api/v1/${dir}`, { dir, handler: handler as Handler });
    }
  }
  return table;
}

/** Calls a route handler as Next.js does: the request, and its dynamic segments as a promise. */
async function invoke(route: string, handler: Handler, key: string | null, rc: RouteCase): Promise<Response> {
  const [method, pattern] = route.split(" ") as [string, string];
  const params = rc.params ?? {};
  let pathname = pattern;
  for (const [name, value] of Object.entries(params))
    pathname = pathname.replace(`[${name}]`, encodeURIComponent(value));
  if (pathname.includes("[")) throw new Error(`${route}: its case gives no value for ${pathname}`);
  const url = new URL(`http://localhost${pathname}`);
  for (const [k, v] of Object.entries(rc.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  let body: string | undefined;
  if (rc.raw) {
    headers["content-type"] = rc.raw.contentType;
    body = rc.raw.text;
  } else if (rc.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(rc.body);
  }
  const request = new Request(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  return handler(request, { params: Promise.resolve(params) });
}

/** Team B's objects, created through the real procedures and services (bob is its admin). */
async function createTeamB(): Promise<TeamBObjects> {
  const api = await callerFor(bob);
  const model = await api.model.create({ teamId: teamB.id, name: "rest-iso-model", task: "binary_classification" });
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
    teamId: teamB.id,
    datasetName: "rest-iso-dataset",
    body: chunksOf(DATASET_CSV),
    format: "csv",
    idColumn: "id",
    labelColumn: "label",
    timestampColumn: "ts",
    userId: bob.id,
  });
  await savePredictions({
    db,
    storage,
    teamId: teamB.id,
    modelVersionId: version.id,
    datasetVersionId: datasetVersion.id,
    body: chunksOf(PREDICTIONS_CSV),
    format: "csv",
    userId: bob.id,
  });
  const benchmark = await api.benchmark.create({
    name: "rest-iso-bench",
    datasetVersionId: datasetVersion.id,
    split: { kind: "random", testFraction: 0.5 },
    seed: 7,
    metrics: ["roc_auc", "accuracy"],
    threshold: 0.5,
  });
  const run = await api.run.create({ benchmarkId: benchmark.id, modelVersionId: version.id });
  // Finished as the worker would (no worker runs here), so the gate has metrics to judge.
  await db.$transaction([
    db.evaluationRun.update({
      where: { id: run.id },
      data: { status: "succeeded", progress: 1, finishedAt: new Date() },
    }),
    db.metricValue.createMany({
      data: [
        { runId: run.id, modelVersionId: version.id, metric: "roc_auc", value: 0.8, lower: 0.7, upper: 0.9, n: 3 },
      ],
    }),
  ]);
  const eventId = "rest-iso-event";
  await ingestPredictionEvents({
    db,
    teamId: teamB.id,
    events: [version.id, challenger.id].map((modelVersionId) => ({
      eventId,
      modelVersionId,
      timestamp: new Date(),
      features: { x: 0.5 },
      prediction: 0.5,
    })),
  });
  await ingestLabels({ db, teamId: teamB.id, labels: [{ eventId, label: 1 }] });
  const shadow = await api.shadow.create({ championVersionId: version.id, challengerVersionIds: [challenger.id] });
  return {
    modelId: model.id,
    modelName: model.name,
    versionId: version.id,
    versionLabel: version.version,
    challengerVersionId: challenger.id,
    datasetId: datasetVersion.datasetId,
    datasetName: "rest-iso-dataset",
    datasetVersionId: datasetVersion.id,
    benchmarkId: benchmark.id,
    benchmarkName: benchmark.name,
    runId: run.id,
    shadowId: shadow.id,
    eventId,
  };
}

let table: Map<string, { dir: string; handler: Handler }>;

beforeAll(async () => {
  migrateTestDatabase(testEnv.databaseUrl);
  alice = await createUser("alice");
  bob = await createUser("bob");
  teamA = await createTeam("Alpha", [{ user: alice, role: "admin" }]);
  teamB = await createTeam("Bravo", [{ user: bob, role: "admin" }]);
  keyA = (await mintApiKey({ db, teamId: teamA.id, name: "all", scopes: ALL_SCOPES, createdById: alice.id })).key;
  for (const scope of ALL_SCOPES) {
    const { key } = await mintApiKey({ db, teamId: teamA.id, name: scope, scopes: [scope], createdById: alice.id });
    singleScopeKeys.set(scope, key);
  }
  keyB = (await mintApiKey({ db, teamId: teamB.id, name: "all", scopes: ALL_SCOPES, createdById: bob.id })).key;
  b = await createTeamB();
  table = await routeTable();
}, 180_000);

afterAll(async () => {
  await cleanUpCreated([teamA, teamB], [alice, bob]);
  for (const key of Object.keys(queues) as QueueKey[]) await getQueue(key).obliterate({ force: true });
  await closeQueues();
  await db.$disconnect();
  await rm(testEnv.storageDir, { recursive: true, force: true });
});

/** Whether an answer passes the case's check (a case without one passes any answer). */
function passes(rc: RouteCase, text: string): boolean {
  try {
    rc.check?.(JSON.parse(text));
    return true;
  } catch {
    return false;
  }
}

const textOf = async (response: Response) => response.text();

describe("the REST route table", () => {
  it("has a case (or a public reason) for exactly the routes on disk", () => {
    const routes = [...table.keys()].sort();
    expect(routes.length).toBeGreaterThan(10);
    const listed = [...Object.keys(ROUTE_CASES), ...Object.keys(PUBLIC_ROUTES)].sort();
    const missing = routes.filter((r) => !listed.includes(r));
    const stale = listed.filter((r) => !routes.includes(r));
    expect(missing, `routes without an entry in ROUTE_CASES or PUBLIC_ROUTES: ${missing.join(", ")}`).toEqual([]);
    expect(stale, `entries that are no route: ${stale.join(", ")}`).toEqual([]);
    const both = Object.keys(PUBLIC_ROUTES).filter((r) => r in ROUTE_CASES);
    expect(both, `routes both public and keyed: ${both.join(", ")}`).toEqual([]);
  });

  it("answers 401 without a key on every route but the public ones", async () => {
    const problems: string[] = [];
    for (const [route, { handler }] of table) {
      const caseOf = ROUTE_CASES[route];
      const response = await invoke(route, handler, null, caseOf ? caseOf(b) : { status: 200 });
      const text = await textOf(response);
      if (route in PUBLIC_ROUTES) {
        if (response.status !== 200) problems.push(`${route}: public, but answered ${response.status} without a key`);
        continue;
      }
      if (response.status !== 401) {
        problems.push(`${route}: answered ${response.status} without a key (want 401): ${text.slice(0, 200)}`);
      } else if (JSON.parse(text).error?.code !== "UNAUTHENTICATED") {
        problems.push(`${route}: 401 without the UNAUTHENTICATED error shape: ${text.slice(0, 200)}`);
      }
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("answers a team-A key with every scope as ROUTE_CASES says for team-B ids, changing no team-B row", async () => {
    const before = (await teamFingerprint(db, teamB.id)).fingerprint;
    const bIds = [teamB.id, bob.id, ...Object.values(b).filter((v) => /^[0-9a-f-]{36}$/.test(v))];
    const problems: string[] = [];
    for (const [route, { handler }] of table) {
      const caseOf = ROUTE_CASES[route];
      if (!caseOf) continue;
      const rc = caseOf(b);
      if (rc.status !== 404 && !rc.why) problems.push(`${route}: a status other than 404 needs a reason`);
      const response = await invoke(route, handler, keyA, rc);
      const text = await textOf(response);
      if (response.status !== rc.status) {
        problems.push(`${route}: answered ${response.status}, want ${rc.status}: ${text.slice(0, 300)}`);
        continue;
      }
      const leaked = bIds.filter((id) => text.includes(id));
      if (leaked.length > 0) problems.push(`${route}: LEAK — the answer holds team-B ids ${leaked.join(", ")}`);
      if (rc.status === 404 && JSON.parse(text).error?.code !== "NOT_FOUND") {
        problems.push(`${route}: 404 without the NOT_FOUND error shape: ${text.slice(0, 200)}`);
      }
      try {
        rc.check?.(JSON.parse(text));
      } catch (err) {
        problems.push(`${route}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const after = (await teamFingerprint(db, teamB.id)).fingerprint;
    const changed = Object.keys(before).filter((t) => before[t] !== after[t]);
    expect(problems, problems.join("\n")).toEqual([]);
    expect(changed, `team-B rows changed in: ${changed.join(", ")}`).toEqual([]);
    expect(after).toEqual(before);
  });

  it("answers 403 to a key lacking the route's scope, changing no team-B row", async () => {
    const before = (await teamFingerprint(db, teamB.id)).fingerprint;
    const problems: string[] = [];
    const accepted: Record<string, ApiKeyScope[]> = {};
    for (const [route, { handler }] of table) {
      const caseOf = ROUTE_CASES[route];
      if (!caseOf) continue;
      const refused: ApiKeyScope[] = [];
      accepted[route] = [];
      for (const scope of ALL_SCOPES) {
        const response = await invoke(route, handler, singleScopeKeys.get(scope) ?? "", caseOf(b));
        const text = await textOf(response);
        if (response.status === 403) {
          if (JSON.parse(text).error?.code !== "FORBIDDEN") problems.push(`${route}: 403 without the FORBIDDEN shape`);
          refused.push(scope);
        } else if (response.status >= 500 || response.status === 401) {
          problems.push(`${route} with a ${scope} key: answered ${response.status}: ${text.slice(0, 200)}`);
        } else {
          accepted[route].push(scope);
        }
      }
      if (ANY_SCOPE_ROUTES.has(route)) {
        if (refused.length > 0) problems.push(`${route}: listed as any-scope, but refused ${refused.join(", ")}`);
      } else if (refused.length === 0) {
        problems.push(`${route}: no scope is refused with 403 (list it in ANY_SCOPE_ROUTES if that is meant)`);
      } else if (accepted[route].length === 0) {
        problems.push(`${route}: every single-scope key is refused (no scope reaches it)`);
      }
    }
    const after = (await teamFingerprint(db, teamB.id)).fingerprint;
    expect(problems, problems.join("\n")).toEqual([]);
    expect(after).toEqual(before);
  });

  // Last: it changes team B. A 404 for team B's own key would mean the input reaches no object at
  // all, and team A's 404 above would prove nothing.
  it("control: the same inputs reach team B's objects with team B's key", async () => {
    const problems: string[] = [];
    for (const [route, { handler }] of table) {
      const caseOf = ROUTE_CASES[route];
      if (!caseOf) continue;
      const rc = caseOf(b);
      const response = await invoke(route, handler, keyB, rc);
      const text = await textOf(response);
      if (response.status === 404) problems.push(`${route}: 404 for team B's own key too: ${text.slice(0, 200)}`);
      if (response.status >= 500) problems.push(`${route}: ${response.status} for team B's key: ${text.slice(0, 200)}`);
      if (rc.status === response.status && rc.status !== 404 && !rc.sameForOwner && passes(rc, text)) {
        problems.push(`${route}: team B's key gets the answer team A's must get, so that answer shows nothing`);
      }
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });
});
