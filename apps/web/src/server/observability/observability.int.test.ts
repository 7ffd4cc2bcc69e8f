import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("../api/testing/int-env");
  return applyIntegrationEnv();
});

import { rm } from "node:fs/promises";
import { getDb } from "@fieldtest/db";
import { closeQueues, createRedis } from "@fieldtest/jobs";
import { GET as health } from "../../app/api/health/route";
import { GET as metrics } from "../../app/api/metrics/route";
import { POST as uploadDataset } from "../../app/api/uploads/datasets/route";
import {
  callerFor,
  cleanUp,
  createTeam,
  createUser,
  migrateTestDatabase,
  type TestUser,
} from "../api/testing/fixtures";
import { checkHealth } from "./health";

const db = getDb();
const TOKEN = "web-int-metrics-token-0123456789";
let alice: TestUser;
let team: { id: string };

beforeAll(async () => {
  migrateTestDatabase(testEnv.databaseUrl);
  alice = await createUser("alice");
  team = await createTeam("Observed", [{ user: alice }]);
}, 120_000);

afterAll(async () => {
  await cleanUp([team?.id].filter(Boolean) as string[], [alice?.id].filter(Boolean) as string[]);
  await closeQueues();
  await db.$disconnect();
  await rm(testEnv.storageDir, { recursive: true, force: true });
});

const scrape = (headers: Record<string, string>) => metrics(new Request("http://localhost/api/metrics", { headers }));

describe("GET /api/health", () => {
  it("is 200 with Postgres and Redis answering, and says nothing about them beyond that", async () => {
    const response = await health(new Request("http://localhost/api/health"));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body).toMatchObject({
      status: "ok",
      live: true,
      ready: true,
      version: "web-it",
      checks: { postgres: { ok: true }, redis: { ok: true } },
    });
    const text = JSON.stringify(body);
    for (const secret of ["postgres://", "postgresql://", "redis://", "127.0.0.1", "fieldtest_web_it", "PostgreSQL "]) {
      expect(text).not.toContain(secret);
    }
  });

  it("answers a liveness probe without the dependencies", async () => {
    const response = await health(new Request("http://localhost/api/health?probe=live"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", live: true, version: "web-it" });
  });

  it("is not ready, naming Redis, when Redis cannot be reached or does not answer in time", async () => {
    const badRedis = createRedis("producer", "redis://127.0.0.1:1");
    badRedis.on("error", () => {});
    try {
      const report = await checkHealth({
        version: "web-it",
        timeoutMs: 300,
        checks: [
          { name: "postgres", check: () => db.$queryRaw`select 1` },
          { name: "redis", check: () => badRedis.ping() },
          { name: "slow", check: () => new Promise((resolve) => setTimeout(resolve, 5_000)) },
        ],
      });
      expect(report).toMatchObject({
        status: "unavailable",
        live: true,
        ready: false,
        checks: {
          postgres: { ok: true },
          redis: { ok: false, error: "unavailable" },
          slow: { ok: false, error: "timeout" },
        },
      });
      expect(report.checks.slow?.ms).toBeLessThan(2_000);
      expect(JSON.stringify(report)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|enableOfflineQueue/);
    } finally {
      badRedis.disconnect();
    }
  });
});

describe("GET /api/metrics", () => {
  it("serves loopback callers only when no token is set", async () => {
    expect((await scrape({})).status).toBe(403);
    expect((await scrape({ "x-forwarded-for": "203.0.113.7" })).status).toBe(403);
    const response = await scrape({ "x-forwarded-for": "127.0.0.1" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const name of ["process_cpu_seconds_total", "process_resident_memory_bytes", "nodejs_eventloop_lag_seconds"]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it("counts tRPC calls by procedure and outcome, and upload outcomes, without changing their results", async () => {
    const teams = await (await callerFor(alice)).team.list();
    expect(teams.map((t) => t.id)).toContain(team.id);
    await expect((await callerFor(null)).team.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const refused = await uploadDataset(
      new Request(`http://localhost/api/uploads/datasets?teamId=${team.id}`, {
        method: "POST",
        body: "id,label\n1,0\n",
        headers: { "content-type": "text/csv" },
      }),
    );
    expect(refused.status).toBe(401);

    const text = await (await scrape({ "x-forwarded-for": "::1" })).text();
    expect(text).toMatch(
      /fieldtest_web_trpc_duration_seconds_count\{procedure="team.list",type="query",outcome="ok"\} [1-9]/,
    );
    expect(text).toMatch(
      /fieldtest_web_trpc_duration_seconds_count\{procedure="team.list",type="query",outcome="UNAUTHORIZED"\} [1-9]/,
    );
    expect(text).toMatch(/fieldtest_web_upload_requests_total\{route="datasets",status="401"\} [1-9]/);
    expect(text).toMatch(/fieldtest_web_upload_duration_seconds_count\{route="datasets"\} [1-9]/);
  });

  it("asks every caller for the token once FIELDTEST_METRICS_TOKEN is set", async () => {
    process.env.FIELDTEST_METRICS_TOKEN = TOKEN;
    vi.resetModules();
    try {
      const { GET: guarded } = await import("../../app/api/metrics/route");
      const get = (headers: Record<string, string>) =>
        guarded(new Request("http://localhost/api/metrics", { headers }));
      const loopback = await get({ "x-forwarded-for": "127.0.0.1" });
      expect(loopback.status).toBe(401);
      expect(loopback.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect((await get({ "x-forwarded-for": "203.0.113.7", authorization: "Bearer nope" })).status).toBe(401);
      const allowed = await get({ "x-forwarded-for": "203.0.113.7", authorization: `Bearer ${TOKEN}` });
      expect(allowed.status).toBe(200);
      // The same registry as before the reload: what was counted is still there.
      expect(await allowed.text()).toContain('procedure="team.list"');
    } finally {
      delete process.env.FIELDTEST_METRICS_TOKEN;
    }
  });
});
